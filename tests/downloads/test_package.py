"""The paramguide package comes with the site, and every page that needs it says how to install it.

The site's root holds the package's wheel, built from the checkout the site
was built from. The gallery, each example, the introduction and the API page
show, in every language, one install command: pip installing the wheel from
the address the site was built for, with the extra the examples need. A
reader's environment made by following that command has the package from
the site, not from the checkout.
"""

import importlib.metadata
import json
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.project import (
    EXAMPLES,
    LANGUAGES,
    ROOT,
    built_base_url,
    install_commands,
    tools_module,
)

site_build = tools_module("site_build")

EXAMPLE_PAGES = [
    f"auto_examples/{script.stem}.html" for script in sorted(EXAMPLES.glob("plot_*.py"))
]
PAGES_WITH_THE_COMMAND = [
    "introduction.html",
    "api.html",
    "auto_examples/index.html",
    *EXAMPLE_PAGES,
]
SOURCE = ROOT / "src" / "paramguide"


def wheel_name() -> str:
    return f"paramguide-{importlib.metadata.version('paramguide')}-py3-none-any.whl"


def wheel_address() -> str:
    return f"{built_base_url()}_downloads/{wheel_name()}"


def expected_command() -> str:
    return f'pip install "paramguide[examples] @ {wheel_address()}"'


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_that_need_the_package_show_one_install_command(site, language):
    commands = {
        page: install_commands(site / language / page)
        for page in PAGES_WITH_THE_COMMAND
    }
    assert commands == {page: [expected_command()] for page in PAGES_WITH_THE_COMMAND}


def test_the_command_is_one_pip_install_from_the_site(site):
    program, action, requirement = shlex.split(expected_command())
    assert (program, action) == ("pip", "install")
    assert requirement.startswith("paramguide[examples] @ http")
    assert (site / "_downloads" / wheel_name()).is_file()


def test_the_site_offers_only_the_current_wheel(site):
    assert sorted(path.name for path in (site / "_downloads").iterdir()) == [
        wheel_name()
    ]


def test_the_wheel_holds_the_package_of_the_checkout(site):
    with zipfile.ZipFile(site / "_downloads" / wheel_name()) as wheel:
        packaged = {
            name: wheel.read(name)
            for name in wheel.namelist()
            if name.startswith("paramguide/")
        }
    checkout = {
        f"paramguide/{path.relative_to(SOURCE).as_posix()}": path.read_bytes()
        for path in SOURCE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert packaged == checkout


def test_the_wheel_is_built_again_byte_for_byte(site, tmp_path):
    # The same sources, and SOURCE_DATE_EPOCH as the build had it.
    subprocess.run(
        [sys.executable, *site_build.wheel_build_args(tmp_path)],
        check=True,
        env=os.environ,
    )
    again = tmp_path / wheel_name()
    assert again.read_bytes() == (site / "_downloads" / wheel_name()).read_bytes()


@pytest.fixture
def wheel_builds(tmp_path, monkeypatch):
    """build_wheel's runs of pip, with the site's downloads in ``tmp_path``."""
    downloads = tmp_path / "_downloads"
    monkeypatch.setattr(site_build, "PACKAGE_DOWNLOADS", downloads)
    monkeypatch.setattr(site_build, "WHEEL_DIGEST", tmp_path / "wheel.sha256")
    builds = []

    def run(program, *arguments):
        builds.append(program)
        downloads.mkdir()
        (downloads / f"paramguide-{len(builds)}-py3-none-any.whl").write_bytes(b"")

    return builds, run


def test_an_unchanged_wheel_is_not_built_again(wheel_builds):
    builds, run = wheel_builds
    site_build.build_wheel(run)
    site_build.build_wheel(run)
    assert builds == ["python"]
    assert [w.name for w in site_build.PACKAGE_DOWNLOADS.iterdir()] == [
        "paramguide-1-py3-none-any.whl"
    ]


def test_the_wheel_is_built_again_when_its_sources_change(wheel_builds, monkeypatch):
    builds, run = wheel_builds
    site_build.build_wheel(run)
    digest = site_build.wheel_sources_digest()
    monkeypatch.setattr(site_build, "wheel_sources_digest", lambda: digest + "0")
    site_build.build_wheel(run)
    assert builds == ["python", "python"]
    # Only the new wheel is offered.
    assert [w.name for w in site_build.PACKAGE_DOWNLOADS.iterdir()] == [
        "paramguide-2-py3-none-any.whl"
    ]


def test_the_wheel_is_built_again_when_it_is_missing(wheel_builds):
    builds, run = wheel_builds
    site_build.build_wheel(run)
    for wheel in site_build.PACKAGE_DOWNLOADS.iterdir():
        wheel.unlink()
    site_build.build_wheel(run)
    assert builds == ["python", "python"]


@pytest.mark.parametrize(
    "source", ["pyproject.toml", "README.md", "src/paramguide/vit.py"]
)
def test_the_wheel_digest_covers_its_sources(source, monkeypatch, tmp_path):
    before = site_build.wheel_sources_digest()
    path = ROOT / source
    original = path.read_bytes()
    copy = tmp_path / "root"
    for name in ("pyproject.toml", "README.md"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_bytes((ROOT / name).read_bytes())
    for file in (ROOT / "src").rglob("*"):
        if file.is_file() and "__pycache__" not in file.parts:
            target = copy / file.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.read_bytes())
    monkeypatch.setattr(site_build, "ROOT", copy)
    assert site_build.wheel_sources_digest() == before
    (copy / source).write_bytes(original + b"\n")
    assert site_build.wheel_sources_digest() != before


def test_the_readers_environment_has_the_package_from_the_site(standalone_python):
    probe = (
        "import importlib.metadata, json, paramguide;"
        "print(json.dumps({"
        "'file': paramguide.__file__,"
        "'origin': importlib.metadata.distribution('paramguide')"
        ".read_text('direct_url.json')}))"
    )
    run = subprocess.run(
        [str(standalone_python), "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=standalone_python.parent,
        env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
    )
    found = json.loads(run.stdout)
    assert json.loads(found["origin"])["url"] == wheel_address()
    environment = standalone_python.parent.parent
    assert environment in Path(found["file"]).parents
