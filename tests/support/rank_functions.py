"""Functions the tests of ``paramguide.run_on_ranks`` run on each rank.

They live in a module of their own because the ranks import them by name.
"""

import atexit
import os
import threading
import time

import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.fsdp import fully_shard


def report_rank_and_sum_ranks() -> int:
    """Print this rank, then return the sum of all ranks (an all-reduce)."""
    rank, world_size = dist.get_rank(), dist.get_world_size()
    print(f"rank {rank} of {world_size}")
    print(f"rank {rank} done")
    total = torch.tensor(rank)
    dist.all_reduce(total)
    return int(total)


def fail_on_rank_one() -> None:
    """Rank 1 raises, then lingers before its process ends.

    The others wait for it in a barrier, which fails as soon as rank 1 leaves
    the process group: they end first, with errors of their own.
    """
    if dist.get_rank() == 1:
        atexit.register(time.sleep, 5)
        raise ValueError("rank one refuses")
    dist.barrier()


def exit_on_rank_one() -> None:
    """Rank 1 ends its process at once, without a traceback."""
    if dist.get_rank() == 1:
        os._exit(3)


def hang_on_rank_one() -> None:
    """Rank 1 waits forever, once the process group is up; rank 0 returns."""
    if dist.get_rank() == 1:
        threading.Event().wait()


def return_arguments(*args: object) -> tuple[object, ...]:
    """Return the arguments this rank was called with."""
    return args


def local_shape_after_fully_shard() -> tuple[int, ...]:
    """The shape of this rank's shard of ``nn.Linear(4, 3).weight``."""
    model = nn.Linear(4, 3)
    fully_shard(model)
    return tuple(model.weight.to_local().shape)


def return_bytes(size: int) -> bytes:
    """Return ``size`` zero bytes: a result that takes a while to write."""
    return bytes(size)
