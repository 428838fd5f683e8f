"""A chapter that quotes its gallery example's printout quotes what it printed."""

import re

import pytest
from support.project import DOCS, printouts

# Chapters that quote, in ```text blocks, lines their gallery example printed.
QUOTING_CHAPTERS = {
    "distributed.md": "auto_examples/plot_06_distributed_parameters.html",
    "memory.md": "auto_examples/plot_07_memory_per_parameter.html",
}


def quoted_outputs(chapter: str) -> list[str]:
    """The lines of the chapter's ```text blocks."""
    text = (DOCS / "guide" / chapter).read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(.*?)```", text, re.DOTALL)
    return [line for block in blocks for line in block.splitlines()]


@pytest.mark.parametrize(("chapter", "example_page"), QUOTING_CHAPTERS.items())
def test_every_quoted_line_is_printed_by_the_example(site, chapter, example_page):
    quoted = quoted_outputs(chapter)
    assert quoted, "the chapter quotes no output"
    printed = printouts(site / "en" / example_page)
    assert [line for line in quoted if line not in printed] == []
