"""Translate the messages of Sphinx's scripts from this project's catalog.

The search page's messages ("Searching", "Search finished, found …") are
translated in the browser from a ``sphinx.js`` catalog. Sphinx prefers one
found in the project's locale directories over the one it ships, whose
Chinese version lacks some of them. Before each build in a language other
than English, this extension compiles the project's ``sphinx.po`` into that
``sphinx.js``, with the messages that the scripts use (Sphinx's and the
project's): every page loads it, and the templates' messages are
translated before the page is written.
"""

import json
from collections.abc import Collection, Iterator
from pathlib import Path

import sphinx
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.config import Config

SPHINX_SCRIPTS = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
SCRIPT_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


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


def script_messages(folders: Collection[Path]) -> set[str]:
    """The messages of the scripts in ``folders`` (a plural by its singular)."""
    found = set()
    for folder in folders:
        for script in sorted(folder.glob("*.js")):
            for _, message, _, _ in extract_from_file(
                "javascript", script, keywords=SCRIPT_KEYWORDS
            ):
                found.add(message[0] if isinstance(message, tuple) else message)
    return found


def compile_script_catalog(
    po_path: Path, js_path: Path, wanted: Collection[str] | None = None
) -> None:
    """Write ``sphinx.po``'s translations as ``sphinx.js``: those ``wanted``, or all."""
    catalog = read_catalog(po_path)
    messages = {}
    for message in translated_messages(catalog):
        singular = message.id[0] if message.pluralizable else message.id
        if wanted is not None and singular not in wanted:
            continue
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
    scripts = [SPHINX_SCRIPTS, *(Path(app.confdir, d) for d in config.html_static_path)]
    wanted = script_messages(scripts)
    for locale_dir in config.locale_dirs:
        messages = Path(app.srcdir, locale_dir, config.language, "LC_MESSAGES")
        if (messages / "sphinx.po").is_file():
            compile_script_catalog(
                messages / "sphinx.po", messages / "sphinx.js", wanted
            )


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
