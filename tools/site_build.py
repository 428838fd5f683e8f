"""How the site is built, shared by ``noxfile.py`` and the benchmarks.

Every language is built into its own folder of ``docs/_build/html/``, then
the pages that sit at the site's root are copied beside them.
"""

import shutil
from collections.abc import Callable
from pathlib import Path

import languages

DOCS = Path(__file__).resolve().parent.parent / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
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


def build_site(run: Callable[..., object]) -> None:
    """Build every language into docs/_build/html/, one after another.

    ``run("sphinx-build", *arguments)`` runs one build. The source language
    goes first: the gallery runs its examples during that build and the
    other languages reuse their outputs.
    """
    for language in LANGUAGES:
        run("sphinx-build", *sphinx_build_args(language))
    shutil.copy2(DOCS / "_root" / "index.html", HTML / "index.html")
    # Static hosts serve the site root's 404.html for any missing page; its
    # links are absolute, so the source language's page serves everywhere.
    shutil.copy2(HTML / SOURCE_LANGUAGE / "404.html", HTML / "404.html")
