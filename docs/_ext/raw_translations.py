"""Translate the raw HTML blocks of MyST pages.

``gettext_additional_targets = ["raw"]`` makes every raw block a message,
but Sphinx applies a block's translation by parsing ``::`` followed by the
indented message: reStructuredText for a literal block. The MyST parser
reads that as a paragraph holding ``::``, so the translated page would show
"::" where the ``<details>`` and ``<summary>`` of an exercise's answer
belong. This transform runs just before Sphinx's own and writes each raw
block's translation into the node itself, on every page.
"""

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.transforms.i18n import Locale
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages


class TranslateRawBlocks(SphinxTransform):
    """Replace each translatable raw block by its translation."""

    default_priority = Locale.default_priority - 1

    def apply(self, **kwargs) -> None:
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        directories = [
            str(Path(self.env.srcdir, directory))
            for directory in self.config.locale_dirs
        ]
        catalog, has_catalog = init_locale(directories, self.config.language, domain)
        if not has_catalog:
            return
        for node, message in list(extract_messages(self.document)):
            if not isinstance(node, nodes.raw):
                continue
            translation = catalog.gettext(message)
            if translation and translation != message:
                node.rawsource = translation
                node.children = [nodes.Text(translation)]
            # Done here: Sphinx's own pass must leave the block alone.
            node["translatable"] = False
            node["translated"] = True


def setup(app: Sphinx) -> dict:
    app.add_transform(TranslateRawBlocks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
