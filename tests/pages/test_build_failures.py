"""A broken example or a wrong >>> output makes its check fail, naming the file."""

import json
import shutil
import subprocess
import sys
import textwrap

from support.project import DOCS, EXAMPLES, ROOT, TOOLS, load_module


def copy_project(tmp_path):
    """Copy the docs (with the gallery's cached outputs), examples, tools and src."""
    shutil.copytree(DOCS, tmp_path / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    # The diagrams of the pages are drawn by tools/diagrams.py.
    shutil.copytree(TOOLS, tmp_path / "tools")
    # The gallery pages include code of the package, so that the build of
    # the unbroken copy succeeds.
    shutil.copytree(
        ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__")
    )
    # The copy is no git checkout: its provenance names no commit, and the
    # gallery would discard the examples' outputs and run them all again
    # (docs/_ext/provenance.py). Stamp them with the copy's provenance.
    provenance = load_module(tmp_path / "docs" / "_ext", "provenance").provenance()
    stamp = tmp_path / "docs" / "auto_examples" / "provenance.json"
    stamp.write_text(json.dumps(provenance, indent=1) + "\n", encoding="utf-8")
    return tmp_path


def test_an_example_that_raises_fails_the_build_and_is_named(tmp_path):
    project = copy_project(tmp_path)
    # The gallery runs the examples when the builder starts, and reports a
    # failed one when the build finishes, whatever the builder: the dummy
    # builder reads every page as the HTML one does and writes nothing.
    (project / "examples" / "plot_99_broken.py").write_text(
        textwrap.dedent(
            '''
            """
            A broken example
            ================

            It divides by zero.
            """

            print(1 / 0)
            '''
        )
    )
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "dummy",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-D",
            "language=en",
            str(project / "docs"),
            str(project / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode != 0
    assert "plot_99_broken.py" in build.stderr
    assert "ZeroDivisionError" in build.stderr


def test_a_wrong_doctest_output_fails_and_names_the_page(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs" / "broken.md").write_text(
        textwrap.dedent(
            """
            # Broken

            ```python
            >>> 1 + 1
            3
            ```
            """
        )
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(project),
            str(project / "docs" / "broken.md"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
    )
    assert run.returncode == 1
    assert "broken.md" in run.stdout
    assert "Expected:\n    3\nGot:\n    2" in run.stdout
