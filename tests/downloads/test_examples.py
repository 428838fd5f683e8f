"""Each gallery example as a reader downloads it, from the site of every language.

A downloaded script runs and prints what the page shows. On a translated
site every download (script, notebook, zips) reads in that site's language
and keeps the code: only its comments and docstrings are translated.
"""

import ast
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
import venv
import zipfile
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock
from sphinx_gallery.py_source_parser import split_code_and_text_blocks
from support.project import EXAMPLES, LANGUAGES, ROOT, SITE, printouts

SCRIPTS = sorted(path.name for path in EXAMPLES.glob("plot_*.py"))
SOURCE_LANGUAGE, *TRANSLATIONS = LANGUAGES
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Lines of reStructuredText that carry no prose: section underlines,
# directive lines and their options.
NOT_PROSE = re.compile(r"^\s*(?:([=\-~^\"'`#*+<>:._])\1+|\.\. .*|:[\w-]+:.*)$")
DIRECTIVE = re.compile(r"^\s*\.\. (?P<name>[\w:-]+)::")
PROSE_DIRECTIVES = {"note", "tip", "hint", "important", "warning", "caution", "seealso"}
CONFIG_COMMENT = re.compile(r"^#\s*sphinx_gallery_")
NOTEBOOKS = [name.replace(".py", ".ipynb") for name in SCRIPTS]
# Each zip offered for download, and the files it holds.
ZIPS = {
    **{
        name.replace(".py", ".zip"): [name, notebook]
        for name, notebook in zip(SCRIPTS, NOTEBOOKS, strict=True)
    },
    "auto_examples_python.zip": SCRIPTS,
    "auto_examples_jupyter.zip": NOTEBOOKS,
}


def downloaded(language: str, name: str) -> Path:
    """The copy of an example file that the site of ``language`` offers."""
    matches = sorted((SITE / language / "_downloads").glob(f"*/{name}"))
    assert len(matches) == 1, f"{name} is offered {len(matches)} times"
    return matches[0]


def blocks(script: Path, label: str) -> list[str]:
    """The text or code blocks of a gallery script, as Sphinx-Gallery splits it."""
    _, script_blocks = split_code_and_text_blocks(script)
    return [content for kind, content, _ in script_blocks if kind == label]


def docstring_starts(code: str) -> set[tuple[int, int]]:
    """Where the docstrings of the classes and functions of ``code`` start."""
    return {
        (node.body[0].lineno, node.body[0].col_offset)
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }


def without_comments(code: str) -> list[tuple[int, str]]:
    """The tokens of ``code`` that run: comments, blank lines and the text of
    docstrings left out."""
    docstrings = docstring_starts(code)
    return [
        (token.type, "docstring" if token.start in docstrings else token.string)
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type not in {tokenize.COMMENT, tokenize.NL}
    ]


def docstrings(code: str) -> list[str]:
    """The docstrings of the classes and functions of ``code``."""
    return [
        ast.get_docstring(node, clean=True)
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and ast.get_docstring(node)
    ]


def english_prose(text: str) -> list[str]:
    """Lines of prose in reStructuredText that have no Han character.

    Section underlines, directive lines and the code or literal blocks that
    follow them are not prose.
    """
    left = []
    code_indent = None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if not line.strip() or (code_indent is not None and indent > code_indent):
            continue
        code_indent = None
        directive = DIRECTIVE.match(line)
        if directive and directive["name"] not in PROSE_DIRECTIVES:
            code_indent = indent
        elif not NOT_PROSE.match(line):
            if not HAN.search(line):
                left.append(line)
            if line.rstrip().endswith("::"):
                code_indent = indent
    return left


def english_left(script: Path) -> list[str]:
    """Lines of text cells, comments and docstrings in code with no Han character."""
    prose = [line for text in blocks(script, "text") for line in english_prose(text)]
    comments = [
        token.string
        for code in blocks(script, "code")
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type == tokenize.COMMENT
        and not CONFIG_COMMENT.match(token.string)
        and token.string.strip("# ")
    ]
    comments += [
        line
        for code in blocks(script, "code")
        for docstring in docstrings(code)
        for line in docstring.splitlines()
        if line.strip()
    ]
    return prose + [comment for comment in comments if not HAN.search(comment)]


@pytest.fixture(scope="session")
def standalone_python(tmp_path_factory, worker_id) -> Path:
    """A fresh environment holding only the project and what its examples need.

    The xdist workers of a run share one: the first to need it creates it,
    under a lock in the temporary folder that they have in common.
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    location = shared / "standalone"
    python = location / "bin" / "python"
    with FileLock(shared / "standalone.lock"):
        if not (location / "complete").exists():
            _create_standalone(location)
    return python


def _create_standalone(location: Path) -> None:
    """Create the environment, and mark it complete once pip has finished."""
    shutil.rmtree(location, ignore_errors=True)
    venv.create(location, with_pip=True)
    python = location / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(ROOT / "constraints.txt"),
            f"{ROOT}[examples]",
        ],
        check=True,
    )
    (location / "complete").touch()


def test_every_example_is_on_the_site(site):
    assert SCRIPTS, "no examples found"
    for name in SCRIPTS:
        copy = downloaded(SOURCE_LANGUAGE, name)
        assert copy.read_bytes() == (EXAMPLES / name).read_bytes()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SCRIPTS)
def test_downloaded_script_runs_and_prints_what_the_page_shows(
    site, standalone_python, tmp_path, language, name
):
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    environment.pop("PYTHONPATH", None)
    run = subprocess.run(
        [str(standalone_python), str(downloaded(language, name))],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=environment,
    )
    assert run.returncode == 0, run.stderr
    page = SITE / language / "auto_examples" / name.replace(".py", ".html")
    printed = [line.rstrip() for line in run.stdout.splitlines()]
    assert printed == printouts(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SCRIPTS)
def test_downloaded_notebook_is_valid_and_holds_the_code(site, language, name):
    notebook_name = name.replace(".py", ".ipynb")
    notebook = nbformat.read(downloaded(language, notebook_name), as_version=4)
    nbformat.validate(notebook)
    english = nbformat.read(downloaded(SOURCE_LANGUAGE, notebook_name), as_version=4)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    english_code = [cell.source for cell in english.cells if cell.cell_type == "code"]
    # The first cell states the provenance in the site's language
    # (tests/built_site/test_provenance.py); the example's own code follows it.
    assert list(map(without_comments, code[1:])) == list(
        map(without_comments, english_code[1:])
    )
    assert "import torch" in "".join(code)


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_translated_script_keeps_the_code_and_leaves_no_english(site, language, name):
    script = downloaded(language, name)
    assert list(map(without_comments, blocks(script, "code"))) == list(
        map(without_comments, blocks(EXAMPLES / name, "code"))
    )
    assert english_left(script) == []


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_translated_notebook_leaves_no_english(site, language, name):
    notebook = nbformat.read(
        downloaded(language, name.replace(".py", ".ipynb")), as_version=4
    )
    text = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert text, "the notebook has no text cell"
    assert [source for source in text if not HAN.search(source)] == []


def test_an_english_text_cell_or_comment_is_caught(site, tmp_path):
    translated = downloaded(TRANSLATIONS[0], SCRIPTS[0]).read_text(encoding="utf-8")
    for english in [
        "# %%\n# Left in English.\n",
        "# %%\n# 中文标题\n# --------\n# Left in English under a translated title.\n",
        "# %%\n# .. note::\n#    Left in English.\n",
        "x = 1  # left in English\n",
        'def f():\n    """Left in English."""\n',
    ]:
        script = tmp_path / SCRIPTS[0]
        script.write_text(translated + "\n" + english, encoding="utf-8")
        assert english_left(script), english


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("zip_name", ZIPS)
def test_zips_hold_the_files_offered_on_their_own(site, language, zip_name):
    with zipfile.ZipFile(downloaded(language, zip_name)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(members) == sorted(ZIPS[zip_name])
    for name, data in members.items():
        assert data == downloaded(language, name).read_bytes(), name


def test_standalone_environment_is_not_this_one(standalone_python):
    assert Path(sys.prefix) not in standalone_python.parents
