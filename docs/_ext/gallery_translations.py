"""Offer each gallery example for download in the language of the site, as its page shows it.

Sphinx-Gallery writes the downloads of an example (its ``.py`` script, its
``.ipynb`` notebook, a zip of both, and zips of all examples) from the
English script, once, while the source language is built; the other
languages reuse them. After the build of every language, this extension
rewrites that language's copies in ``_downloads/``:

- in every language, a ``literalinclude`` directive of a text cell, which
  the page shows as the code it includes, becomes a ``code-block`` holding
  that code: a reader of the script or the notebook sees the code, not the
  directive;
- on a translated site, every text of the script (the title and
  introduction of its docstring, every ``# %%`` text cell) is replaced by
  its translation from the example's catalog, and so is every comment and
  docstring in its code, the included code's too (``code_comments.py``
  makes them messages of that catalog);
- the notebook is made again from the rewritten script by Sphinx-Gallery's
  own converter, with the current first cell (``provenance.py``), and the
  zips are repacked with the rewritten files.

The code cells themselves are left untouched, so every script prints exactly
what the English one prints.
"""

import ast
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from code_comments import gallery_dirs, translate_code
from languages import LANGUAGES
from script_translations import read_catalog, translated_messages
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude, LiteralIncludeReader
from sphinx.util import logging
from sphinx_gallery import py_source_parser
from sphinx_gallery.gen_rst import _clean_script_blocks
from sphinx_gallery.notebook import jupyter_notebook, save_notebook

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = next(iter(LANGUAGES))
TEXT_CELL = re.compile(r"^# ?%%|^#{20,}")
SECTION_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+<>:._])\1+$")
LIST_ITEM = re.compile(r"^(?:[*+-]|\d+\.|#\.)\s+")
DIRECTIVE = re.compile(r"^\s*\.\. (?P<name>[\w:-]+)::")
OPTION = re.compile(r"^\s+:[\w-]+:")
# Directives whose content is prose to translate; any other directive's
# content (code, math, a figure's options) is kept as it is, except the
# comments and docstrings of a Python code block.
PROSE_DIRECTIVES = {"note", "tip", "hint", "important", "warning", "caution", "seealso"}
PYTHON_BLOCK = re.compile(
    r"^(?P<indent>\s*)\.\. (?:code-block|code|sourcecode)::\s*(?:python3?|py)\s*$",
    re.IGNORECASE,
)
# A literalinclude directive and its options, in a text cell ("# " before
# each line) or in the docstring (nothing before).
LITERAL_INCLUDE = re.compile(
    r"^(?P<prefix>#[ \t]?|)(?P<indent>[ \t]*)\.\. literalinclude::[ \t]*(?P<path>\S+)"
    r"[ \t]*\n(?P<options>(?:(?P=prefix)(?P=indent)[ \t]+:[\w-]+:.*\n)*)",
    re.MULTILINE,
)
INCLUDE_OPTION = re.compile(r":(?P<name>[\w-]+):[ \t]*(?P<value>.*)")
# The options of literalinclude that choose what it shows; the others only
# style it on the page.
READER_OPTIONS = {
    "dedent",
    "tab-width",
    "encoding",
    "pyobject",
    "lines",
    "start-after",
    "end-before",
    "start-at",
    "end-at",
    "prepend",
    "append",
    "diff",
}
DOCSTRING = re.compile(
    r"^(?P<prefix>[rRuU]?)(?P<quote>\"\"\"|''')(?P<body>.*)(?P=quote)$", re.DOTALL
)


class MissingTranslation(LookupError):
    """A text of an example has no translation in its catalog."""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font; docutils counts the same way."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _translate(lines: list[str], messages: Mapping[str, str]) -> str:
    """The translation of a paragraph: its lines joined, as Sphinx extracts it."""
    message = " ".join(line.strip() for line in lines)
    if message not in messages:
        raise MissingTranslation(message)
    return messages[message]


def _chunks(lines: list[str]) -> Iterator[list[str]]:
    """Runs of non-blank lines."""
    chunk: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            chunk.append(line)
        elif chunk:
            yield chunk
            chunk = []


def _list_items(chunk: list[str]) -> list[tuple[str, list[str]]]:
    """The items of a bullet or enumerated list: (indent and marker, lines)."""
    indent = len(chunk[0]) - len(chunk[0].lstrip())
    items: list[tuple[str, list[str]]] = []
    for line in chunk:
        marker = LIST_ITEM.match(line[indent:])
        if marker and len(line) - len(line.lstrip()) == indent:
            end = indent + marker.end()
            items.append((line[:end], [line[end:]]))
        else:
            items[-1][1].append(line)
    return items


def _translate_python_blocks(
    lines: list[str], messages: Mapping[str, str]
) -> list[str]:
    """``lines`` with the comments and docstrings of each Python code block translated.

    The page shows such a block as Python code, whose comments and docstring
    paragraphs ``code_comments.py`` made messages of the example's catalog.
    """
    blocks = []
    for start, line in enumerate(lines):
        directive = PYTHON_BLOCK.match(line)
        if not directive:
            continue
        end = start + 1
        while end < len(lines) and OPTION.match(lines[end]):
            end += 1
        body_start = end
        depth = len(directive["indent"])
        while end < len(lines) and (
            not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > depth
        ):
            end += 1
        code = [line for line in lines[body_start:end] if line.strip()]
        if code:
            margin = min(len(line) - len(line.lstrip()) for line in code)
            blocks.append((body_start, end, margin))
    out = list(lines)
    for body_start, end, margin in reversed(blocks):
        translated = translate_code(
            "\n".join(line[margin:] for line in lines[body_start:end]),
            lambda message: _translate([message], messages),
        )
        out[body_start:end] = [
            " " * margin + line if line.strip() else ""
            for line in translated.split("\n")
        ]
    return out


def translate_rst(text: str, messages: Mapping[str, str]) -> str:
    """Translate the reStructuredText of a gallery text cell or docstring.

    Each paragraph, section title and list item is one message, as Sphinx
    extracts it; a translated paragraph takes one line. Directive lines, the
    content of directives other than admonitions, and literal blocks after
    ``::`` are kept as they are, except the comments and docstrings of a
    Python ``code-block``, which are translated as in code cells.

    Raises:
        MissingTranslation: a text has no translation in ``messages``.
    """
    lines = _translate_python_blocks(text.splitlines(), messages)
    out = [""] * (len(lines) - len(text.lstrip("\n").splitlines()))
    literal_next = False
    for chunk in _chunks(lines):
        if len(chunk) >= 2 and SECTION_UNDERLINE.match(chunk[1]):
            title = _translate(chunk[:1], messages)
            out += [title, chunk[1][0] * max(display_width(title), 3)]
            chunk = chunk[2:]
            if not chunk:
                out.append("")
                continue
        indent = chunk[0][: len(chunk[0]) - len(chunk[0].lstrip())]
        directive = DIRECTIVE.match(chunk[0])
        if literal_next and indent:
            out += chunk
        elif chunk[0].lstrip().startswith(".. "):
            head = 1
            while head < len(chunk) and OPTION.match(chunk[head]):
                head += 1
            out += chunk[:head]
            body = chunk[head:]
            if body and directive and directive["name"] in PROSE_DIRECTIVES:
                body_indent = body[0][: len(body[0]) - len(body[0].lstrip())]
                out.append(body_indent + _translate(body, messages))
            else:
                out += body
        elif LIST_ITEM.match(chunk[0].lstrip()):
            out += [
                marker + _translate(item, messages)
                for marker, item in _list_items(chunk)
            ]
        else:
            out.append(indent + _translate(chunk, messages))
        literal_next = (
            chunk[-1].rstrip().endswith("::")
            or bool(directive and directive["name"] not in PROSE_DIRECTIVES)
            or (literal_next and bool(indent))
        )
        out.append("")
    return "\n".join(out).rstrip("\n") + ("\n" if text.endswith("\n") else "")


def translate_script(source: str, messages: Mapping[str, str]) -> str:
    """Translate the docstring, text cells, code comments and docstrings of a script.

    Raises:
        MissingTranslation: a text has no translation in ``messages``.
    """

    def translate(message: str) -> str:
        return _translate([message], messages)

    lines = source.splitlines(keepends=True)
    out: list[str] = []
    position = 0
    first = ast.parse(source).body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        docstring = DOCSTRING.match("".join(lines[: first.end_lineno]).rstrip("\n"))
        body = translate_rst(docstring["body"], messages)
        prefix = docstring["prefix"] or ("r" if "\\" in body else "")
        out.append(f"{prefix}{docstring['quote']}{body}{docstring['quote']}\n")
        position = first.end_lineno
    while position < len(lines):
        end = position
        while end < len(lines) and not TEXT_CELL.match(lines[end]):
            end += 1
        out.append(translate_code("".join(lines[position:end]), translate))
        if end == len(lines):
            break
        out.append(lines[end])
        position = end = end + 1
        while end < len(lines) and lines[end].startswith("#"):
            end += 1
        if end > position:
            text = "".join(re.sub(r"^# ?", "", line) for line in lines[position:end])
            translated = translate_rst(text, messages)
            out += [f"# {line}".rstrip() + "\n" for line in translated.splitlines()]
        position = end
    return "".join(out)


def include_code(source: str, folder: Path, srcdir: Path, config: Config) -> str:
    """Replace each ``literalinclude`` of a gallery script's text by the code it shows.

    The code is read as the directive reads it on the page (Sphinx's own
    reader, with the directive's options), from the file it names relative
    to ``folder``, the folder of the example's page (or to ``srcdir``, the
    source folder, when it starts with ``/``). It is written as a
    ``code-block``, which Sphinx-Gallery's notebook converter turns into a
    fenced code block of a Markdown cell.

    Raises:
        OSError: an included file cannot be read.
        ValueError: the directive's options contradict each other.
    """

    def expand(match: re.Match) -> str:
        options = {}
        for line in match["options"].splitlines():
            option = INCLUDE_OPTION.search(line)
            name, value = option["name"], option["value"].strip()
            if name in READER_OPTIONS or name == "language":
                options[name] = LiteralInclude.option_spec[name](value or None)
        path = match["path"]
        # As Sphinx resolves the directive's path: ".." first, then links.
        filename = Path(
            os.path.normpath(
                srcdir / path.lstrip("/") if path.startswith("/") else folder / path
            )
        )
        reader_options = {k: v for k, v in options.items() if k in READER_OPTIONS}
        code, _ = LiteralIncludeReader(filename, reader_options, config).read()
        language = options.get("language") or (
            "python" if filename.suffix == ".py" else "text"
        )
        lead = match["prefix"] + match["indent"]
        body = [f"{lead}   {line}".rstrip() for line in code.splitlines()]
        lines = [f"{lead}.. code-block:: {language}", lead.rstrip(), *body]
        return "\n".join(lines) + "\n"

    return LITERAL_INCLUDE.sub(expand, source)


def _catalog_messages(app: Sphinx, source: Path) -> dict[str, str]:
    """The translations of the catalog of one example, in the built language."""
    messages: dict[str, str] = {}
    for locale_dir in app.config.locale_dirs:
        messages_dir = Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES")
        po_path = messages_dir / source.with_suffix(".po")
        if po_path.is_file():
            for message in translated_messages(read_catalog(po_path)):
                messages[message.id] = message.string
    return messages


def _repack(original: Path, destination: Path, replaced: Mapping[Path, Path]) -> None:
    """Copy a zip, taking each member that ``replaced`` names from its new file."""
    with zipfile.ZipFile(original) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, data in members:
            new_file = replaced.get(original.parent / info.filename)
            target.writestr(info, new_file.read_bytes() if new_file else data)
    destination.write_bytes(buffer.getvalue())


def rewrite_downloads(app: Sphinx) -> None:
    """Rewrite the gallery's downloads in ``_downloads/`` as the built pages show them.

    On a translated site the texts and comments are translated; in every
    language the code that a ``literalinclude`` shows is written out.
    """
    directories = [
        Path(app.srcdir, directory) for directory in gallery_dirs(app.config)
    ]
    downloads = Path(app.outdir, "_downloads")
    offered = {
        Path(app.srcdir, source): downloads / destination
        for source, (_, destination) in app.env.dlfiles.items()
        if any(Path(app.srcdir, source).is_relative_to(d) for d in directories)
    }
    translate = app.config.language != SOURCE_LANGUAGE
    rewritten: dict[Path, Path] = {}
    for script, copy in offered.items():
        if script.suffix != ".py":
            continue
        source = script.relative_to(app.srcdir)
        text = script.read_text(encoding="utf-8")
        try:
            # The included code first, so that its comments and docstrings
            # are translated as those of any Python code block.
            text = include_code(text, script.parent, Path(app.srcdir), app.config)
            if translate:
                text = translate_script(text, _catalog_messages(app, source))
        except MissingTranslation as missing:
            logger.warning(
                "%s has no %s translation of %r: run `nox -s i18n` and translate it",
                source,
                app.config.language,
                str(missing),
                type="gallery_translations",
            )
            continue
        except (OSError, ValueError) as error:
            logger.warning(
                "%s: cannot write out a literalinclude for its downloads: %s",
                source,
                error,
                type="gallery_translations",
            )
            continue
        copy.write_text(text, encoding="utf-8")
        rewritten[script] = copy
        notebook = offered.get(script.with_suffix(".ipynb"))
        if notebook is not None:
            _, blocks = py_source_parser.split_code_and_text_blocks(copy)
            blocks, _ = _clean_script_blocks(
                app.config.sphinx_gallery_conf,
                py_source_parser,
                blocks,
                [""] * len(blocks),
            )
            save_notebook(
                jupyter_notebook(blocks, app.config.sphinx_gallery_conf, script.parent),
                notebook,
            )
            rewritten[script.with_suffix(".ipynb")] = notebook
    for original, copy in offered.items():
        if original.suffix == ".zip":
            _repack(original, copy, rewritten)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        rewrite_downloads(app)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
