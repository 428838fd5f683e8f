"""The chapter on distributed training quotes what its gallery example printed."""

import re

import torch
from support import rank_functions
from support.project import DOCS, printouts

from paramguide import run_on_ranks

CHAPTER = DOCS / "guide" / "distributed.md"
EXAMPLE_PAGE = "auto_examples/plot_06_distributed_parameters.html"


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


def test_fully_shard_splits_rows_like_torch_chunk_on_four_ranks():
    # Exercise 3 of the chapter answers with this torch.chunk computation and
    # says that fully_shard gives the same shapes: four ranks, a weight [3, 4].
    pieces = [tuple(piece.shape) for piece in torch.chunk(torch.empty(3, 4), 4)]
    expected = pieces + [(0, 4)] * (4 - len(pieces))
    outputs = run_on_ranks(rank_functions.local_shape_after_fully_shard, world_size=4)
    assert [output.result for output in outputs] == expected
