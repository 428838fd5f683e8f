"""Add the theme's interface messages to an extracted ``sphinx.pot``.

Sphinx's gettext builder collects the messages of this project's own
templates only. The theme ships a template of its interface strings, some of
them untranslated in its Chinese catalog; merging it in lets our catalog
translate every string a reader sees.

Usage: python docs/theme_messages.py docs/_build/gettext/sphinx.pot
"""

import sys
from pathlib import Path

import pydata_sphinx_theme
from babel.messages.pofile import read_po, write_po

THEME_POT = Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"


def merge(target: Path) -> None:
    with target.open("rb") as file:
        catalog = read_po(file)
    with THEME_POT.open("rb") as file:
        theme = read_po(file)
    for message in theme:
        if message.id and message.id not in catalog:
            catalog.add(message.id, context=message.context)
    with target.open("wb") as file:
        write_po(file, catalog, omit_header=False, include_lineno=False)


if __name__ == "__main__":
    merge(Path(sys.argv[1]))
