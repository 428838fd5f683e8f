"""Load each extension's styles and scripts only on the pages that use them.

Sphinx-Gallery's and the plot directive's styles and scripts, the code
highlighting styles and the copy button's scripts are added to every page.
A page with no gallery content, no plot or no code block does not need
them, nor does a page without a list of the examples' tags need
Sphinx-Gallery's tag filter; leaving them out keeps every page, the search
page with its index above all, within the site's weight budget, and each
stylesheet left out is one request fewer before a phone can draw the page.
"""

from sphinx.application import Sphinx

# Asset file name prefix -> a marker of the HTML that needs it.
ASSETS_NEEDING = {
    "_static/sg_": "sphx-glr",
    "_static/sg-": "sphx-glr",
    # Filters the gallery's index by the examples' tags: only a page with a
    # tag list (the gallery's index) uses it.
    "_static/sg-tags.js": "sphx-glr-tag",
    "_static/sg_gallery-binder.css": "binder-badge",
    "_static/sg_gallery-dataframe.css": "dataframe",
    "_static/sg_gallery-rendered-html.css": "rendered_html",
    "_static/plot_directive.css": "plot-directive",
    "_static/pygments.css": 'class="highlight',
    "_static/clipboard.min.js": 'class="highlight',
    "_static/copybutton.": 'class="highlight',
}


def needed(asset, body: str) -> bool:
    filename = str(asset.filename)
    return all(
        marker in body
        for prefix, marker in ASSETS_NEEDING.items()
        if filename.startswith(prefix)
    )


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if needed(asset, body)]


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", on_html_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
