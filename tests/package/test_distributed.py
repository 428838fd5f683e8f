"""run_on_ranks: results in rank order, failures named, hangs stopped, bad input refused."""

import math
import os

import pytest
from support import rank_functions

from paramguide import RankFailedError, run_on_ranks

# Only a bound against a hang: each rank imports torch, which on a busy
# two-core machine, or with a CUDA build of torch, can take most of a minute.
BOUND = 600


def test_each_rank_reports_its_lines_and_result_in_rank_order():
    outputs = run_on_ranks(
        rank_functions.report_rank_and_sum_ranks, world_size=3, timeout=BOUND
    )
    assert [output.rank for output in outputs] == [0, 1, 2]
    assert [output.lines for output in outputs] == [
        [f"rank {rank} of 3", f"rank {rank} done"] for rank in range(3)
    ]
    assert [output.result for output in outputs] == [3, 3, 3]


def test_arguments_reach_every_rank(tmp_path):
    run_on_ranks(
        rank_functions.hang_on_rank_one, str(tmp_path), world_size=1, timeout=BOUND
    )
    assert (tmp_path / "0.pid").is_file()


def test_a_rank_that_raises_is_named_with_its_error():
    with pytest.raises(RankFailedError) as caught:
        run_on_ranks(rank_functions.fail_on_rank_one, world_size=2, timeout=BOUND)
    assert caught.value.rank == 1
    assert str(caught.value).startswith(
        "rank 1 of 2 failed: ValueError: rank one refuses"
    )
    assert 'raise ValueError("rank one refuses")' in caught.value.details


def test_a_rank_that_exits_without_a_result_is_named_with_its_exit_code():
    with pytest.raises(RankFailedError, match="rank 1 of 2 failed") as caught:
        run_on_ranks(rank_functions.exit_on_rank_one, world_size=2, timeout=BOUND)
    assert caught.value.details.endswith("process exited with code 3")


def test_a_hanging_rank_is_stopped_after_the_timeout(tmp_path):
    # Rank 0 returns at once, but on a busy machine it may still be starting
    # when the timeout ends: the message names rank 1, perhaps with rank 0.
    with pytest.raises(TimeoutError, match=r"rank (0, )?1 of 2 still running"):
        run_on_ranks(
            rank_functions.hang_on_rank_one, str(tmp_path), world_size=2, timeout=30
        )
    pids = [int(path.read_text()) for path in sorted(tmp_path.glob("*.pid"))]
    assert len(pids) == 2
    for pid in pids:
        # A process that was stopped and reaped no longer exists.
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


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
