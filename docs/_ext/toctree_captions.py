"""Give each table of contents' caption the heading level it is read at.

Sphinx writes a toctree's caption as ``<p class="caption" role="heading">``
without ``aria-level``, which screen readers then announce at level 2 by
guess and axe-core reports as a missing required attribute. The captions
of the guide's parts sit under the page title: level 2.
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
