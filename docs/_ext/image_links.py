"""Let a reader open any diagram or gallery figure full size with a tap.

On a phone, a figure drawn for a wide screen shrinks to a fraction of its
size and its labels become too small to read. Each figure of the plot
directive and of Sphinx-Gallery (which writes its ``<img>`` tags as raw
HTML) is wrapped in a link to its own image file, which the browser shows
at full size.
"""

import re

from sphinx.application import Sphinx

FIGURE = re.compile(
    r'<img\b[^>]*?\bclass\s*=\s*"(?:plot-directive|sphx-glr-(?:single|multi)-img)"'
    r"[^>]*>"
)
SOURCE = re.compile(r'\bsrc="([^"]+)"')


def linked(match: re.Match) -> str:
    image = match.group(0)
    source = SOURCE.search(image).group(1)
    return f'<a class="image-reference" href="{source}">{image}</a>'


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = FIGURE.sub(linked, context["body"])


def setup(app: Sphinx) -> dict:
    # Before site_links (500) makes the 404 page's relative links absolute.
    app.connect("html-page-context", on_html_page_context, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
