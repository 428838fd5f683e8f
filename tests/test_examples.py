"""Each gallery example as a reader downloads it: it runs, and prints what the site shows."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest
from project import EXAMPLES, ROOT, SITE, printouts

SCRIPTS = sorted(path.name for path in EXAMPLES.glob("plot_*.py"))


def downloaded(name: str) -> Path:
    """The copy of an example file that the English site offers for download."""
    matches = sorted((SITE / "en" / "_downloads").glob(f"*/{name}"))
    assert len(matches) == 1, f"{name} is offered {len(matches)} times"
    return matches[0]


@pytest.fixture(scope="session")
def standalone_python(tmp_path_factory) -> Path:
    """A fresh environment holding only the project and what its examples need."""
    location = tmp_path_factory.mktemp("standalone")
    venv.create(location, with_pip=True)
    python = location / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(ROOT / "constraints.txt"),
            f"{ROOT}[examples]",
        ],
        check=True,
    )
    return python


def test_every_example_is_on_the_site(site):
    assert SCRIPTS, "no examples found"
    for name in SCRIPTS:
        assert downloaded(name).read_bytes() == (EXAMPLES / name).read_bytes()


@pytest.mark.parametrize("name", SCRIPTS)
def test_downloaded_script_runs_and_prints_what_the_page_shows(
    site, standalone_python, tmp_path, name
):
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    environment.pop("PYTHONPATH", None)
    run = subprocess.run(
        [str(standalone_python), str(downloaded(name))],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=environment,
    )
    assert run.returncode == 0, run.stderr
    page = SITE / "en" / "auto_examples" / name.replace(".py", ".html")
    printed = [line.rstrip() for line in run.stdout.splitlines()]
    assert printed == printouts(page)


@pytest.mark.parametrize("name", SCRIPTS)
def test_downloaded_notebook_is_valid(site, name):
    notebook = nbformat.read(downloaded(name.replace(".py", ".ipynb")), as_version=4)
    nbformat.validate(notebook)
    code = "".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "import torch" in code


def test_standalone_environment_is_not_this_one(standalone_python):
    assert Path(sys.prefix) not in standalone_python.parents
