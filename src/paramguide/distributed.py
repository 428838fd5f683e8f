"""Run a function on several CPU processes joined in one ``gloo`` process group.

Distributed training runs one process per rank. :func:`run_on_ranks` starts
them on this machine, joins them into a ``gloo`` process group on
``127.0.0.1``, calls the same function in each and brings back, in rank
order, what each printed and returned. It is bounded: every collective and
the whole run share one timeout, after which every process is stopped.

The ranks are fresh Python processes. They do not run the caller's script
again (as ``multiprocessing``'s ``spawn`` method does with a script's
top-level code), so the function must be importable by name from a module.
"""

from __future__ import annotations

import os
import pickle
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import torch.distributed as dist

from paramguide._checks import positive_int, positive_number

__all__ = ["RankFailedError", "RankOutput", "run_on_ranks"]

# How long a process asked to stop may take before it is killed.
_STOP_GRACE_SECONDS = 5.0
_POLL_SECONDS = 0.05
# What each rank's Python process runs: the work directory and the rank
# follow as arguments.
_RANK_ENTRY = (
    "import sys; from paramguide.distributed import _run_rank; "
    "_run_rank(sys.argv[1], int(sys.argv[2]))"
)


@dataclass(frozen=True)
class RankOutput:
    """What one rank printed and returned.

    Attributes:
        rank: The rank of the process, from ``0`` to ``world_size - 1``.
        lines: The lines it printed to standard output, in order.
        result: The value its function returned.
    """

    rank: int
    lines: list[str]
    result: object


class RankFailedError(RuntimeError):
    """A rank raised an exception or ended without reporting a result.

    Attributes:
        rank: The rank that failed first.
        details: The rank's traceback, or how its process ended.
    """

    def __init__(self, rank: int, world_size: int, details: str) -> None:
        summary = details.strip().splitlines()[-1] if details.strip() else "no output"
        super().__init__(f"rank {rank} of {world_size} failed: {summary}\n\n{details}")
        self.rank = rank
        self.details = details


def run_on_ranks(
    function: Callable[..., object],
    *args: object,
    world_size: int = 2,
    timeout: float = 300.0,
) -> list[RankOutput]:
    """Call ``function(*args)`` in ``world_size`` processes of one process group.

    Each process joins a ``gloo`` process group (``torch.distributed`` is
    initialised, so the function can call ``dist.get_rank()`` and the
    collectives), runs the function on one CPU thread, and leaves the group
    with ``destroy_process_group`` even when the function raises. If a rank
    fails or the run takes longer than ``timeout``, every process still
    running is stopped before the error is raised.

    >>> import torch.distributed as dist
    >>> [output.result for output in run_on_ranks(dist.get_rank, world_size=2)]
    [0, 1]
    >>> run_on_ranks(dist.get_rank, world_size=0)
    Traceback (most recent call last):
    ...
    ValueError: world_size must be a positive integer, got 0

    Args:
        function: A function defined at the top level of an importable
            module (the processes import it by name).
        *args: Picklable arguments passed to ``function`` in every rank.
        world_size: How many processes to run.
        timeout: Seconds the whole run may take, from starting the processes
            until the last one ends. It is also the process group's timeout
            for each collective.

    Returns:
        One :class:`RankOutput` per rank, in rank order.

    Raises:
        TypeError: If ``function`` is not callable or not importable by name.
        ValueError: If ``world_size`` or ``timeout`` is not positive.
        RankFailedError: If a rank raised or ended without a result.
        TimeoutError: If some rank was still running after ``timeout``.
    """
    world_size = positive_int("world_size", world_size)
    timeout = positive_number("timeout", timeout)
    _check_importable(function)
    with tempfile.TemporaryDirectory(prefix="paramguide-ranks-") as directory:
        workdir = Path(directory)
        job = (function, args, world_size, _free_port(), timeout)
        (workdir / "job.pickle").write_bytes(pickle.dumps(job))
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for rank in range(world_size):
                processes.append(_start_rank(workdir, rank))
            _wait_for_ranks(processes, workdir, time.monotonic() + timeout, timeout)
        finally:
            _stop(processes)
        return [
            RankOutput(
                rank=rank,
                lines=_read(workdir / f"{rank}.out").splitlines(),
                result=pickle.loads((workdir / f"{rank}.result").read_bytes()),
            )
            for rank in range(world_size)
        ]


def _check_importable(function: object) -> None:
    """Raise ``TypeError`` unless a new process can import ``function`` by name."""
    if not callable(function):
        raise TypeError(
            f"function must be callable, got {function!r} "
            f"of type {type(function).__name__}"
        )
    module_name = getattr(function, "__module__", None)
    qualified_name = getattr(function, "__qualname__", None)
    found: object = sys.modules.get(module_name or "")
    for part in (qualified_name or "<unknown>").split("."):
        found = getattr(found, part, None)
    if module_name == "__main__" or found is not function:
        raise TypeError(
            "function must be defined at the top level of an importable module, "
            f"got {qualified_name} from {module_name}"
        )


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that no process listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_rank(workdir: Path, rank: int) -> subprocess.Popen[bytes]:
    """Start the process of one rank; its output goes to files in ``workdir``."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(path for path in sys.path if path),
        "PYTHONIOENCODING": "utf-8",
        # One thread per rank: the ranks share the machine's cores.
        "OMP_NUM_THREADS": "1",
    }
    command = [sys.executable, "-c", _RANK_ENTRY, str(workdir), str(rank)]
    with (
        open(workdir / f"{rank}.out", "wb") as stdout,
        open(workdir / f"{rank}.err", "wb") as stderr,
    ):
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=environment,
        )


def _wait_for_ranks(
    processes: list[subprocess.Popen[bytes]],
    workdir: Path,
    deadline: float,
    timeout: float,
) -> None:
    """Return once every rank succeeded; raise at the first failure or the deadline."""
    world_size = len(processes)
    while True:
        exit_codes = [process.poll() for process in processes]
        failed = [rank for rank, code in enumerate(exit_codes) if code not in (None, 0)]
        if failed:
            # A rank that fails makes the others fail in their next
            # collective, and they may exit before it does: report the
            # earliest error recorded by any rank, running or not.
            recorded = {
                rank
                for rank in range(world_size)
                if _failure_file(workdir, rank).exists()
            }
            first = min(
                sorted(recorded | set(failed)),
                key=lambda rank: _failure_time(workdir, rank),
            )
            raise RankFailedError(
                first, world_size, _failure_details(workdir, first, exit_codes[first])
            )
        if all(code == 0 for code in exit_codes):
            return
        if time.monotonic() > deadline:
            running = [rank for rank, code in enumerate(exit_codes) if code is None]
            raise TimeoutError(
                f"rank {', '.join(map(str, running))} of {world_size} still running "
                f"after the timeout of {timeout:g} s; every process was stopped"
            )
        time.sleep(_POLL_SECONDS)


def _failure_file(workdir: Path, rank: int) -> Path:
    """Where a rank records the time and traceback of its exception."""
    return workdir / f"{rank}.failure"


def _failure_time(workdir: Path, rank: int) -> float:
    """When the rank recorded its exception, or infinity if it recorded none."""
    record = _failure_file(workdir, rank)
    return pickle.loads(record.read_bytes())[0] if record.exists() else float("inf")


def _failure_details(workdir: Path, rank: int, exit_code: int | None) -> str:
    """The rank's traceback, or its exit code and the end of its stderr."""
    record = _failure_file(workdir, rank)
    if record.exists():
        return pickle.loads(record.read_bytes())[1]
    stderr = _read(workdir / f"{rank}.err").strip().splitlines()[-20:]
    return "\n".join([*stderr, f"process exited with code {exit_code}"])


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Terminate every process still running, kill it if it lingers, reap all."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=_STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _run_rank(directory: str, rank: int) -> None:
    """The body of one rank's process: join the group, run the job, report."""
    workdir = Path(directory)
    function, args, world_size, port, timeout = pickle.loads(
        (workdir / "job.pickle").read_bytes()
    )
    dist.init_process_group(
        "gloo",
        init_method=f"tcp://127.0.0.1:{port}",
        rank=rank,
        world_size=world_size,
        timeout=timedelta(seconds=timeout),
    )
    try:
        result = function(*args)
        (workdir / f"{rank}.result").write_bytes(pickle.dumps(result))
    except Exception:
        # Recorded before leaving the group: the other ranks fail as soon as
        # this one leaves, and the parent reports the earliest failure.
        failure = (time.monotonic(), traceback.format_exc())
        # Written whole, then renamed: the parent never reads half a record.
        partial = workdir / f"{rank}.failure.partial"
        partial.write_bytes(pickle.dumps(failure))
        partial.replace(_failure_file(workdir, rank))
        raise
    finally:
        dist.destroy_process_group()
