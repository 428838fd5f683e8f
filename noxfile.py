"""Build, preview, translate and test the paramguide site.

Run ``nox -l`` for the list of sessions. Environments are kept between runs;
``nox -R`` skips reinstalling when nothing changed.
"""

import importlib.util
import shutil
from pathlib import Path

import nox
from packaging.requirements import Requirement

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
GETTEXT = BUILD / "gettext"
LOCALES = DOCS / "locales"
PYPROJECT = nox.project.load_toml("pyproject.toml")
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
SPHINX_OPTIONS = ("-W", "--keep-going", "-n", "-q")


def _language_settings():
    """docs/languages.py, which conf.py reads too."""
    spec = importlib.util.spec_from_file_location("languages", DOCS / "languages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_SETTINGS = _language_settings()
LANGUAGES = list(_SETTINGS.LANGUAGES)
CONVERTED_FROM = _SETTINGS.CONVERTED_FROM
SOURCE_LANGUAGE, *TRANSLATIONS = LANGUAGES


def _install(session: nox.Session, *groups: str) -> None:
    """Install the project and the given dependency groups, torch pinned."""
    session.install(
        *CONSTRAINTS, ".", *nox.project.dependency_groups(PYPROJECT, *groups)
    )


def sphinx_build_args(language: str) -> list[str]:
    """The sphinx-build arguments that build one language of the site."""
    return [
        "-b",
        "html",
        *SPHINX_OPTIONS,
        "-D",
        f"language={language}",
        "-d",
        str(BUILD / "doctrees" / language),
        str(DOCS),
        str(HTML / language),
    ]


def _build_site(session: nox.Session) -> None:
    """Build every language into docs/_build/html/, one after another.

    The source language goes first: the gallery runs its examples during
    that build and the other languages reuse their outputs.
    """
    for language in LANGUAGES:
        session.run("sphinx-build", *sphinx_build_args(language))
    shutil.copy2(DOCS / "_root" / "index.html", HTML / "index.html")
    # Static hosts serve the site root's 404.html for any missing page; its
    # links are absolute, so the source language's page serves everywhere.
    shutil.copy2(HTML / SOURCE_LANGUAGE / "404.html", HTML / "404.html")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in every language into docs/_build/html/."""
    _install(session, "docs")
    _build_site(session)
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
        "python", str(DOCS / "interface_messages.py"), str(GETTEXT / "sphinx.pot")
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
            str(DOCS / "traditional_chinese.py"),
            str(LOCALES / source / "LC_MESSAGES"),
            str(LOCALES / language / "LC_MESSAGES"),
        )
        session.run(
            "python",
            str(DOCS / "traditional_search_words.py"),
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


@nox.session
def tests(session: nox.Session) -> None:
    """Run every test: the package, the guide's >>> examples, and the built site.

    The site is built first, then checked in Debian's Chromium (install it
    with `apt-get install chromium`), for links, translations and
    accessibility. Arguments after -- go to pytest.
    """
    if shutil.which("chromium") is None:
        session.error(
            "The browser tests drive Debian's Chromium; install it first:\n"
            "  sudo apt-get install chromium fonts-noto-cjk"
        )
    _install(session, "test")
    _build_site(session)
    session.run("pytest", *session.posargs)


def _oldest_torch() -> str:
    """The lowest torch release the package's ``torch>=`` requirement admits."""
    for dependency in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(dependency)
        if requirement.name == "torch":
            for specifier in requirement.specifier:
                if specifier.operator == ">=":
                    return specifier.version
    raise ValueError("pyproject.toml gives torch no lower bound (torch>=...)")


@nox.session
def oldest_torch(session: nox.Session) -> None:
    """Run the package tests and the guide's >>> examples on the oldest torch.

    The oldest release the package claims comes from PyPI as a CUDA build
    with several GB of nvidia-* packages; it runs on the CPU all the same.
    Tests that check the built site are left out: they need the site built
    with the pinned torch. Arguments after -- go to pytest.
    """
    oldest = _oldest_torch()
    session.install(
        ".", f"torch=={oldest}", *nox.project.dependency_groups(PYPROJECT, "test")
    )
    session.run(
        "python", "-c", "import torch; print('torch', torch.__version__)", silent=False
    )
    session.run("pytest", "-m", "not built_site", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
