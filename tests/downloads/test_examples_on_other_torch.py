"""Each gallery example, run with another torch than the pinned one, prints what its page shows.

The site is built with the torch pinned in constraints.txt. ``nox -s
newest_torch`` runs these tests with the newest release: an example whose
printout differs there needs a version note on its page.
"""

import importlib.metadata
import os
import subprocess
import sys

import pytest
from packaging.requirements import Requirement
from support.project import EXAMPLES, ROOT, SITE, printouts

SCRIPTS = sorted(path.name for path in EXAMPLES.glob("plot_*.py"))
pytestmark = pytest.mark.other_torch


def pinned_torch() -> str:
    """The torch release constraints.txt pins for the site's build."""
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            if requirement.name == "torch":
                return str(requirement.specifier).removeprefix("==")
    raise ValueError("constraints.txt pins no torch release")


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_prints_what_its_page_shows(site, tmp_path, name):
    installed = importlib.metadata.version("torch").split("+")[0]
    if installed == pinned_torch():
        pytest.skip("the pinned torch built the pages; the download tests run it")
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert run.returncode == 0, run.stderr
    page = SITE / "en" / "auto_examples" / name.replace(".py", ".html")
    assert [line.rstrip() for line in run.stdout.splitlines()] == printouts(page)
