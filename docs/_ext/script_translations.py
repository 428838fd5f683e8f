"""Translate the messages of Sphinx's scripts from this project's catalog.

The search page's messages ("Searching", "Search finished, found …") are
translated in the browser from a ``sphinx.js`` catalog. Sphinx prefers one
found in the project's locale directories over the one it ships, whose
Chinese version lacks some of them. Before each build in a language other
than English, this extension compiles the project's ``sphinx.po`` into that
``sphinx.js``.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.config import Config


def read_catalog(po_path: Path) -> Catalog:
    with po_path.open("rb") as file:
        return read_po(file)


def translated_messages(catalog: Catalog) -> Iterator[Message]:
    """The messages of a catalog that have a translation in use (not fuzzy)."""
    return (
        message
        for message in catalog
        if message.id and message.string and not message.fuzzy
    )


def compile_script_catalog(po_path: Path, js_path: Path) -> None:
    catalog = read_catalog(po_path)
    messages = {}
    for message in translated_messages(catalog):
        if message.pluralizable:
            messages[message.id[0]] = list(message.string)
        else:
            messages[message.id] = message.string
    data = {
        "locale": str(catalog.locale),
        "messages": messages,
        "plural_expr": catalog.plural_expr,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    js_path.write_text(f"Documentation.addTranslations({text});\n", encoding="utf-8")


def on_config_inited(app: Sphinx, config: Config) -> None:
    if not config.language or config.language == "en":
        return
    for locale_dir in config.locale_dirs:
        messages = Path(app.srcdir, locale_dir, config.language, "LC_MESSAGES")
        if (messages / "sphinx.po").is_file():
            compile_script_catalog(messages / "sphinx.po", messages / "sphinx.js")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
