"""What a code block's copy button puts on the clipboard, and how Python's REPL takes it.

sphinx-copybutton keeps the lines of a block that start with a prompt,
without the prompt, and its empty lines; it drops every other line and
one trailing newline. ``copied_lines`` follows its ``formatCopyText``
(``copybutton_funcs.js``) with the options set in ``docs/conf.py``, so the
pages' sources can be checked without a browser; the browser test checks
that the clipboard holds the same text.

``run_block`` types the copy into ``code.InteractiveConsole`` line by
line, as a paste into the plain ``python`` REPL does, and compares what
each example prints with the output the block shows, by doctest's rules
with the flags the guide's doctests use.
"""

import ast
import code
import doctest
import io
import re
import sys
import traceback
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from unittest import SkipTest

from sybil import Document
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.myst import CodeBlockParser, SkipParser

from support.project import DOCS, load_module

# The Chinese pages translate the comments and docstrings of the code
# (docs/_ext/code_comments.py), never the code itself.
_code_comments = load_module(DOCS / "_ext", "code_comments")


def without_prose(code_text: str) -> str:
    """``code_text`` with every comment and docstring paragraph emptied."""
    return _code_comments.translate_code(code_text, lambda message: "")


# The doctest flags of docs/conftest.py and of pyproject.toml.
OPTION_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
# sphinx-copybutton's defaults, for the options docs/conf.py leaves unset.
DEFAULTS = {
    "copybutton_prompt_text": "",
    "copybutton_prompt_is_regexp": False,
    "copybutton_only_copy_prompt_lines": True,
    "copybutton_remove_prompts": True,
    "copybutton_copy_empty_lines": True,
    "copybutton_line_continuation_character": "",
    "copybutton_here_doc_delimiter": "",
}


def copy_options() -> dict:
    """The copy button's options: docs/conf.py's values over the defaults."""
    options = dict(DEFAULTS)
    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in DEFAULTS:
                options[target.id] = ast.literal_eval(node.value)
    return options


OPTIONS = copy_options()


def prompt_pattern() -> re.Pattern:
    """The regular expression the copy button matches each line against."""
    prompt = OPTIONS["copybutton_prompt_text"]
    if not OPTIONS["copybutton_prompt_is_regexp"]:
        prompt = re.escape(prompt)
    # The button builds new RegExp('^(' + prompt + ')(.*)'), without flags:
    # on a single line, ^, $ and . mean the same in JavaScript and Python.
    return re.compile("^(" + prompt + ")(.*)")


PROMPT = prompt_pattern()


def copied_lines(shown: str) -> list[tuple[int, str]]:
    """The lines the copy button puts on the clipboard, each with its line in ``shown``.

    A line is kept without its prompt when it starts with one, kept as it
    is when it is empty (or continues a kept line or here-document), and
    dropped otherwise. When no line has a prompt, the whole text is copied.
    """
    continuation = OPTIONS["copybutton_line_continuation_character"]
    here_doc = OPTIONS["copybutton_here_doc_delimiter"]
    kept: list[tuple[int, str]] = []
    any_prompt = False
    in_continuation = in_here_doc = False
    lines = shown.split("\n")
    for number, line in enumerate(lines):
        match = PROMPT.match(line)
        if match or in_continuation or in_here_doc:
            any_prompt = any_prompt or match is not None
            if match and OPTIONS["copybutton_remove_prompts"]:
                kept.append((number, match.group(2)))
            else:
                kept.append((number, line))
            in_continuation = bool(continuation) and line.endswith(continuation)
            if here_doc and here_doc in line:
                in_here_doc = not in_here_doc
        elif not OPTIONS["copybutton_only_copy_prompt_lines"] or (
            OPTIONS["copybutton_copy_empty_lines"] and line.strip() == ""
        ):
            kept.append((number, line))
    if not any_prompt:
        kept = list(enumerate(lines))
    # The button removes one trailing newline so that a paste does not run.
    if len(kept) > 1 and kept[-1][1] == "":
        kept.pop()
    return kept


def copy_text(shown: str) -> str:
    """The text the copy button of a block showing ``shown`` puts on the clipboard."""
    return "\n".join(line for _, line in copied_lines(shown))


def is_prompted(shown: str) -> bool:
    """Whether a block holds ``>>>`` examples, as Sybil tells them from plain code."""
    return shown.startswith(">>>")


class Console(code.InteractiveConsole):
    """The plain REPL: records its syntax errors, the exceptions it reports and its output."""

    def __init__(self, namespace: dict):
        super().__init__(namespace, filename="<stdin>")
        self.output = io.StringIO()
        self.syntax_errors: list[SyntaxError] = []
        self.exceptions: list[BaseException] = []

    def write(self, data: str) -> None:
        self.output.write(data)

    def showsyntaxerror(self, filename=None, **kwargs):
        self.syntax_errors.append(sys.exc_info()[1])
        super().showsyntaxerror(filename, **kwargs)

    def showtraceback(self):
        self.exceptions.append(sys.exc_info()[1])
        super().showtraceback()

    def type_line(self, line: str) -> bool:
        """Type one line and Enter; True while a statement waits for more lines."""
        with redirect_stdout(self.output):
            return self.push(line)


class DryConsole(Console):
    """A REPL that parses what is typed and runs none of it."""

    def runcode(self, code_object):
        pass


@dataclass
class BlockRun:
    """What happened when one block's copy was typed into the REPL."""

    problems: list[str] = field(default_factory=list)
    syntax_errors: int = 0


def run_block(
    console: Console, shown: str, copied: str, *, check_output=True, first_line=1
) -> BlockRun:
    """Type ``copied`` into ``console`` and check it against the examples ``shown``.

    The copy must be what the copy button's rules give, and valid Python
    as a file or a notebook cell too. Each copied line is attributed to the example whose lines it comes from;
    what the REPL prints while it is typed must match that example's
    output, as doctest with the guide's flags matches it. An example that
    shows a traceback must raise, and only its last line is compared, as
    doctest does. ``check_output=False`` checks the syntax only. Problems
    name the line of each example, counting the block's first as ``first_line``.
    """
    examples = doctest.DocTestParser().get_examples(shown)
    starts = [example.lineno for example in examples]
    run = BlockRun()
    if copied != copy_text(shown):
        run.problems.append(
            "the copy differs from the copy button's rules:\n"
            f"copied:   {copied!r}\nexpected: {copy_text(shown)!r}"
        )
        return run
    try:
        compile(copied, "<copy>", "exec")
    except SyntaxError as error:
        run.problems.append(
            f"line {first_line}: the copy is no valid Python file: {error.msg} "
            f"at its line {error.lineno}, {error.text!r}"
        )
    by_example: list[list[str]] = [[] for _ in examples]
    for number, line in copied_lines(shown):
        index = max((i for i, start in enumerate(starts) if start <= number), default=0)
        by_example[index].append(line)
    checker = doctest.OutputChecker()
    added_name = "__name__" not in console.locals
    if added_name:
        console.locals["__name__"] = "__test__"  # as Sybil runs doctests
    try:
        for index, (example, lines) in enumerate(
            zip(examples, by_example, strict=True)
        ):
            start = console.output.tell()
            errors = len(console.syntax_errors)
            raised = len(console.exceptions)
            for line in lines:
                console.type_line(line)
            if index == len(examples) - 1 and console.buffer:
                console.type_line("")  # the reader's Enter after the paste
            first = example.source.splitlines()[0]
            where = f"line {first_line + example.lineno}, {first!r}"
            for error in console.syntax_errors[errors:]:
                run.syntax_errors += 1
                run.problems.append(
                    f"{where}: {type(error).__name__}: {error.msg} "
                    f"in the REPL at {error.text!r}"
                )
            if not check_output or len(console.syntax_errors) > errors:
                continue
            got = console.output.getvalue()[start:]
            exceptions = console.exceptions[raised:]
            flags = OPTION_FLAGS
            for flag, enabled in example.options.items():
                flags = flags | flag if enabled else flags & ~flag
            if flags & doctest.SKIP:
                continue
            if example.exc_msg is None:
                if exceptions:
                    run.problems.append(f"{where} raised in the REPL:\n{got}")
                elif not checker.check_output(example.want, got, flags):
                    run.problems.append(
                        f"{where} printed in the REPL:\n{got}the page shows:\n{example.want}"
                    )
            elif not exceptions:
                run.problems.append(
                    f"{where} raised nothing in the REPL; the page shows:\n{example.want}"
                )
            else:
                error = exceptions[-1]
                message = traceback.format_exception_only(type(error), error)[-1]
                if not checker.check_output(example.exc_msg, message, flags):
                    run.problems.append(
                        f"{where} raised in the REPL:\n{message}the page shows:\n{example.exc_msg}"
                    )
    finally:
        if added_name:
            console.locals.pop("__name__", None)
    return run


@dataclass
class PageRun:
    """What happened when the copies of one page's blocks were typed into one REPL."""

    blocks: int = 0
    skipped: int = 0
    syntax_error_blocks: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, label: str, run: BlockRun) -> None:
        self.blocks += 1
        if run.syntax_errors:
            self.syntax_error_blocks += 1
        self.problems += [f"{label}: {problem}" for problem in run.problems]


def run_page(source: Path, page_blocks: list[tuple[str, str]] | None = None) -> PageRun:
    """Type the copy of each ``>>>`` block of the page ``source`` into one REPL, in order.

    The page is read as Sybil reads it for the doctests (docs/conftest.py):
    its blocks share one namespace, fresh for the page, a block without
    prompts runs as code, and a block that a ``skip`` directive skips on
    this torch is checked for syntax only, in a REPL of its own.
    ``page_blocks`` holds the text a built page shows in each ``>>>`` block
    and what its copy button copied, in order; without it, they are
    worked out from the source. A translated page shows the source's code
    with its comments and docstrings translated.
    """
    result = PageRun()
    remaining = list(page_blocks) if page_blocks is not None else None
    console: Console | None = None

    name = source.relative_to(DOCS).as_posix()

    def shown_and_copied(example) -> tuple[str, str]:
        source_text = str(example.parsed)
        if remaining is None:
            return source_text, copy_text(source_text)
        if not remaining:
            raise AssertionError(
                f"{name}: the block at line {example.line + 1} is not on the built page"
            )
        shown, copied = remaining.pop(0)
        if without_prose(shown.rstrip("\n")) != without_prose(source_text.rstrip("\n")):
            raise AssertionError(
                f"{name}: the built page shows another block than the one at line "
                f"{example.line + 1}:\n{shown}"
            )
        return shown, copied

    def evaluate(example) -> None:
        nonlocal console
        if not is_prompted(example.parsed):
            PythonEvaluator()(example)
            return
        if console is None:
            console = Console(example.namespace)
        shown, copied = shown_and_copied(example)
        # Sybil's line is the fence's; the block starts on the next one.
        result.add(name, run_block(console, shown, copied, first_line=example.line + 1))

    document = Document.parse(
        str(source), CodeBlockParser("python", evaluate), SkipParser()
    )
    for example in document:
        try:
            example.evaluate()
        except SkipTest:
            if example.region.evaluator is evaluate and is_prompted(example.parsed):
                shown, copied = shown_and_copied(example)
                run = run_block(
                    DryConsole({}),
                    shown,
                    copied,
                    check_output=False,
                    first_line=example.line + 1,
                )
                result.add(name, run)
                result.skipped += 1
    if remaining:
        raise AssertionError(
            f"{name}: the built page has {len(remaining)} >>> blocks more than its source"
        )
    return result


def source_blocks(source: Path) -> list[tuple[str, str]]:
    """The ``>>>`` blocks of the page ``source`` and their copies by the rules, in order.

    These are the blocks and copies that ``run_page(source)`` types into the REPL.
    """
    document = Document.parse(
        str(source), CodeBlockParser("python", PythonEvaluator()), SkipParser()
    )
    return [
        (str(example.parsed), copy_text(str(example.parsed)))
        for example in document
        if isinstance(example.region.evaluator, PythonEvaluator)
        and is_prompted(example.parsed)
    ]


def check_syntax(name: str, blocks: list[tuple[str, str]]) -> PageRun:
    """Type copies into one REPL that runs nothing: for blocks with no page source."""
    result = PageRun()
    console = DryConsole({})
    for number, (shown, copied) in enumerate(blocks, start=1):
        run = run_block(console, shown, copied, check_output=False)
        result.add(f"{name}, block {number}", run)
        result.skipped += 1
    return result


def page_sources() -> list[Path]:
    """The pages whose ``>>>`` examples Sybil runs (see docs/conftest.py)."""
    return sorted(
        path
        for path in DOCS.rglob("*.md")
        if path.relative_to(DOCS).parts[0] not in {"_build", "auto_examples"}
    )
