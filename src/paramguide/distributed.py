"""Run a function on several CPU processes joined in one ``gloo`` process group.

Distributed training runs one process per rank. :func:`run_on_ranks` starts
them with ``start_processes`` from ``torch.distributed.elastic``, the
function ``torchrun`` starts its ranks with, and sets ``RANK``,
``LOCAL_RANK``, ``WORLD_SIZE``, ``MASTER_ADDR`` and ``MASTER_PORT`` for each
as ``torchrun`` does. It calls the same function in each rank and brings
back, in rank order, what each printed and returned. It is bounded: every
collective and the whole run share one timeout, after which every process
is stopped.

Each rank is a new ``python`` process that imports the function by name, so
the function must be defined at the top level of an importable module. The
ranks do not run the caller's script again: started from a function with
``multiprocessing``'s ``spawn`` or ``forkserver`` method, each rank would
import the caller's ``__main__`` script first, and a gallery script run as a
program, which has no ``if __name__ == "__main__":`` guard, would start the
ranks again from every rank.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import torch.distributed as dist
from torch.distributed.elastic.multiprocessing import (
    DefaultLogsSpecs,
    PContext,
    RunProcsResult,
    Std,
    start_processes,
)
from torch.distributed.elastic.multiprocessing.errors import record

from paramguide._checks import positive_int, positive_number

__all__ = ["RankFailedError", "RankOutput", "run_on_ranks"]

# How long a rank asked to stop may take before it is killed.
_STOP_GRACE_SECONDS = 5
_POLL_SECONDS = 0.1
# What each rank's process runs; the work directory follows as an argument.
_RANK_ENTRY = (
    "import sys; from paramguide.distributed import _run_rank; _run_rank(sys.argv[1])"
)
_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)


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
        TimeoutError: If some rank had not returned after ``timeout``.
    """
    world_size = positive_int("world_size", world_size)
    timeout = positive_number("timeout", timeout)
    _check_importable(function)
    # As with `torchrun --standalone`, the launching process holds the store
    # where the ranks meet, on a port the system picks.
    store = dist.TCPStore("127.0.0.1", 0, is_master=True, wait_for_workers=False)
    environment = {
        "MASTER_ADDR": "127.0.0.1",
        "MASTER_PORT": str(store.port),
        "TORCHELASTIC_USE_AGENT_STORE": "True",
        "WORLD_SIZE": str(world_size),
        # One thread per rank: the ranks share the machine's cores.
        "OMP_NUM_THREADS": "1",
        "PYTHONPATH": os.pathsep.join(path for path in sys.path if path),
        "PYTHONIOENCODING": "utf-8",
    }
    ranks = range(world_size)
    with (
        tempfile.TemporaryDirectory(prefix="paramguide-ranks-") as workdir,
        _signal_handlers_kept(),
    ):
        Path(workdir, "job.pickle").write_bytes(pickle.dumps((function, args, timeout)))
        context = start_processes(
            name="paramguide-ranks",
            entrypoint=sys.executable,
            args={rank: ("-c", _RANK_ENTRY, workdir) for rank in ranks},
            envs={
                rank: {**environment, "RANK": str(rank), "LOCAL_RANK": str(rank)}
                for rank in ranks
            },
            logs_specs=DefaultLogsSpecs(log_dir=workdir, redirects=Std.ALL),
        )
        late = list(ranks)
        deadline = time.monotonic() + timeout
        try:
            while True:
                outcome = context.wait(_POLL_SECONDS, period=_POLL_SECONDS)
                late = [r for r in late if not Path(workdir, f"{r}.result").exists()]
                # Every rank has reported: one that lingers while leaving the
                # group (torch 2.6's gloo can hang there once its peers have
                # gone) is stopped below, its work done.
                if outcome is not None or not late or time.monotonic() > deadline:
                    break
        finally:
            _stop(context)
        if late and outcome is None:
            raise TimeoutError(
                f"rank {', '.join(map(str, late))} of {world_size} had not returned "
                f"after the timeout of {timeout:g} s; every process was stopped"
            )
        if late and outcome.is_failed():
            raise _first_failure(context, outcome, Path(workdir), world_size)
        return [
            RankOutput(
                rank=rank,
                lines=_read(context.stdouts[rank]).splitlines(),
                result=pickle.loads(Path(workdir, f"{rank}.result").read_bytes()),
            )
            for rank in ranks
        ]


@contextmanager
def _signal_handlers_kept() -> Iterator[None]:
    """Put back the caller's handlers of the signals start_processes takes over.

    While the ranks run, torch makes SIGTERM, SIGINT, SIGHUP and SIGQUIT
    raise an exception in the calling process, so that they stop the ranks.
    """
    handlers = {number: signal.getsignal(number) for number in _SIGNALS}
    try:
        yield
    finally:
        if threading.current_thread() is threading.main_thread():
            for number, handler in handlers.items():
                if handler is not None:
                    signal.signal(number, handler)


def _stop(context: PContext) -> None:
    """Stop every rank still running, kill it if it lingers, close its logs."""
    context.close(timeout=_STOP_GRACE_SECONDS)
    for handler in context.subprocess_handlers.values():
        # torch closes a rank's log files only when it stops the rank.
        for log in (handler._stdout, handler._stderr):
            if log is not None:
                log.close()


def _first_failure(
    context: PContext, outcome: RunProcsResult, workdir: Path, world_size: int
) -> RankFailedError:
    """The error of the rank that failed first, with its traceback."""
    # A rank that raised claimed the file first, before it left the process
    # group. Without a claim, the first rank torch found failed: torch
    # lists them before the ranks it then stopped.
    claim = workdir / "first_failure"
    rank = int(claim.read_text()) if claim.exists() else next(iter(outcome.failures))
    error_file = Path(context.error_files[rank])
    if error_file.is_file():
        # Written by `record`: {"message": {"extraInfo": {"py_callstack": ...}}}
        error = json.loads(error_file.read_text(encoding="utf-8"))
        details = error["message"]["extraInfo"]["py_callstack"]
    else:
        stderr = _read(context.stderrs[rank]).strip().splitlines()[-20:]
        exit_code = outcome.failures[rank].exitcode
        details = "\n".join([*stderr, f"process exited with code {exit_code}"])
    return RankFailedError(rank, world_size, details)


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


def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")


def _run_rank(workdir: str) -> None:
    """The body of one rank's process: join the group, run the job, report, exit."""
    function, args, timeout = pickle.loads(Path(workdir, "job.pickle").read_bytes())
    # The environment set by run_on_ranks says where the group meets.
    dist.init_process_group("gloo", timeout=timedelta(seconds=timeout))
    try:
        # record writes the traceback to the file TORCHELASTIC_ERROR_FILE
        # names, which start_processes sets for each rank.
        result = record(function)(*args)
    except Exception:
        # A failure makes the other ranks fail once this rank leaves the
        # group, not before: the first rank to create this file failed first.
        with (
            suppress(FileExistsError),
            open(Path(workdir, "first_failure"), "x") as claim,
        ):
            claim.write(os.environ["RANK"])
        dist.destroy_process_group()
        raise
    # Report before leaving the group, which may hang (see run_on_ranks). The
    # launcher takes the result as soon as it sees the file, so the file
    # appears whole, by a rename.
    reported = Path(workdir, f"{os.environ['RANK']}.result")
    written = reported.with_suffix(".partial")
    written.write_bytes(pickle.dumps(result))
    written.replace(reported)
    dist.destroy_process_group()
    # The work is done and reported. Leave without the interpreter's shutdown:
    # on a busy machine, a thread torch leaves behind after an FSDP2 run can
    # abort it ("terminate called without an active exception", exit -6).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
