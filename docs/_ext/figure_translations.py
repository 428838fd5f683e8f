"""Show the gallery's figures in the language of the page.

Sphinx-Gallery runs each example once, in the build of the source language,
and every language shows the figures it saved. ``svg_scraper`` saves them
as SVG with their text kept as text (matplotlib's ``svg.fonttype: none``),
so that the reader's browser sets it in a font that has its characters and
a translated build can rewrite it. Each text of a figure that is prose (not
code, which the examples set in a monospaced font), and the figure's alt
text, becomes a message of the example's catalog: a transform puts one
hidden node per message after the figure, the gettext builder extracts
them, and Sphinx's Locale transform hands each its translation. The alt
text is translated in the page; after the build of any other language, the
copies of the figures and of the examples' thumbnails in that site's
``_images/`` are rewritten with the translated texts, and marked with the
language so that the browser picks its glyphs.
"""

import html
import re
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape, unescape

import matplotlib
from code_comments import gallery_dirs
from docutils import nodes
from languages import LANGUAGES
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx_gallery.directives import imgsgnode
from sphinx_gallery.scrapers import matplotlib_scraper

SOURCE_LANGUAGE = next(iter(LANGUAGES))
# A <text> element with no element inside it; mathtext is drawn glyph by
# glyph in <tspan> elements instead, and carries no prose.
TEXT = re.compile(r"(<text\b(?P<attributes>[^>]*)>)(?P<content>[^<]*)(</text>)")
MONOSPACE = re.compile(r"font-family:[^;\"]*mono", re.IGNORECASE)
LETTER = re.compile(r"[A-Za-z]")
SVG_ROOT = re.compile(r"<svg\b")
# Figures keep their text as text, and the same ids on every build.
SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "paramguide"}


def svg_scraper(block, block_vars, gallery_conf) -> str:
    """Sphinx-Gallery's matplotlib scraper, saving SVG files with text as text."""
    with matplotlib.rc_context(SVG_SETTINGS):
        return matplotlib_scraper(
            block, block_vars, gallery_conf, format="svg", metadata={"Date": None}
        )


def _is_prose(match: re.Match) -> bool:
    """Whether a ``<text>`` element holds prose: letters, not set as code."""
    return bool(LETTER.search(match["content"])) and not MONOSPACE.search(
        match["attributes"]
    )


def figure_texts(svg: str) -> list[str]:
    """The prose of a figure, once each, in the order it is drawn."""
    return list(
        dict.fromkeys(
            unescape(match["content"])
            for match in TEXT.finditer(svg)
            if _is_prose(match)
        )
    )


def translate_svg(svg: str, translations: Mapping[str, str], language: str) -> str:
    """``svg`` with its prose translated and its language set to ``language``."""

    def replace(match: re.Match) -> str:
        translation = translations.get(unescape(match["content"]))
        if translation is None or not _is_prose(match):
            return match[0]
        return match[1] + escape(translation) + match[4]

    tag = language.replace("_", "-")
    svg = SVG_ROOT.sub(f'<svg xml:lang="{tag}"', svg, count=1)
    return TEXT.sub(replace, svg)


class figure_text(nodes.Element, addnodes.translatable):
    """One text of the gallery figure before it (``role`` ``alt`` or ``text``).

    It shows nothing. One node holds one message, as ``code_message`` does.
    """

    def preserve_original_messages(self) -> None:
        """The original message is kept from the start, in ``message``."""

    def extract_original_messages(self) -> list[str]:
        return [self["message"]]

    def apply_translated_message(self, original: str, translated: str) -> None:
        self["translation"] = translated


def _in_gallery(env) -> bool:
    return any(env.docname.startswith(f"{d}/") for d in gallery_dirs(env.config))


def _following_texts(figure: nodes.Element) -> list[figure_text]:
    """The ``figure_text`` nodes just after a figure."""
    texts = []
    for sibling in figure.parent[figure.parent.index(figure) + 1 :]:
        if not isinstance(sibling, figure_text):
            break
        texts.append(sibling)
    return texts


class CollectFigureTexts(SphinxTransform):
    """Put a ``figure_text`` node after each SVG figure of the gallery per message."""

    # Before Sphinx preserves the original messages (10) and translates (20).
    default_priority = 5

    def apply(self, **kwargs) -> None:
        if not _in_gallery(self.env):
            return
        for figure in list(self.document.findall(imgsgnode)):
            path = Path(self.env.srcdir, figure["uri"].lstrip("/"))
            if path.suffix != ".svg" or not path.is_file():
                continue
            messages = [("alt", figure["alt"])] if figure["alt"] else []
            texts = figure_texts(path.read_text(encoding="utf-8"))
            messages += [("text", text) for text in texts]
            position = figure.parent.index(figure)
            for offset, (role, message) in enumerate(messages, start=1):
                holder = figure_text(role=role, message=message)
                holder.source, holder.line = figure.source, figure.line
                figure.parent.insert(position + offset, holder)


class TranslateFigureAlt(SphinxTransform):
    """Give each gallery figure its translated alt text."""

    # Just after Sphinx's Locale transform (20).
    default_priority = 21

    def apply(self, **kwargs) -> None:
        if not _in_gallery(self.env):
            return
        for figure in self.document.findall(imgsgnode):
            for text in _following_texts(figure):
                if text["role"] == "alt" and "translation" in text:
                    # Sphinx-Gallery writes the alt text into the tag unescaped.
                    figure["alt"] = html.escape(text["translation"])


def figure_translations(app: Sphinx, docname: str) -> dict[str, dict[str, str]]:
    """The translated texts of each SVG figure of a gallery page, by file name."""
    found = {}
    for figure in app.env.get_doctree(docname).findall(imgsgnode):
        found[Path(figure["uri"]).name] = {
            text["message"]: text["translation"]
            for text in _following_texts(figure)
            if text["role"] == "text" and "translation" in text
        }
    return found


def translate_figures(app: Sphinx) -> None:
    """Rewrite the site's copies of the gallery's SVG figures and thumbnails."""
    images = Path(app.outdir, app.builder.imagedir)
    for directory in gallery_dirs(app.config):
        for docname in sorted(app.env.found_docs):
            if not docname.startswith(f"{directory}/"):
                continue
            by_figure = figure_translations(app, docname)
            sources = {
                name: Path(app.srcdir, directory, "images", name) for name in by_figure
            }
            # A thumbnail is a copy of one of the example's figures.
            thumbnail = f"sphx_glr_{Path(docname).name}_thumb.svg"
            sources[thumbnail] = Path(
                app.srcdir, directory, "images", "thumb", thumbnail
            )
            by_figure[thumbnail] = {
                message: translation
                for translations in by_figure.values()
                for message, translation in translations.items()
            }
            for name, source in sources.items():
                copy = images / name
                if copy.is_file() and source.is_file():
                    svg = source.read_text(encoding="utf-8")
                    copy.write_text(
                        translate_svg(svg, by_figure[name], app.config.language),
                        encoding="utf-8",
                    )


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if (
        exception is None
        and app.builder.format == "html"
        and app.config.language != SOURCE_LANGUAGE
    ):
        translate_figures(app)


def _show_nothing(translator, node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_node(figure_text, html=(_show_nothing, None))
    app.add_transform(CollectFigureTexts)
    app.add_transform(TranslateFigureAlt)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
