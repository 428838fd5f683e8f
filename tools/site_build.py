"""How the site is built, shared by ``noxfile.py`` and the benchmarks.

The ``paramguide`` package is built first, as a wheel in the site's
``_downloads/`` folder, which every language's install command points at
(see ``docs/_ext/package_download.py``). Every language is then built into
its own folder of ``docs/_build/html/``, and the pages that sit at the
site's root are copied beside them.
"""

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import languages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
# The folder of the site, beside the languages, that holds the package's
# wheel: one address for every language.
PACKAGE_DOWNLOADS = HTML / "_downloads"
# The digest of the sources of the wheel in PACKAGE_DOWNLOADS, kept outside
# the published site.
WHEEL_DIGEST = BUILD / "wheel-sources.sha256"
SPHINX_OPTIONS = ("-W", "--keep-going", "-n", "-q")
# Language codes, the source language first.
LANGUAGES: list[str] = list(languages.LANGUAGES)
SOURCE_LANGUAGE = LANGUAGES[0]


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


def wheel_build_args(directory: Path = PACKAGE_DOWNLOADS) -> list[str]:
    """The arguments of ``python`` that build the package's wheel into ``directory``.

    pip hands the checkout to hatchling, the build backend, which the docs
    dependency group installs: nothing is downloaded. hatchling writes the
    same bytes from the same sources, dated ``SOURCE_DATE_EPOCH`` when it is
    set (its own fixed date otherwise).
    """
    return [
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--quiet",
        "--wheel-dir",
        str(directory),
        str(ROOT),
    ]


def wheel_sources_digest() -> str:
    """A digest of everything the package's wheel is built from.

    hatchling reads ``pyproject.toml``, the readme it names (the wheel's
    description), the package under ``src/`` and ``SOURCE_DATE_EPOCH``;
    files that git ignores (``__pycache__``) never go into the wheel.
    """
    digest = hashlib.sha256()
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    sources = [ROOT / "pyproject.toml", ROOT / "README.md"]
    sources += sorted(
        path
        for path in (ROOT / "src").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    for path in sources:
        digest.update(b"\0" + path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_wheel(run: Callable[..., object]) -> None:
    """Build the package's wheel into PACKAGE_DOWNLOADS, unless it is up to date.

    The wheel is rebuilt when its sources changed since the last build (see
    ``wheel_sources_digest``) or when it is missing; it then replaces any
    wheel of another version left from an earlier build, which would be
    offered beside the current one.
    """
    digest = wheel_sources_digest()
    wheels = list(PACKAGE_DOWNLOADS.glob("*.whl"))
    if (
        len(wheels) == 1
        and WHEEL_DIGEST.is_file()
        and WHEEL_DIGEST.read_text(encoding="utf-8") == digest
    ):
        return
    WHEEL_DIGEST.unlink(missing_ok=True)
    shutil.rmtree(PACKAGE_DOWNLOADS, ignore_errors=True)
    run("python", *wheel_build_args())
    WHEEL_DIGEST.write_text(digest, encoding="utf-8")


def build_site(run: Callable[..., object]) -> None:
    """Build the package's wheel, then every language, into docs/_build/html/.

    ``run(program, *arguments)`` runs one program of the environment: first
    ``python`` to build the wheel (skipped when its sources have not changed
    since it was built), then ``sphinx-build`` once per language.
    The source language goes first: the gallery runs its examples during
    that build and the other languages reuse their outputs.
    """
    build_wheel(run)
    for language in LANGUAGES:
        run("sphinx-build", *sphinx_build_args(language))
    shutil.copy2(DOCS / "_root" / "index.html", HTML / "index.html")
    # Static hosts serve the site root's 404.html for any missing page; its
    # links are absolute, so the source language's page serves everywhere.
    shutil.copy2(HTML / SOURCE_LANGUAGE / "404.html", HTML / "404.html")
