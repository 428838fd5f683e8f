"""Translate the comments and docstrings in the Python code of every page.

Sphinx translates no code block, so a comment in a page's code, or the
docstring of a function the code defines, would stay English on every site.
Here each comment, or each run of whole-line comments, and each paragraph of
a docstring becomes a message of the page's catalog: a transform puts, after
every Python code block, one hidden node per message. The gettext builder
extracts them like any other text; Sphinx's Locale transform hands each node
its translation, and a transform that runs just after it writes the
translations into the code block. The code itself never changes, so a
translated page runs and prints exactly what the English one does.

``>>>`` examples are read statement by statement (the lines after ``>>>``
and ``...``); their printouts are left as they are. The gallery's downloads
take their comments and docstrings from the same messages (see
``gallery_translations.py``).
"""

import ast
import inspect
import io
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform

# Sphinx-Gallery's settings, written as comments, are not prose.
CONFIG_COMMENT = re.compile(r"#\s*sphinx_gallery_")
PYTHON = {"python", "python3", "py", "pycon", "ipython", "ipython3"}
PROMPT = ">>>"
CONTINUATION = "..."
PROMPT_WIDTH = 4  # ">>> " and "... "
STRING_PREFIX = re.compile(r"^(?P<prefix>[rRuU]?)(?P<quote>\"\"\"|'''|\"|')")


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

    @property
    def messages(self) -> list[str]:
        return [self.message]


@dataclass
class Docstring:
    """The docstring of a module, class or function, as its string literal.

    Lines are counted from 0 and columns in characters, in the code block;
    ``end_column`` is just past the closing quotes.
    """

    first_line: int
    column: int
    last_line: int
    end_column: int
    messages: list[str]


@dataclass
class _Source:
    """A piece of Python in a code block: all of it, or one ``>>>`` example."""

    text: str
    lines: list[int]  # the code block's line of each line of ``text``
    offset: int  # columns of prompt before each line of ``text``


def _python_sources(code: str) -> list[_Source]:
    """The pieces of ``code`` that are Python source, with their places."""
    lines = code.splitlines()
    if not any(line.startswith(PROMPT) for line in lines):
        return [_Source(code, list(range(len(lines))), 0)]
    sources: list[_Source] = []
    in_example = False
    for number, line in enumerate(lines):
        if line.startswith(PROMPT):
            sources.append(_Source("", [], PROMPT_WIDTH))
            in_example = True
        elif not (in_example and line.startswith(CONTINUATION)):
            in_example = False  # a printout
            continue
        source = sources[-1]
        source.text += line[PROMPT_WIDTH:] + "\n"
        source.lines.append(number)
    return sources


def _tokens(source: str) -> Iterator[tokenize.TokenInfo]:
    """The tokens of ``source`` up to the first it cannot read."""
    try:
        yield from tokenize.generate_tokens(io.StringIO(source).readline)
    except (tokenize.TokenError, SyntaxError):
        return


def comments(code: str) -> list[Comment]:
    """The comments of ``code``; lines are counted from 0."""
    lines = code.splitlines()
    found: list[Comment] = []
    for source in _python_sources(code):
        for token in _tokens(source.text):
            if token.type != tokenize.COMMENT or CONFIG_COMMENT.match(token.string):
                continue
            row = source.lines[token.start[0] - 1]
            column = token.start[1] + source.offset
            text = token.string[1:].strip()
            if not text:  # a bare "#" separates two runs
                continue
            whole_line = not lines[row][:column].strip(" .>")
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


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of a docstring, each on one line."""
    return [
        " ".join(line.strip() for line in paragraph.splitlines())
        for paragraph in re.split(r"\n\s*\n", inspect.cleandoc(text))
        if paragraph.strip()
    ]


def _character_column(line: str, byte_offset: int) -> int:
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8"))


def docstrings(code: str) -> list[Docstring]:
    """The docstrings in ``code`` that it defines whole; lines counted from 0."""
    found = []
    for source in _python_sources(code):
        try:
            tree = ast.parse(source.text)
        except SyntaxError:
            continue
        source_lines = source.text.splitlines()
        # The string an example evaluates is its output, not a docstring.
        kinds = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if not source.offset:
            kinds += (ast.Module,)
        for node in ast.walk(tree):
            if not isinstance(node, kinds):
                continue
            first = node.body[0] if node.body else None
            if not (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                continue
            literal = first.value
            start, end = literal.lineno - 1, literal.end_lineno - 1
            messages = _paragraphs(literal.value)
            if not messages:
                continue
            found.append(
                Docstring(
                    first_line=source.lines[start],
                    column=source.offset
                    + _character_column(source_lines[start], literal.col_offset),
                    last_line=source.lines[end],
                    end_column=source.offset
                    + _character_column(source_lines[end], literal.end_col_offset),
                    messages=messages,
                )
            )
    return found


def code_messages(code: str) -> list[str]:
    """The messages of ``code``: its comments and docstring paragraphs, in order."""
    pieces = sorted([*comments(code), *docstrings(code)], key=lambda p: p.first_line)
    return [message for piece in pieces for message in piece.messages]


def _translated_docstring(
    lines: list[str], docstring: Docstring, translate: Callable[[str], str]
) -> list[str]:
    """The lines that replace the docstring's, one per translated paragraph."""
    first, last = lines[docstring.first_line], lines[docstring.last_line]
    opening = STRING_PREFIX.match(first[docstring.column :])
    quote = opening["quote"]
    head = first[: docstring.column] + opening[0]
    tail = last[docstring.end_column :]
    paragraphs = [translate(message) for message in docstring.messages]
    if docstring.first_line == docstring.last_line:
        return [head + " ".join(paragraphs) + quote + tail]
    # The lines after the first keep the prompt of a >>> example and the
    # indentation of the line the docstring starts on.
    prompt = CONTINUATION if first.startswith((PROMPT, CONTINUATION)) else ""
    code = first[len(prompt) + 1 :] if prompt else first
    indent = (prompt + " " if prompt else "") + code[: len(code) - len(code.lstrip())]
    out = [head]
    if first[docstring.column + len(opening[0]) :].strip():
        out[0] += paragraphs.pop(0)
    for paragraph in paragraphs:
        if out[-1] != head:
            out.append(prompt)
        out.append(indent + paragraph)
    before_closing = last[: docstring.end_column - len(quote)]
    if before_closing[len(prompt) + 1 if prompt else 0 :].strip():
        out[-1] += quote + tail
    else:
        out.append(indent + quote + tail)
    return out


def translate_code(code: str, translate: Callable[[str], str]) -> str:
    """``code`` with each comment and docstring paragraph replaced by its translation.

    A comment, or run of whole-line comments, becomes one comment line;
    each paragraph of a docstring, one line of the docstring.
    """
    newline = "\r\n" if "\r\n" in code else "\n"
    lines = code.splitlines()
    pieces = sorted(
        [*comments(code), *docstrings(code)], key=lambda p: p.first_line, reverse=True
    )
    for piece in pieces:
        if isinstance(piece, Comment):
            first = lines[piece.first_line]
            new = [f"{first[: piece.column]}# {translate(piece.message)}"]
        else:
            new = _translated_docstring(lines, piece, translate)
        lines[piece.first_line : piece.last_line + 1] = new
    ending = newline if code.endswith(("\n", "\r")) else ""
    return newline.join(lines) + ending


class code_message(nodes.Element, addnodes.translatable):
    """A comment or docstring paragraph of the code block before it; shows nothing.

    One node holds one message: Sphinx's Locale transform decides per node
    whether it is translated, and a message translated as itself would stop
    the translation of any message sharing its node.
    """

    def preserve_original_messages(self) -> None:
        """The original message is kept from the start, in ``message``."""

    def extract_original_messages(self) -> list[str]:
        return [self["message"]]

    def apply_translated_message(self, original: str, translated: str) -> None:
        self["translation"] = translated


def gallery_dirs(config: Config) -> list[str]:
    """The folders, relative to the source folder, that the gallery writes."""
    directories = config.sphinx_gallery_conf["gallery_dirs"]
    return [directories] if isinstance(directories, str) else list(directories)


def is_python(block: nodes.literal_block) -> bool:
    """Whether a code block holds Python: by its language, or its included file."""
    language = block.get("language")
    if language is None:
        return str(block.get("source", "")).endswith(".py")
    return language.lower() in PYTHON


class CollectCodeMessages(SphinxTransform):
    """Put a ``code_message`` node after each Python code block per message."""

    # Before Sphinx preserves the original messages (10) and translates (20).
    default_priority = 5

    def apply(self, **kwargs) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            if not is_python(block):
                continue
            messages = code_messages(block.astext())
            position = block.parent.index(block)
            for offset, message in enumerate(messages, start=1):
                holder = code_message(message=message)
                holder.source, holder.line = block.source, block.line
                block.parent.insert(position + offset, holder)


class TranslateCode(SphinxTransform):
    """Write the translations of each code block's messages into the block."""

    # Just after Sphinx's Locale transform (20).
    default_priority = 21

    def apply(self, **kwargs) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            translations = {}
            for sibling in block.parent[block.parent.index(block) + 1 :]:
                if not isinstance(sibling, code_message):
                    break
                if "translation" in sibling:
                    translations[sibling["message"]] = sibling["translation"]
            if translations:
                code = translate_code(
                    block.astext(),
                    lambda message, found=translations: found.get(message, message),
                )
                block.rawsource = code
                del block[:]
                block += nodes.Text(code)


def _show_nothing(translator, node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_node(code_message, html=(_show_nothing, None))
    app.add_transform(CollectCodeMessages)
    app.add_transform(TranslateCode)
    return {
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
