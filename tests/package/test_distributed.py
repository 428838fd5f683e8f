"""run_on_ranks: results in rank order, failures named, hangs stopped, bad input refused."""

import math
import signal
import threading
import time
from contextlib import contextmanager, suppress

import psutil
import pytest
import torch
from support import rank_functions

from paramguide import RankFailedError, count_parameters, run_on_ranks
from paramguide.distributed import _RANK_ENTRY
from paramguide.distributed_demos import (
    fsdp2_bytes_per_rank,
    memory_vit,
    trainable_changes,
)

# Only a bound against a hang: each rank imports torch, which on a busy
# two-core machine, or with a CUDA build of torch, can take most of a minute.
BOUND = 600


@contextmanager
def watching_processes():
    """Collect the Python processes this one starts, directly or not, in the block.

    Each is kept with its command line, read when it is first seen.
    Processes started before the block, such as the browser of an earlier
    test on the same xdist worker, are not counted.
    """
    before = {child.pid for child in psutil.Process().children(recursive=True)}
    seen: dict[int, tuple[psutil.Process, str]] = {}
    done = threading.Event()

    def watch():
        while not done.is_set():
            for child in psutil.Process().children(recursive=True):
                if child.pid in before or child.pid in seen:
                    continue
                with suppress(psutil.NoSuchProcess):
                    if "python" in child.name():
                        seen[child.pid] = (child, " ".join(child.cmdline()))
            done.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield seen
    finally:
        done.set()
        watcher.join()


def ranks_among(processes) -> list[int]:
    """The processes that run_on_ranks started as ranks, by their command line.

    Another Python process may start while the ranks run (one more was seen
    with torch 2.15); it is not a rank, but it must have ended too.
    """
    return [pid for pid, (_, command) in processes.items() if _RANK_ENTRY in command]


def still_running(processes):
    # is_running() also compares start times, so a reused pid does not count;
    # a process that ended but was not reaped does.
    return [pid for pid, (process, _) in processes.items() if process.is_running()]


def test_each_rank_reports_its_lines_and_result_in_rank_order():
    outputs = run_on_ranks(
        rank_functions.report_rank_and_sum_ranks, world_size=3, timeout=BOUND
    )
    assert [output.rank for output in outputs] == [0, 1, 2]
    assert [output.lines for output in outputs] == [
        [f"rank {rank} of 3", f"rank {rank} done"] for rank in range(3)
    ]
    assert [output.result for output in outputs] == [3, 3, 3]


def test_arguments_reach_every_rank():
    outputs = run_on_ranks(
        rank_functions.return_arguments, 7, "seven", world_size=2, timeout=BOUND
    )
    assert [output.result for output in outputs] == [(7, "seven"), (7, "seven")]


def test_a_large_result_arrives_whole():
    # The launcher takes a rank's result as soon as it sees it, and stops the
    # ranks: a result must not be seen before it is written in full.
    size = 200_000_000
    outputs = run_on_ranks(
        rank_functions.return_bytes, size, world_size=1, timeout=BOUND
    )
    assert [len(output.result) for output in outputs] == [size]


def test_the_callers_signal_handlers_are_put_back():
    # torch's launcher handles these signals while the ranks run.
    numbers = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT]
    before = [signal.getsignal(number) for number in numbers]
    run_on_ranks(rank_functions.return_arguments, world_size=1, timeout=BOUND)
    assert [signal.getsignal(number) for number in numbers] == before


def test_a_rank_that_raises_is_named_with_its_error():
    with watching_processes() as processes, pytest.raises(RankFailedError) as caught:
        run_on_ranks(rank_functions.fail_on_rank_one, world_size=2, timeout=BOUND)
    assert caught.value.rank == 1
    assert str(caught.value).startswith(
        "rank 1 of 2 failed: ValueError: rank one refuses"
    )
    assert 'raise ValueError("rank one refuses")' in caught.value.details
    assert len(ranks_among(processes)) == 2
    assert still_running(processes) == []


def test_a_rank_that_exits_without_a_result_is_named_with_its_exit_code():
    with pytest.raises(RankFailedError, match="rank 1 of 2 failed") as caught:
        run_on_ranks(rank_functions.exit_on_rank_one, world_size=2, timeout=BOUND)
    assert caught.value.details.endswith("process exited with code 3")


def test_a_hanging_rank_is_stopped_after_the_timeout():
    timeout = 5
    with watching_processes() as processes:
        started = time.monotonic()
        # Rank 0 returns at once, but on a busy machine it may still be
        # importing torch when the timeout ends: the message names rank 1,
        # perhaps with rank 0.
        with pytest.raises(TimeoutError, match=r"rank (0, )?1 of 2 had not returned"):
            run_on_ranks(rank_functions.hang_on_rank_one, world_size=2, timeout=timeout)
        elapsed = time.monotonic() - started
    # Stopping takes a moment: a rank that ignores SIGTERM is killed 5 s later.
    assert elapsed < timeout + 10
    assert len(ranks_among(processes)) == 2
    assert still_running(processes) == []


@pytest.mark.parametrize("world_size", [0, -2])
def test_world_size_below_one_is_refused(world_size):
    with pytest.raises(ValueError, match="world_size must be a positive integer"):
        run_on_ranks(rank_functions.report_rank_and_sum_ranks, world_size=world_size)


@pytest.mark.parametrize("world_size", [2.0, "2", True])
def test_world_size_of_another_type_is_refused(world_size):
    with pytest.raises(TypeError, match="world_size must be a positive integer"):
        run_on_ranks(rank_functions.report_rank_and_sum_ranks, world_size=world_size)


@pytest.mark.parametrize("timeout", [0, -1.0, math.inf, math.nan])
def test_timeout_must_be_finite_and_positive(timeout):
    with pytest.raises(ValueError, match="timeout must be a finite number above zero"):
        run_on_ranks(rank_functions.report_rank_and_sum_ranks, timeout=timeout)


def test_timeout_must_be_a_number():
    with pytest.raises(TypeError, match="timeout must be a finite number above zero"):
        run_on_ranks(rank_functions.report_rank_and_sum_ranks, timeout="60")


def test_function_must_be_callable():
    with pytest.raises(TypeError, match="function must be callable, got 42"):
        run_on_ranks(42)


def test_function_must_be_importable_by_name():
    def nested():
        return None

    for function in (lambda: None, nested):
        with pytest.raises(TypeError, match="top level of an importable module"):
            run_on_ranks(function)


# What DDP does when requires_grad changes after wrapping: the chapter on
# distributed training explains these outcomes, printed by its example.
UNREDUCED = "iteration 1: Expected to have finished reduction in the prior iteration"


@pytest.fixture(scope="module")
def changes():
    """Each setting of ``trainable_changes``: the reports of ranks 0 and 1."""
    outputs = run_on_ranks(trainable_changes, world_size=2, timeout=BOUND)
    return {
        setting: [output.result[setting] for output in outputs]
        for setting in outputs[0].result
    }


def errors(reports):
    return [report["error"] for report in reports]


def grads(reports, name):
    return [report[f"{name}_grad"] for report in reports]


def assert_equal_on_both_ranks(reports, name):
    first, second = grads(reports, name)
    assert first is not None
    assert second is not None
    assert torch.equal(first, second)


def assert_different_on_the_ranks(reports, name):
    first, second = grads(reports, name)
    assert first is not None
    assert second is not None
    assert not torch.equal(first, second)


@pytest.mark.parametrize(
    "setting", ["freeze after wrapping", "freeze with static_graph=True"]
)
def test_freezing_after_wrapping_leaves_gradients_unreduced_then_raises(
    changes, setting
):
    reports = changes[setting]
    assert all(error.startswith(UNREDUCED) for error in errors(reports))
    assert grads(reports, "body") == [None, None]
    assert_different_on_the_ranks(reports, "head")


@pytest.mark.parametrize(
    "setting",
    [
        "unfreeze after wrapping",
        "unfreeze with find_unused_parameters=True",
        "unfreeze with static_graph=True",
    ],
)
def test_unfreezing_after_wrapping_raises_nothing_but_leaves_the_body_unreduced(
    changes, setting
):
    reports = changes[setting]
    assert errors(reports) == [None, None]
    assert_different_on_the_ranks(reports, "body")
    assert_equal_on_both_ranks(reports, "head")


@pytest.mark.parametrize(
    "setting", ["freeze, then wrap again", "freeze with find_unused_parameters=True"]
)
def test_a_body_frozen_after_wrapping_trains_in_sync_when_wrapped_again_or_found_unused(
    changes, setting
):
    reports = changes[setting]
    assert errors(reports) == [None, None]
    assert grads(reports, "body") == [None, None]
    assert_equal_on_both_ranks(reports, "head")


def test_a_body_unfrozen_then_wrapped_again_is_averaged(changes):
    reports = changes["unfreeze, then wrap again"]
    assert errors(reports) == [None, None]
    assert_equal_on_both_ranks(reports, "body")
    assert_equal_on_both_ranks(reports, "head")


@pytest.mark.skipif(
    torch.__version__ < "2.13", reason="torch 2.6's fully_shard fails on the CPU"
)
def test_fsdp2_shards_add_up_to_the_bytes_of_one_process():
    whole = count_parameters(memory_vit()) * 4
    tensors = len(list(memory_vit().parameters()))
    outputs = run_on_ranks(fsdp2_bytes_per_rank, world_size=2, timeout=120)
    reports = [output.result for output in outputs]
    assert sum(report["weights"] for report in reports) == whole
    assert sum(report["gradients"] for report in reports) == whole
    # Adam's two running averages are sharded; each rank keeps its own
    # 4-byte step count for every parameter tensor.
    state = sum(report["optimizer state"] for report in reports)
    assert state == 2 * whole + len(reports) * tensors * 4
    assert all(0 < report["weights"] < whole for report in reports)
