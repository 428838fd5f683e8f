"""Offer each gallery example for download in the language of the site.

Sphinx-Gallery writes the downloads of an example (its ``.py`` script, its
``.ipynb`` notebook, a zip of both, and zips of all examples) from the
English script, once, while the source language is built; the other
languages reuse them. After the build of any other language, this extension
rewrites that language's copies in ``_downloads/``: every text of the script
(the title and introduction of its docstring, every ``# %%`` text cell) is
replaced by its translation from the example's catalog, and so is every
comment and docstring in its code (``code_comments.py`` makes them messages
of that catalog). The notebook is made again from the translated script by
Sphinx-Gallery's own converter, and the zips are repacked with the
translated files. The code itself is left untouched, so a translated script
prints exactly what the English one prints.
"""

import ast
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from code_comments import gallery_dirs, translate_code
from languages import LANGUAGES
from script_translations import read_catalog, translated_messages
from sphinx.application import Sphinx
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


def translate_downloads(app: Sphinx) -> None:
    """Rewrite the gallery's downloads in ``_downloads/`` in the built language."""
    directories = [
        Path(app.srcdir, directory) for directory in gallery_dirs(app.config)
    ]
    downloads = Path(app.outdir, "_downloads")
    offered = {
        Path(app.srcdir, source): downloads / destination
        for source, (_, destination) in app.env.dlfiles.items()
        if any(Path(app.srcdir, source).is_relative_to(d) for d in directories)
    }
    translated: dict[Path, Path] = {}
    for script, copy in offered.items():
        if script.suffix != ".py":
            continue
        source = script.relative_to(app.srcdir)
        try:
            text = translate_script(
                script.read_text(encoding="utf-8"), _catalog_messages(app, source)
            )
        except MissingTranslation as missing:
            logger.warning(
                "%s has no %s translation of %r: run `nox -s i18n` and translate it",
                source,
                app.config.language,
                str(missing),
                type="gallery_translations",
            )
            continue
        copy.write_text(text, encoding="utf-8")
        translated[script] = copy
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
            translated[script.with_suffix(".ipynb")] = notebook
    for original, copy in offered.items():
        if original.suffix == ".zip":
            _repack(original, copy, translated)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if (
        exception is None
        and app.builder.format == "html"
        and app.config.language != SOURCE_LANGUAGE
    ):
        translate_downloads(app)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
