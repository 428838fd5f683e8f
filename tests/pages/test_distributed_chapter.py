"""What the chapter on distributed training says about FSDP2 holds on four ranks."""

import torch
from support import rank_functions

from paramguide import run_on_ranks


def test_fully_shard_splits_rows_like_torch_chunk_on_four_ranks():
    # Exercise 3 of the chapter answers with this torch.chunk computation and
    # says that fully_shard gives the same shapes: four ranks, a weight [3, 4].
    pieces = [tuple(piece.shape) for piece in torch.chunk(torch.empty(3, 4), 4)]
    expected = pieces + [(0, 4)] * (4 - len(pieces))
    outputs = run_on_ranks(rank_functions.local_shape_after_fully_shard, world_size=4)
    assert [output.result for output in outputs] == expected
