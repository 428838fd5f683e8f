"""Translate the comments in the code of gallery examples.

Sphinx translates no code block, so a comment in an example's code would
stay English on every site. Here each comment, or each run of whole-line
comments, becomes a message of the example's catalog: a transform puts,
after every Python code block of a gallery page, a node holding the
block's comments as messages. The gettext builder extracts them like any
other text; Sphinx's Locale transform hands their translations to the node,
which writes them into the code block. The node itself shows nothing. The
gallery's downloads take their comments from the same messages (see
``gallery_translations.py``).
"""

import io
import re
import tokenize
from collections.abc import Callable
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform

# Sphinx-Gallery's settings, written as comments, are not prose.
CONFIG_COMMENT = re.compile(r"#\s*sphinx_gallery_")


@dataclass
class Comment:
    """A comment, or a run of whole-line comments, in a piece of code."""

    first_line: int
    last_line: int
    column: int
    whole_line: bool
    parts: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return " ".join(self.parts)


def comments(code: str) -> list[Comment]:
    """The comments of ``code``; lines are counted from 0."""
    lines = code.splitlines()
    found: list[Comment] = []
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type != tokenize.COMMENT or CONFIG_COMMENT.match(token.string):
            continue
        row, column = token.start[0] - 1, token.start[1]
        text = token.string[1:].strip()
        if not text:  # a bare "#" separates two runs
            continue
        whole_line = not lines[row][:column].strip()
        previous = found[-1] if found else None
        if (
            whole_line
            and previous is not None
            and previous.whole_line
            and previous.last_line == row - 1
            and previous.column == column
        ):
            previous.last_line = row
            previous.parts.append(text)
        else:
            found.append(Comment(row, row, column, whole_line, [text]))
    return found


def translate_comments(code: str, translate: Callable[[str], str]) -> str:
    """``code`` with each comment replaced by ``translate(message)`` on one line."""
    lines = code.splitlines(keepends=True)
    for comment in reversed(comments(code)):
        first = lines[comment.first_line]
        ending = first[len(first.rstrip("\r\n")) :]
        translated = f"{first[: comment.column]}# {translate(comment.message)}{ending}"
        lines[comment.first_line : comment.last_line + 1] = [translated]
    return "".join(lines)


class code_comments(nodes.Element, addnodes.translatable):
    """The comments of the code block just before it, as messages to translate."""

    def preserve_original_messages(self) -> None:
        """The original messages are kept from the start, in ``messages``."""

    def extract_original_messages(self) -> list[str]:
        return self["messages"]

    def apply_translated_message(self, original: str, translated: str) -> None:
        translations = self.setdefault("translations", {})
        translations[original] = translated
        code = translate_comments(
            self["code"], lambda message: translations.get(message, message)
        )
        block = self.parent[self.parent.index(self) - 1]
        block.rawsource = code
        del block[:]
        block += nodes.Text(code)


def gallery_dirs(config: Config) -> list[str]:
    """The folders, relative to the source folder, that the gallery writes."""
    directories = config.sphinx_gallery_conf["gallery_dirs"]
    return [directories] if isinstance(directories, str) else list(directories)


class CollectCodeComments(SphinxTransform):
    """Add a ``code_comments`` node after each commented code block of the gallery."""

    # Before Sphinx preserves the original messages (10) and translates (20).
    default_priority = 5

    def apply(self, **kwargs) -> None:
        directories = gallery_dirs(self.config)
        if not any(self.env.docname.startswith(f"{d}/") for d in directories):
            return
        for block in list(self.document.findall(nodes.literal_block)):
            if block.get("language", "").lower() != "python":
                continue
            code = block.astext()
            messages = [comment.message for comment in comments(code)]
            if messages:
                holder = code_comments(code=code, messages=messages)
                holder.source, holder.line = block.source, block.line
                block.parent.insert(block.parent.index(block) + 1, holder)


def _show_nothing(translator, node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_node(code_comments, html=(_show_nothing, None))
    app.add_transform(CollectCodeComments)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
