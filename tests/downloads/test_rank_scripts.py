"""The rank scripts readers download run with the torchrun command their pages show."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.project import EXAMPLES, LANGUAGES, SITE, built_page

DDP_RANKS = EXAMPLES / "ranks" / "ddp_ranks.py"
COMMAND = "torchrun --standalone --nproc-per-node 2 ddp_ranks.py"
# The pages that offer the script, relative to a language's root.
PAGES = ["auto_examples/plot_06_distributed_parameters.html", "guide/distributed.html"]
WRAP = re.compile(r"weight sum (\S+) before wrapping, (\S+) after")


# torch's gloo can abort a rank as its Python exits, after its work and its
# output are done: seen with torch 2.13 and 2.15 (not 2.6), about one run in
# ten on a loaded 2-core machine, with or without the model deleted first
# (docs/guide/distributed.md tells readers). Such a run is tried once more;
# any other failure, or a second abort, fails the test.
TEARDOWN_ABORT = "terminate called without an active exception"
LINES_PER_RANK = 4


def torchrun(script: Path, logs: Path) -> subprocess.CompletedProcess:
    """The command on the pages, through this environment's torch.

    Each rank's output goes to a file of its own under ``logs``: in one
    terminal, the lines of two ranks can interleave (with PYTHONUNBUFFERED
    set, even mid-line).
    """
    *options, name = COMMAND.split()[1:]
    redirect = ["--redirects", "1", "--log-dir", str(logs)]
    return subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", *options, *redirect, name],
        capture_output=True,
        text=True,
        check=False,
        cwd=script.parent,
        timeout=600,
    )


def rank_lines(logs: Path) -> list[list[str]]:
    """What each rank printed, in rank order; nothing for a rank with no log."""
    return [
        [
            line
            for log in logs.glob(f"*/attempt_0/{rank}/stdout.log")
            for line in log.read_text(encoding="utf-8").splitlines()
        ]
        for rank in range(2)
    ]


def aborted_after_the_work(run: subprocess.CompletedProcess, logs: Path) -> bool:
    """Whether a run failed only by a rank's abort as it exited, its work done."""
    return (
        run.returncode != 0
        and TEARDOWN_ABORT in run.stderr
        and all(len(lines) == LINES_PER_RANK for lines in rank_lines(logs))
    )


def test_only_an_abort_after_the_work_is_tried_again(tmp_path):
    for rank in range(2):
        log = tmp_path / "run" / "attempt_0" / str(rank) / "stdout.log"
        log.parent.mkdir(parents=True)
        log.write_text(f"rank {rank}: line\n" * LINES_PER_RANK, encoding="utf-8")

    def ended(returncode: int, stderr: str) -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess([], returncode, "", stderr)

    assert aborted_after_the_work(ended(1, f"x\n{TEARDOWN_ABORT}\n"), tmp_path)
    assert not aborted_after_the_work(ended(1, "RuntimeError: x"), tmp_path)
    assert not aborted_after_the_work(ended(0, TEARDOWN_ABORT), tmp_path)
    log.write_text("rank 1: line\n", encoding="utf-8")
    assert not aborted_after_the_work(ended(1, TEARDOWN_ABORT), tmp_path)


def test_ddp_ranks_runs_with_torchrun_and_keeps_the_copies_equal(tmp_path):
    script = tmp_path / DDP_RANKS.name
    script.write_bytes(DDP_RANKS.read_bytes())
    logs = tmp_path / "logs"
    run = torchrun(script, logs)
    if aborted_after_the_work(run, logs):
        logs = tmp_path / "logs-again"
        run = torchrun(script, logs)
    assert run.returncode == 0, run.stderr
    ranks = []
    for rank, lines in enumerate(rank_lines(logs)):
        prefix = f"rank {rank}: "
        assert [line[: len(prefix)] for line in lines] == [prefix] * LINES_PER_RANK
        ranks.append([line[len(prefix) :] for line in lines])
    first, second = ranks
    assert [lines[0] for lines in ranks] == [
        f"local rank {rank}, world size 2" for rank in range(2)
    ]
    (before_0, after_0), (before_1, after_1) = (
        WRAP.fullmatch(lines[1]).groups() for lines in ranks
    )
    # Different weights until DDP broadcasts rank 0's.
    assert before_0 != before_1
    assert after_0 == after_1 == before_0
    # The same averaged gradient, so the same step on both ranks.
    assert first[2] == second[2]
    assert first[2].startswith("grad norm ")
    assert first[3] == second[3] != f"weight sum {after_0} after the step"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_offers_the_script_and_shows_the_command(site, language):
    copies = sorted((site / language / "_downloads").glob(f"*/{DDP_RANKS.name}"))
    assert len(copies) == 1
    assert copies[0].read_bytes() == DDP_RANKS.read_bytes()
    for page in PAGES:
        html = built_page(SITE / language / page)
        targets = [
            (SITE / language / page).parent.joinpath(link["href"]).resolve()
            for link in html.select("a.download[href]")
        ]
        assert copies[0].resolve() in targets, page
        assert COMMAND in [block.get_text().strip() for block in html.select("pre")], (
            page
        )
