"""Add the interface messages of the theme and of the site's scripts to ``sphinx.pot``.

Sphinx's gettext builder collects the messages of this project's own
templates only. The theme's templates and the scripts (Sphinx's search
scripts and ours) carry messages of their own, which the theme and Sphinx
translate into Chinese partly or not at all. Merging them in lets our
catalog translate every string a reader sees.

Usage: python tools/interface_messages.py docs/_build/gettext/sphinx.pot
"""

import sys
from pathlib import Path

import furo
import sphinx
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

DOCS = Path(__file__).resolve().parent.parent / "docs"
THEME_TEMPLATES = Path(furo.__file__).parent / "theme" / "furo"
SCRIPTS = [
    Path(sphinx.__file__).parent / "themes" / "basic" / "static",
    DOCS / "_static",
]
# The field labels of the API page come from Sphinx's own catalog, whose
# words can differ from the glossary's (its zh_TW says 引發 for "Raises").
API_FIELD_LABELS = ["Parameters", "Returns", "Return type", "Raises"]
# The tooltips of the separators in the API page's signatures, which
# Sphinx's zh_CN and zh_TW catalogs leave in English.
SIGNATURE_TOOLTIPS = [
    "Keyword-only parameters separator (PEP 3102)",
    "Positional-only parameter separator (PEP 570)",
]
# The title of the link next to each heading, term, signature and figure,
# from Sphinx's catalog too: its zh_CN leaves them in English, and its zh_TW
# says 標頭 for a heading.
PERMALINK_TITLES = [
    "Link to this heading",
    "Link to this term",
    "Link to this definition",
    "Link to this image",
    "Link to this table",
    "Link to this code",
    "Link to this toctree",
]
# Python modules whose _() messages reach readers (the notebooks' first
# cell, the navigation's toggles, the copy buttons).
PYTHON_SOURCES = [
    DOCS / "_ext" / "provenance.py",
    DOCS / "_ext" / "theme_translations.py",
]
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
SCRIPT_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def messages():
    """Yield the message ids of the templates, scripts, API page and PYTHON_SOURCES."""
    for template in sorted(THEME_TEMPLATES.rglob("*.html")):
        for _, message, _, _ in extract_from_file(
            "jinja2.ext:babel_extract",
            template,
            keywords=TEMPLATE_KEYWORDS,
            # Sphinx renders templates untrimmed: keep the whitespace.
            options={"trimmed": "false"},
        ):
            yield message
    for source in PYTHON_SOURCES:
        for _, message, _, _ in extract_from_file(
            "python", source, keywords={"_": None}
        ):
            yield message
    for folder in SCRIPTS:
        for script in sorted(folder.glob("*.js")):
            for _, message, _, _ in extract_from_file(
                "javascript", script, keywords=SCRIPT_KEYWORDS
            ):
                yield message
    yield from API_FIELD_LABELS
    yield from SIGNATURE_TOOLTIPS
    yield from PERMALINK_TITLES


def merge(target: Path) -> None:
    with target.open("rb") as file:
        catalog = read_po(file)
    for message_id in messages():
        if message_id not in catalog:
            catalog.add(message_id)
    with target.open("wb") as file:
        write_po(file, catalog, omit_header=False, include_lineno=False)


if __name__ == "__main__":
    merge(Path(sys.argv[1]))
