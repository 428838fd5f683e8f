"""Give the toctree captions that Sphinx marks as headings a heading level.

Sphinx writes a toctree's caption as ``<p class="caption" role="heading">``.
A heading role needs ``aria-level`` (axe-core's aria-required-attr rule), or
screen readers cannot place it in the page's outline. Part captions stand
below the page title, so they are level 2. Furo's sidebar shows the root
page's toctree captions too: its navigation tree is built in Furo's own
handler of the same event, so this one runs after it.
"""

from sphinx.application import Sphinx

CAPTION = '<p class="caption" role="heading">'
LEVELLED_CAPTION = '<p class="caption" role="heading" aria-level="2">'


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    for key in ("body", "furo_navigation_tree"):
        if key in context:
            context[key] = context[key].replace(CAPTION, LEVELLED_CAPTION)


def setup(app: Sphinx) -> dict:
    # Later than the default priority (500), which Furo's handler has.
    app.connect("html-page-context", on_html_page_context, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
