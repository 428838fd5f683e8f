"""Build, preview, translate and test the paramguide site.

Run ``nox -l`` for the list of sessions. Environments are kept between runs;
``nox -R`` skips reinstalling when nothing changed.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox
from packaging.requirements import Requirement

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / "tools"
# languages.py is the configuration shared with conf.py; tools/ holds the
# scripts that build, convert and draw.
sys.path[:0] = [str(ROOT / "docs"), str(TOOLS)]
from languages import CONVERTED_FROM
from site_build import (
    BUILD,
    DOCS,
    HTML,
    LANGUAGES,
    SPHINX_OPTIONS,
    build_site,
)
from torch_versions import pinned_torch

GETTEXT = BUILD / "gettext"
LOCALES = DOCS / "locales"
PYPROJECT = nox.project.load_toml("pyproject.toml")
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
SOURCE_LANGUAGE, *TRANSLATIONS = LANGUAGES


def _install(session: nox.Session, *groups: str) -> None:
    """Install the project and the given dependency groups, torch pinned."""
    session.install(
        *CONSTRAINTS, ".", *nox.project.dependency_groups(PYPROJECT, *groups)
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in every language into docs/_build/html/."""
    _install(session, "docs")
    build_site(session.run)
    session.log(f"Open {HTML / 'index.html'} in a browser, or serve it with")
    session.log(f"  python -m http.server -d {HTML.relative_to(ROOT)}")


@nox.session
def preview(session: nox.Session) -> None:
    """Serve one language with live reload: nox -s preview [-- zh_CN]."""
    _install(session, "preview")
    language = session.posargs[0] if session.posargs else SOURCE_LANGUAGE
    if language not in LANGUAGES:
        session.error(f"unknown language {language!r}; choose from {LANGUAGES}")
    session.run(
        "sphinx-autobuild",
        "-D",
        f"language={language}",
        "-d",
        str(BUILD / "doctrees" / language),
        "--watch",
        str(ROOT / "examples"),
        "--watch",
        str(ROOT / "src"),
        "--ignore",
        str(DOCS / "auto_examples"),
        str(DOCS),
        str(HTML / language),
    )


@nox.session
def i18n(session: nox.Session) -> None:
    """Extract the English messages and update every translation catalog.

    Afterwards, translate the new or changed (fuzzy) entries in
    docs/locales/<language>/LC_MESSAGES/*.po and rebuild with nox -s docs.
    Catalogs of a converted language (zh_TW) are rewritten from their
    source language's catalogs each time, with the word list their search
    index is split into: run this again after translating.
    """
    _install(session, "docs")
    shutil.rmtree(GETTEXT, ignore_errors=True)
    session.run(
        "sphinx-build", "-b", "gettext", *SPHINX_OPTIONS, str(DOCS), str(GETTEXT)
    )
    session.run(
        "python", str(TOOLS / "interface_messages.py"), str(GETTEXT / "sphinx.pot")
    )
    for language in TRANSLATIONS:
        if language in CONVERTED_FROM:
            continue
        session.run(
            "sphinx-intl",
            "update",
            "--pot-dir",
            str(GETTEXT),
            "--locale-dir",
            str(LOCALES),
            "--language",
            language,
            "--no-obsolete",
        )
    _remove_orphan_catalogs(session)
    for language, source in CONVERTED_FROM.items():
        session.run(
            "python",
            str(TOOLS / "traditional_chinese.py"),
            str(LOCALES / source / "LC_MESSAGES"),
            str(LOCALES / language / "LC_MESSAGES"),
        )
        session.run(
            "python",
            str(TOOLS / "traditional_search_words.py"),
            str(LOCALES / source / "LC_MESSAGES"),
            str(LOCALES / language / "search_words.txt"),
        )


def _remove_orphan_catalogs(session: nox.Session) -> None:
    """Delete .po files whose page no longer exists (no matching .pot)."""
    for language in TRANSLATIONS:
        messages = LOCALES / language / "LC_MESSAGES"
        for po in messages.rglob("*.po"):
            relative = po.relative_to(messages).with_suffix(".pot")
            if not (GETTEXT / relative).exists():
                session.log(f"removing {po.relative_to(ROOT)}: its page is gone")
                po.unlink()


# What the browser tests need from Debian: the browser, and fonts for the
# Chinese pages.
BROWSER_PACKAGES = ("chromium", "fonts-noto-cjk")


def _missing_browser_packages() -> list[str]:
    """The Debian packages of BROWSER_PACKAGES that are not installed."""
    missing = []
    for package in BROWSER_PACKAGES:
        query = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in query.stdout:
            missing.append(package)
    return missing


def _install_browser(session: nox.Session) -> None:
    """Install Chromium and the CJK fonts with apt when they are missing.

    This needs root and apt-get; elsewhere the session stops with the
    command to run.
    """
    if shutil.which("dpkg-query") is None:
        if shutil.which("chromium") is None:
            session.error(
                "The browser tests drive Chromium at `chromium`; install it and "
                "CJK fonts with your system's package manager."
            )
        return
    missing = _missing_browser_packages()
    if not missing:
        return
    command = ["apt-get", "install", "-y", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        session.error(
            "The browser tests need Debian packages that are missing; install "
            f"them first:\n  sudo apt-get update && sudo {' '.join(command)}"
        )
    session.log(f"Installing {', '.join(missing)} with apt-get for the browser tests")
    environment = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-q", external=True, env=environment)
    session.run(*command, "-q", external=True, env=environment)


@nox.session
def tests(session: nox.Session) -> None:
    """Run every test: the package, the guide's >>> examples, and the built site.

    The site is built first, then checked in Debian's Chromium for links,
    translations and accessibility; Chromium and the CJK fonts are
    installed with apt-get when missing (as root). Arguments after -- go
    to pytest.
    """
    _install_browser(session)
    _install(session, "test")
    build_site(session.run)
    # One worker per core. The examples of a page stay together on one worker
    # (docs/conftest.py schedules them); other tests are shared out one by
    # one, the longest first.
    session.run("pytest", "-n", "auto", *session.posargs)


def _oldest_torch() -> str:
    """The lowest torch release the package's ``torch>=`` requirement admits."""
    for dependency in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(dependency)
        if requirement.name == "torch":
            for specifier in requirement.specifier:
                if specifier.operator == ">=":
                    return specifier.version
    raise ValueError("pyproject.toml gives torch no lower bound (torch>=...)")


def _test_on_torch(session: nox.Session, version: str, selection: str) -> None:
    """Install ``torch==version`` beside the test group and run the selected tests.

    The release comes from PyPI as a CUDA build with several GB of nvidia-*
    packages; it runs on the CPU all the same. pip's configuration files
    are left out of the install: a machine may cap torch there at the
    release it keeps on disk.
    """
    session.install(
        ".",
        f"torch=={version}",
        *nox.project.dependency_groups(PYPROJECT, "test"),
        env={"PIP_CONFIG_FILE": os.devnull},
    )
    session.run(
        "python", "-c", "import torch; print('torch', torch.__version__)", silent=False
    )
    session.run("pytest", "-n", "auto", "-m", selection, *session.posargs)


# What every torch of the range runs: the unit tests, the doctests of the
# package and the >>> examples of the guide. Left out: the tests that check
# the built site, the PyTorch inventory, or that build the docs; they need
# the site built with, the inventory written from, or the examples run on
# the pinned torch.
ANY_TORCH = "not built_site and not pinned_torch and not runs_gallery"


@nox.session
def oldest_torch(session: nox.Session) -> None:
    """Run the package tests and the guide's >>> examples on the oldest torch.

    The oldest release is the lowest the package's ``torch>=`` admits. The
    gallery examples are left out: the FSDP2 part of the distributed
    example needs a newer torch on the CPU. Arguments after -- go to pytest.
    """
    _test_on_torch(session, _oldest_torch(), ANY_TORCH)


@nox.session
def newest_torch(session: nox.Session) -> None:
    """Run the package tests, the >>> examples and the gallery on the newest torch.

    The release is the one constraints-newest.txt names. Besides what
    oldest_torch runs, each gallery example runs with that torch and must
    print what its page, built with the pinned torch, shows: build the site
    first (nox -s docs or nox -s tests). Arguments after -- go to pytest.
    """
    if not (HTML / SOURCE_LANGUAGE / "index.html").is_file():
        session.error("The gallery check compares with the built site: nox -s docs")
    _test_on_torch(
        session,
        pinned_torch(ROOT / "constraints-newest.txt"),
        f"({ANY_TORCH}) or other_torch",
    )


@nox.session
def inventories(session: nox.Session) -> None:
    """Regenerate the PyTorch inventory in docs/_inventories/ from the pinned torch.

    tools/make_inventories.py writes it; commit the result.
    """
    _install(session, "inventories")
    session.run("python", str(TOOLS / "make_inventories.py"))


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff, and the GitHub Actions workflows."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    workflows = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / ".github" / "workflows").glob("*.yml")
    )
    session.run(
        "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        *workflows,
    )
