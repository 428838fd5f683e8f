"""Give the toctree captions that Sphinx marks as headings a heading level.

Sphinx writes a toctree's caption as ``<p class="caption" role="heading">``.
A heading role needs ``aria-level`` (axe-core's aria-required-attr rule), or
screen readers cannot place it in the page's outline. Part captions stand
below the page title, so they are level 2.
"""

from sphinx.application import Sphinx

CAPTION = '<p class="caption" role="heading">'
LEVELLED_CAPTION = '<p class="caption" role="heading" aria-level="2">'


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = context["body"].replace(CAPTION, LEVELLED_CAPTION)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", on_html_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
