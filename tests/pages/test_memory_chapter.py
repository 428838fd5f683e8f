"""The chapter on memory quotes what its gallery example printed."""

import re

from support.project import DOCS, printouts

CHAPTER = DOCS / "guide" / "memory.md"
EXAMPLE_PAGE = "auto_examples/plot_07_memory_per_parameter.html"


def quoted_outputs() -> list[str]:
    """The lines of the chapter's ```text blocks."""
    blocks = re.findall(
        r"```text\n(.*?)```", CHAPTER.read_text(encoding="utf-8"), re.DOTALL
    )
    return [line for block in blocks for line in block.splitlines()]


def test_every_quoted_line_is_printed_by_the_example(site):
    quoted = quoted_outputs()
    assert quoted, "the chapter quotes no output"
    printed = printouts(site / "en" / EXAMPLE_PAGE)
    assert [line for line in quoted if line not in printed] == []
