"""The rank scripts readers download run with the torchrun command their pages show."""

import re
import subprocess
import sys

import pytest
from support.project import EXAMPLES, LANGUAGES, SITE, built_page

DDP_RANKS = EXAMPLES / "ranks" / "ddp_ranks.py"
COMMAND = "torchrun --standalone --nproc-per-node 2 ddp_ranks.py"
# The pages that offer the script, relative to a language's root.
PAGES = ["auto_examples/plot_06_distributed_parameters.html", "guide/distributed.html"]
WRAP = re.compile(r"weight sum (\S+) before wrapping, (\S+) after")


def test_ddp_ranks_runs_with_torchrun_and_keeps_the_copies_equal(tmp_path):
    script = tmp_path / DDP_RANKS.name
    script.write_bytes(DDP_RANKS.read_bytes())
    # The command on the pages, through this environment's torch. Each
    # rank's output goes to a file of its own: in one terminal, the lines of
    # two ranks can interleave (with PYTHONUNBUFFERED set, even mid-line).
    *options, name = COMMAND.split()[1:]
    logs = tmp_path / "logs"
    redirect = ["--redirects", "1", "--log-dir", str(logs)]
    run = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", *options, *redirect, name],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    ranks = []
    for rank in range(2):
        (stdout,) = logs.glob(f"*/attempt_0/{rank}/stdout.log")
        lines = stdout.read_text(encoding="utf-8").splitlines()
        prefix = f"rank {rank}: "
        assert [line[: len(prefix)] for line in lines] == [prefix] * 4
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
