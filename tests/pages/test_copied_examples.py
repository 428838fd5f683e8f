"""What a copy button copies from a ``>>>`` block runs when pasted into the plain REPL.

The copy button drops the prompts and the output. Python's REPL ends a
compound statement at a blank line and at nothing else, unlike a file or a
Jupyter cell: a class followed directly by the next statement is a
SyntaxError there, and so is a blank line between two of its methods. A
bare ``...`` line is copied as a blank line, so a block closes each
compound statement that another statement follows with one, and has none
inside one.

Each page's copies are typed into ``code.InteractiveConsole`` line by
line, in the page's order and in one namespace per page, as Sybil runs the
doctests; what each example prints must be what the page shows, and each
copy must also be valid as a file or a notebook cell. The copies follow
sphinx-copybutton's rules with docs/conf.py's options;
tests/built_site/test_copy_buttons.py checks the real buttons.
"""

import doctest
import importlib
import inspect
import pkgutil
import re

import pytest
from support.copying import (
    Console,
    DryConsole,
    copied_lines,
    copy_text,
    is_prompted,
    page_sources,
    run_block,
    run_page,
)
from support.project import DOCS

import paramguide

SOURCES = page_sources()


@pytest.mark.parametrize(
    "source", SOURCES, ids=[path.relative_to(DOCS).as_posix() for path in SOURCES]
)
def test_copies_of_a_page_run_in_the_repl_and_print_what_it_shows(source):
    run = run_page(source)
    if "\n>>> " in source.read_text(encoding="utf-8"):
        assert run.blocks > 0, "the page shows >>> examples, but none was copied"
    assert run.problems == [], "\n\n".join(run.problems)


def docstring_blocks() -> dict[str, list[str]]:
    """The ``>>>`` blocks of the package's docstrings, which the API page shows.

    In reStructuredText a doctest block starts with ``>>>`` and ends at a
    blank line.
    """
    modules = [paramguide] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(paramguide.__path__, "paramguide.")
    ]
    blocks = {}
    for module in modules:
        for test in doctest.DocTestFinder().find(module):
            if not test.examples:
                continue
            paragraphs = re.split(r"\n[ \t]*\n", inspect.cleandoc(test.docstring))
            blocks[test.name] = [text for text in paragraphs if is_prompted(text)]
    return blocks


def test_copies_of_docstring_examples_parse_in_the_repl():
    """pytest runs these examples in their module's namespace; here only their syntax is checked."""
    found = docstring_blocks()
    assert any(found.values()), "the package's docstrings should hold >>> examples"
    problems = []
    for name, blocks in found.items():
        console = DryConsole({})
        for number, block in enumerate(blocks, start=1):
            run = run_block(console, block, copy_text(block), check_output=False)
            problems += [f"{name}, block {number}: {text}" for text in run.problems]
    assert problems == [], "\n\n".join(problems)


def test_a_bare_continuation_prompt_is_copied_as_a_blank_line():
    shown = (
        ">>> class Scale:\n"
        "...     factor = 2\n"
        "...\n"
        ">>> Scale.factor\n"
        "2\n"
        ">>> for step in range(3):\n"
        "...     print(step)\n"
        "...\n"
        "0\n"
        "...\n"
        ">>> list(range(30))\n"
        "[0, 1,\n"
        "...\n"
        "...)\n"
        ">>> Scale.factor * 2\n"
        "4\n"
    )
    assert copy_text(shown) == (
        "class Scale:\n"
        "    factor = 2\n"
        "\n"
        "Scale.factor\n"
        "for step in range(3):\n"
        "    print(step)\n"
        "\n"
        "\n"
        "list(range(30))\n"
        "\n"
        "Scale.factor * 2"
    )
    # The output's own "..." lines are not copied as text; a bare one leaves
    # an empty line between two statements.
    copied = [number for number, _ in copied_lines(shown)]
    assert copied == [0, 1, 2, 3, 5, 6, 7, 9, 10, 12, 14]


def test_a_blank_line_inside_a_class_is_a_syntax_error_in_the_repl():
    shown = (
        ">>> class Scale:\n"
        "...     def __init__(self):\n"
        "...         self.factor = 2\n"
        "...\n"
        "...     def double(self, x):\n"
        "...         return x * self.factor\n"
        "...\n"
        ">>> Scale().double(3)\n"
        "6\n"
    )
    run = run_block(Console({}), shown, copy_text(shown))
    assert run.syntax_errors >= 1
    closed = shown.replace("...\n...     def", "...     def")
    assert run_block(Console({}), closed, copy_text(closed)).problems == []
