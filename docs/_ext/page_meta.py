"""What link previews, search listings and home screens show of each page.

sphinxext-opengraph writes the Open Graph tags (title, URL, image). This
extension gives it, and the ``<meta name="description">`` of the page, the
page's own first sentence, taken from the translated page so that it is in
the page's language. It also adds:

- ``og:locale`` for the page's language and ``og:locale:alternate`` for the
  others;
- ``noindex`` on the 404 page, which a host serves at any missing address.
"""

import re
from html import escape

from babel.core import Locale, get_global
from docutils import nodes
from site_links import NOT_FOUND_PAGE, language_root
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

# Up to the first full stop: a Chinese one anywhere, a Latin one before a
# space or the end (so ``torch.nn`` and ``0.98`` do not end a sentence).
FIRST_SENTENCE = re.compile(r".*?(?:[\u3002\uff01\uff1f]|[.!?](?=\s|$))", re.DOTALL)
# Where no page text is a sentence: notes, code, raw HTML, tables of contents.
NOT_PROSE = (nodes.Admonition, nodes.literal_block, nodes.raw, addnodes.toctree)


def og_locale(language: str) -> str:
    """The ``language_TERRITORY`` form Open Graph expects: en -> en_US."""
    locale = Locale.parse(language)
    if locale.territory is None:
        locale = Locale.parse(get_global("likely_subtags")[locale.language])
    return f"{locale.language}_{locale.territory}"


def first_sentence(doctree: nodes.document) -> str:
    """The first sentence of the page's first paragraph of prose."""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(node, NOT_PROSE) for node in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if text:
            sentence = FIRST_SENTENCE.match(text)
            return sentence.group(0) if sentence else text
    return ""


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def meta_tag(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{escape(content)}" />'


def on_config_inited(app: Sphinx, config: Config) -> None:
    config.ogp_site_url = language_root(config, config.language)


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    if doctree is None:
        return  # the search and index pages: nothing to preview
    config = app.config
    tags = [
        meta_tag("property", "og:locale", og_locale(config.language)),
        *(
            meta_tag("property", "og:locale:alternate", og_locale(code))
            for code in config.site_languages
            if code != config.language
        ),
    ]
    description = first_sentence(doctree)
    # A copy: the page's own metadata belongs to the build environment.
    context["meta"] = {**(context.get("meta") or {}), "og:description": description}
    tags.append(meta_tag("name", "description", description))
    if pagename == NOT_FOUND_PAGE:
        tags.append(meta_tag("name", "robots", "noindex"))
    context["metatags"] += "\n".join(tags) + "\n"


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", on_config_inited, priority=600)
    # Before sphinxext-opengraph (500) reads the description.
    app.connect("html-page-context", on_html_page_context, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
