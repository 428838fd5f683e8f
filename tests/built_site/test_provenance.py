"""Every page and every notebook states the versions that built it, read from the environment.

The tests compare what the built site says with the environment running
them, which for ``nox -s tests`` is the one that built the site: a version
typed in by hand, or a site left from another build, fails here.
"""

import datetime
import importlib.metadata
import os
import platform
import runpy
import subprocess

import nbformat
import pytest
from bs4 import BeautifulSoup
from support.project import (
    LANGUAGES,
    ROOT,
    SITE,
    built_base_url,
    built_page,
    site_pages,
)
from support.reader import python_of

SOURCE_LANGUAGE = LANGUAGES[0]


def expected() -> dict[str, str]:
    """The versions and commit of this environment and checkout."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "torch": importlib.metadata.version("torch"),
        "python": platform.python_version(),
        "paramguide": importlib.metadata.version("paramguide"),
        "commit": commit.stdout.strip() if commit.returncode == 0 else "unknown",
    }


def build_dates() -> set[str]:
    """The dates a build that ran just now may state (it may cross midnight)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return {
            datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
        }
    today = datetime.datetime.now(datetime.UTC).date()
    return {today.isoformat(), (today - datetime.timedelta(days=1)).isoformat()}


def stated(page: BeautifulSoup) -> dict[str, str]:
    """The provenance a page states in its footer, by field."""
    line = page.select_one("footer .provenance")
    assert line is not None, "no provenance in the footer"
    return {
        span["class"][0].removeprefix("provenance-"): span.get_text()
        for span in line.select("[class^=provenance-]")
    }


def mismatches(statement: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Fields whose stated value differs from the environment: (stated, actual)."""
    wrong = {
        field: (statement.get(field), actual)
        for field, actual in expected().items()
        if statement.get(field) != actual
    }
    if statement.get("date") not in build_dates():
        wrong["date"] = (statement.get("date"), " or ".join(sorted(build_dates())))
    return wrong


def notebooks(language: str) -> list:
    return sorted((SITE / language / "_downloads").glob("*/*.ipynb"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_states_the_environment_that_built_it(site, language):
    assert site_pages(language)
    wrong = {}
    for page in site_pages(language):
        statement = stated(built_page(site / language / page))
        if mismatch := mismatches(statement):
            wrong[page] = mismatch
    assert wrong == {}


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_provenance_is_translated(site, language):
    def sentence(lang: str) -> str:
        line = built_page(site / lang / "index.html").select_one("footer .provenance")
        return " ".join(line.get_text().split())

    assert sentence(language) != sentence(SOURCE_LANGUAGE)


def test_a_version_typed_in_by_hand_is_caught():
    statement = {**expected(), "date": min(build_dates()), "torch": "2.12.0"}
    assert set(mismatches(statement)) == {"torch"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_notebook_states_the_environment_first(site, language):
    assert notebooks(language)
    for path in notebooks(language):
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.cell_type == "code", path.name
        for field, value in expected().items():
            assert value in first.source, f"{path.name}: no {field} {value}"
        assert any(date in first.source for date in build_dates()), path.name


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_notebook_first_cell_is_translated(site, language):
    def first_comment(lang: str) -> str:
        cell = nbformat.read(notebooks(lang)[0], as_version=4).cells[0]
        return "".join(
            line for line in cell.source.splitlines() if line.startswith("#")
        )

    assert first_comment(language) != first_comment(SOURCE_LANGUAGE)


class Shell:
    """Stands in for IPython in a notebook's first cell: records its line magics."""

    def __init__(self, on_magic=None):
        self.magics: list[tuple[str, str]] = []
        self.on_magic = on_magic

    def run_line_magic(self, name: str, line: str, _stack_depth: int = 1) -> None:
        self.magics.append((name, line))
        if self.on_magic is not None:
            self.on_magic()


def run_first_cell(shell: Shell, folder, language: str = SOURCE_LANGUAGE) -> None:
    """Run the first cell of a notebook the site offers, in this process.

    IPython turns its ``%pip`` line into Python, as a notebook app does; the
    magic goes to ``shell``. ``folder`` holds the cell as a script.
    """
    cell = nbformat.read(notebooks(language)[0], as_version=4).cells[0]
    script = folder / "first_cell.py"
    script.write_text(python_of(cell), "utf-8")
    runpy.run_path(str(script), init_globals={"get_ipython": lambda: shell})


def wheel_requirement() -> str:
    """What the notebooks install: the site's wheel, with the examples' extra."""
    version = importlib.metadata.version("paramguide")
    return (
        f"paramguide[examples] @ {built_base_url()}_downloads/"
        f"paramguide-{version}-py3-none-any.whl"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebook_installs_the_package_from_the_site(site, capsys, tmp_path, language):
    shell = Shell()
    run_first_cell(shell, tmp_path, language)
    assert shell.magics == [("pip", f'install "{wheel_requirement()}"')]
    assert capsys.readouterr().out == ""


def test_notebook_reads_versions_only_once_the_install_has_run(
    site, monkeypatch, tmp_path
):
    """Where paramguide is not installed yet, the first cell still runs."""
    installed = {"done": False}
    requires, version = importlib.metadata.requires, importlib.metadata.version

    def only_once_installed(read):
        def read_installed(name):
            if name == "paramguide" and not installed["done"]:
                raise importlib.metadata.PackageNotFoundError(name)
            return read(name)

        return read_installed

    monkeypatch.setattr(importlib.metadata, "requires", only_once_installed(requires))
    monkeypatch.setattr(importlib.metadata, "version", only_once_installed(version))
    run_first_cell(Shell(on_magic=lambda: installed.update(done=True)), tmp_path)
    installed["done"] = False
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        run_first_cell(Shell(), tmp_path)


def test_notebook_warns_when_torch_is_outside_the_supported_range(
    site, capsys, monkeypatch, tmp_path
):
    installed = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata,
        "version",
        lambda name: "2.5.1" if name == "torch" else installed(name),
    )
    run_first_cell(Shell(), tmp_path)
    printed = capsys.readouterr().out
    assert "torch 2.5.1" in printed
    assert ">=2.6" in printed
