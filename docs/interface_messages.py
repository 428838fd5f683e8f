"""Add the interface messages of the theme and of Sphinx's scripts to ``sphinx.pot``.

Sphinx's gettext builder collects the messages of this project's own
templates only. The theme ships a template of its interface strings, and
Sphinx's search scripts carry messages of their own; both have gaps in their
Chinese catalogs. Merging them in lets our catalog translate every string a
reader sees.

Usage: python docs/interface_messages.py docs/_build/gettext/sphinx.pot
"""

import sys
from pathlib import Path

import pydata_sphinx_theme
import sphinx
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

THEME_POT = Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"
SPHINX_SCRIPTS = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
SCRIPT_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def script_messages():
    """Yield the message ids that Sphinx's own scripts translate."""
    for script in sorted(SPHINX_SCRIPTS.glob("*.js")):
        for _, message, _, _ in extract_from_file(
            "javascript", script, keywords=SCRIPT_KEYWORDS
        ):
            yield message


def merge(target: Path) -> None:
    with target.open("rb") as file:
        catalog = read_po(file)
    with THEME_POT.open("rb") as file:
        theme = read_po(file)
    for message_id in [m.id for m in theme if m.id] + list(script_messages()):
        if message_id not in catalog:
            catalog.add(message_id)
    with target.open("wb") as file:
        write_po(file, catalog, omit_header=False, include_lineno=False)


if __name__ == "__main__":
    merge(Path(sys.argv[1]))
