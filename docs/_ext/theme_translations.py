"""Translate the interface messages that the theme's templates cannot reach.

Two pieces of the interface carry English that no template or catalog
translates:

- Furo labels each expandable entry of the navigation "Toggle navigation
  of <title>", in Python (``furo/navigation.py``). After Furo has built the
  navigation of a page, the label is replaced by its translation.
- sphinx-copybutton's script holds its tooltips ("Copy", "Copied!") for a
  few languages, picked by the page's ``lang``: Traditional Chinese is not
  one of them. After the build of any language but English, the built
  script is given this site's messages for the page's language.

Both take their translations from the site's ``sphinx.po``, which
``tools/interface_messages.py`` fills with the messages marked below.
"""

import html
import json
import re
from functools import cache
from pathlib import Path

from languages import LANGUAGES
from provenance import translations
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
SOURCE_LANGUAGE = next(iter(LANGUAGES))


def _(message: str) -> str:
    """Mark a message for the catalogs (tools/interface_messages.py collects it)."""
    return message


NAVIGATION_TOGGLE = _("Toggle navigation of %(title)s")
NAVIGATION_LABEL = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')
# sphinx-copybutton's keys, and their English messages.
COPY_BUTTON_MESSAGES = {
    "copy": _("Copy"),
    "copy_to_clipboard": _("Copy to clipboard"),
    "copy_success": _("Copied!"),
    "copy_failure": _("Failed to copy"),
}
# The line of copybutton.js that picks the messages, just after their table;
# and what this extension adds before it.
COPY_BUTTON_LOCALE = "\nlet locale = 'en'"
ADDED = re.compile(
    r"\n// This site's messages \(.*?\)\.\nmessages\[.*?\n(?=let locale)", re.DOTALL
)


@cache
def _messages(app: Sphinx, language: str) -> dict[str, str]:
    return translations(app, language)


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    tree = context.get("furo_navigation_tree")
    if not tree or app.config.language == SOURCE_LANGUAGE:
        return
    messages = _messages(app, app.config.language)
    label = html.escape(messages.get(NAVIGATION_TOGGLE, NAVIGATION_TOGGLE))
    context["furo_navigation_tree"] = NAVIGATION_LABEL.sub(
        lambda match: f'aria-label="{label % {"title": match[1]}}"', tree
    )


def translate_copy_buttons(app: Sphinx) -> None:
    """Add the site's messages for the page's language to the copy buttons' script."""
    script = Path(app.outdir, "_static", "copybutton.js")
    if not script.is_file():
        return
    text = ADDED.sub("\n", script.read_text(encoding="utf-8"))
    if COPY_BUTTON_LOCALE not in text:
        logger.warning(
            "%s no longer starts its locale with %r: update %s",
            script,
            COPY_BUTTON_LOCALE.strip(),
            Path(__file__).name,
            type="theme_translations",
        )
        return
    found = _messages(app, app.config.language)
    messages = {
        key: found.get(english, english)
        for key, english in COPY_BUTTON_MESSAGES.items()
    }
    tag = app.config.language.replace("_", "-")
    addition = (
        f"\n// This site's messages ({Path(__file__).name})."
        f"\nmessages[{json.dumps(tag)}] = {json.dumps(messages, ensure_ascii=False)};\n"
    )
    script.write_text(
        text.replace(COPY_BUTTON_LOCALE, addition + COPY_BUTTON_LOCALE.lstrip("\n"), 1),
        encoding="utf-8",
    )


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if (
        exception is None
        and app.builder.format == "html"
        and app.config.language != SOURCE_LANGUAGE
    ):
        translate_copy_buttons(app)


def setup(app: Sphinx) -> dict:
    # After Furo (500) has built the navigation.
    app.connect("html-page-context", on_html_page_context, priority=600)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
