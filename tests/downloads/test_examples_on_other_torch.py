"""Each gallery example, run with another torch than the pinned one, prints what its page shows.

The site is built with the torch pinned in constraints.txt. ``nox -s
newest_torch`` runs these tests with the newest release: an example whose
printout differs there needs a version note on its page.
"""

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from packaging.version import Version
from support.project import EXAMPLES, ROOT, SITE, built_page, printouts, tools_module

SCRIPTS = sorted(path.name for path in EXAMPLES.glob("plot_*.py"))
pytestmark = pytest.mark.other_torch


class VersionNote(NamedTuple):
    """A line an example prints differently from some torch release on."""

    since: str
    on_the_page: str
    printed: str
    # What the page's text says of it, so the note cannot go missing.
    the_note_says: str


VERSION_NOTES = {
    "plot_02_linear_network.py": [
        VersionNote(
            "2.15",
            "RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x5 and 2x5)",
            "RuntimeError: addmm: mat1 and mat2 shapes cannot be multiplied "
            "(4x5 and 2x5)",
            "addmm: mat1 and mat2 shapes cannot be multiplied",
        )
    ],
}


def expected_lines(name: str, page: Path, installed: str) -> list[str]:
    """What the page shows, with the lines its version notes change on ``installed``."""
    lines = printouts(page)
    # The page's words, one space apart: an inline literal is one span a word.
    words = " ".join(built_page(page).get_text().split())
    for note in VERSION_NOTES.get(name, []):
        assert note.the_note_says in words
        if Version(installed) >= Version(note.since):
            lines = [
                note.printed if line == note.on_the_page else line for line in lines
            ]
    return lines


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_prints_what_its_page_shows(site, tmp_path, name):
    installed = importlib.metadata.version("torch").split("+")[0]
    if installed == tools_module("torch_versions").pinned_torch(
        ROOT / "constraints.txt"
    ):
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
    printed = [line.rstrip() for line in run.stdout.splitlines()]
    assert printed == expected_lines(name, page, installed)


def test_a_version_note_changes_only_its_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<p>From torch 2.15 on: <code>"
        + " ".join(
            f'<span class="pre">{word}</span>'
            for word in [
                "addmm:",
                "mat1",
                "and",
                "mat2",
                "shapes",
                "cannot",
                "be",
                "multiplied",
            ]
        )
        + '</code></p><div class="sphx-glr-script-out"><pre>'
        "before\nRuntimeError: mat1 and mat2 shapes cannot be multiplied (4x5 and 2x5)\n"
        "</pre></div>",
        encoding="utf-8",
    )
    name = "plot_02_linear_network.py"
    assert expected_lines(name, page, "2.13.0") == printouts(page)
    assert expected_lines(name, page, "2.15.0") == [
        "before",
        VERSION_NOTES[name][0].printed,
    ]
    page.write_text(page.read_text().replace("addmm:", "mm:"), encoding="utf-8")
    with pytest.raises(AssertionError):
        expected_lines(name, page, "2.15.0")
