"""Each gallery example as a reader downloads it, from the site of every language.

A downloaded script runs, and a downloaded notebook runs in a Jupyter
kernel, in a reader's environment (see ``conftest.py``), and each prints
what the page shows. Downloads of the same code run once: a translated
script or notebook holds the English one's code, token for token but for
comments and docstrings, and prints what that run printed. The first cell
of a notebook (the install, with messages in the notebook's language) is
the same in every notebook of a language, and runs once per language.
Code the page shows in its text is code in the downloads too, not the
directive that includes it. On a translated site
every download (script, notebook, zips) reads in that site's language and
keeps the code: only its comments and docstrings are translated.
"""

import ast
import copy
import hashlib
import io
import re
import subprocess
import sys
import textwrap
import tokenize
import warnings
import zipfile
from pathlib import Path

import nbformat
import pytest
from sphinx_gallery.py_source_parser import split_code_and_text_blocks
from support.project import (
    EXAMPLES,
    LANGUAGES,
    SITE,
    built_page,
    install_commands,
    printouts,
)
from support.reader import python_of, reader_environment, run_notebook

SCRIPTS = sorted(path.name for path in EXAMPLES.glob("plot_*.py"))
SOURCE_LANGUAGE, *TRANSLATIONS = LANGUAGES
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Lines of reStructuredText that carry no prose: section underlines,
# directive lines and their options.
NOT_PROSE = re.compile(r"^\s*(?:([=\-~^\"'`#*+<>:._])\1+|\.\. .*|:[\w-]+:.*)$")
DIRECTIVE = re.compile(r"^\s*\.\. (?P<name>[\w:-]+)::")
PROSE_DIRECTIVES = {"note", "tip", "hint", "important", "warning", "caution", "seealso"}
CONFIG_COMMENT = re.compile(r"^#\s*sphinx_gallery_")
# A code block of a script's text, and a fenced one of a notebook's.
CODE_BLOCK = re.compile(r"^\.\. code-block::.*\n\n((?:(?:[ \t]+.*)?\n)+)", re.MULTILINE)
PYTHON_BLOCK = re.compile(
    r"^\.\. code-block::[ \t]*(?:python3?|py)[ \t]*\n\n((?:(?:[ \t]+.*)?\n)+)",
    re.MULTILINE,
)
FENCED_BLOCK = re.compile(r"^```\w*\n(.*?)^```", re.MULTILINE | re.DOTALL)
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
    # The code cells, and the Python code the text shows (included code too).
    codes = blocks(script, "code") + [
        textwrap.dedent(block)
        for text in blocks(script, "text")
        for block in PYTHON_BLOCK.findall(text)
    ]
    comments = [
        token.string
        for code in codes
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type == tokenize.COMMENT
        and not CONFIG_COMMENT.match(token.string)
        and token.string.strip("# ")
    ]
    comments += [
        line
        for code in codes
        for docstring in docstrings(code)
        for line in docstring.splitlines()
        if line.strip()
    ]
    return prose + [comment for comment in comments if not HAN.search(comment)]


def page_of(language: str, name: str) -> Path:
    return SITE / language / "auto_examples" / name.replace(".py", ".html")


def code_in_text(page: Path) -> list[str]:
    """The code a gallery page shows in its text: not its cells, outputs or commands."""
    soup = built_page(page)
    return [
        block.select_one("pre").get_text().rstrip()
        for block in soup.select("article div[class*=highlight-]")
        if not {"highlight-Python", "sphx-glr-script-out", "install-command"}
        & set(block["class"])
    ]


def code_blocks_of_script(script: Path) -> list[str]:
    """The code blocks of a script's text cells."""
    return [
        textwrap.dedent(block).rstrip()
        for text in blocks(script, "text")
        for block in CODE_BLOCK.findall(text)
    ]


def printed(cells) -> list[str]:
    """The lines that notebook cells printed or showed as their result."""
    text = ""
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stdout":
                text += output.text
            elif output.output_type == "execute_result":
                text += output.data.get("text/plain", "") + "\n"
    return [line.rstrip() for line in text.splitlines()]


def test_every_example_is_on_the_site(site):
    assert SCRIPTS, "no examples found"
    for name in SCRIPTS:
        copy = downloaded(SOURCE_LANGUAGE, name)
        assert blocks(copy, "code") == blocks(EXAMPLES / name, "code")
        # Only the text cells that include code from elsewhere are rewritten.
        for text, source in zip(
            blocks(copy, "text"), blocks(EXAMPLES / name, "text"), strict=True
        ):
            assert text == source or "literalinclude" in source


def same_code_key(kind: str, code: list[str]) -> str:
    """One key for every download of ``kind`` whose ``code`` runs alike.

    Comments and the text of docstrings are left out; every other token
    counts.
    """
    tokens = [without_comments(block) for block in code]
    return hashlib.sha256(repr((kind, tokens)).encode()).hexdigest()


def compiles(path: Path) -> None:
    """Compile a script as Python would run it, its warnings taken as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def cell_text(cell) -> str:
    """What a notebook cell printed."""
    return "".join(output.get("text", "") for output in cell.get("outputs", []))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SCRIPTS)
def test_downloaded_script_runs_and_prints_what_the_page_shows(
    site, site_host, standalone_python, run_once, tmp_path, language, name
):
    script = downloaded(language, name)
    compiles(script)

    def run_script() -> dict:
        run = subprocess.run(
            [str(standalone_python), str(script)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            env=reader_environment(site_host, MPLBACKEND="Agg"),
        )
        return {
            "returncode": run.returncode,
            "stdout": run.stdout,
            "stderr": run.stderr,
        }

    # Run here, or by the test of a script with the same code.
    run, _ = run_once(same_code_key("script", blocks(script, "code")), run_script)
    assert run["returncode"] == 0, run["stderr"]
    printed = [line.rstrip() for line in run["stdout"].splitlines()]
    assert printed == printouts(page_of(language, name))


def test_scripts_that_differ_in_code_do_not_share_a_run():
    code = blocks(EXAMPLES / SCRIPTS[0], "code")
    commented = [block + "\n# 只是注释\n" for block in code]
    changed = [*code[:-1], code[-1] + "\nprint()\n"]
    key = same_code_key("script", code)
    assert same_code_key("script", commented) == key
    assert same_code_key("script", changed) != key
    assert same_code_key("notebook", code) != key


def test_a_script_that_does_not_compile_is_caught(tmp_path):
    script = tmp_path / SCRIPTS[0]
    for text in ['"""标题 \\d"""\n', "x = (\n"]:
        script.write_text(text, encoding="utf-8")
        with pytest.raises(SyntaxError):
            compiles(script)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SCRIPTS)
def test_downloaded_notebook_runs_and_prints_what_the_page_shows(
    site, site_host, standalone_python, run_once, tmp_path, language, name
):
    page = page_of(language, name)
    (command,) = install_commands(page)
    wheel = command.rpartition("@ ")[2].rstrip('"')
    environment = reader_environment(site_host)
    # A notebook app shows figures in the notebook, whatever the shell's backend.
    environment.pop("MPLBACKEND", None)
    notebook = nbformat.read(
        downloaded(language, name.replace(".py", ".ipynb")), as_version=4
    )
    install, *code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert notebook.cells[0] is install

    def run_cells(count: int) -> dict:
        """Run the first ``count`` cells; what the first printed, and the rest."""
        part = copy.deepcopy(notebook)
        part.cells = part.cells[:count]
        site_host.requests.clear()
        ran = run_notebook(part, standalone_python, environment, tmp_path)
        return {
            "install": cell_text(ran.cells[0]),
            "requests": [list(request) for request in site_host.requests],
            "printed": printed(ran.cells[1:]),
        }

    # The notebook runs here, or in the test of a notebook with the same code
    # after the first cell. The first cell is the same in every notebook of a
    # language, its messages in that language: it runs once per language.
    run, ran_all = run_once(
        same_code_key("notebook", [python_of(cell) for cell in code]),
        lambda: run_cells(len(notebook.cells)),
    )
    if not ran_all:
        run_of_first, _ = run_once(
            same_code_key("first cell", [python_of(install)]),
            lambda: run_cells(1),
        )
        run = {
            **run,
            "install": run_of_first["install"],
            "requests": run_of_first["requests"],
        }
    # The first cell installs from the site, even when all is installed.
    assert [wheel, 200] in run["requests"]
    assert "ERROR" not in run["install"], run["install"]
    assert run["printed"] == printouts(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SCRIPTS)
def test_downloads_show_the_code_of_the_page_not_directives(site, language, name):
    shown = code_in_text(page_of(language, name))
    script = downloaded(language, name)
    notebook = nbformat.read(
        downloaded(language, name.replace(".py", ".ipynb")), as_version=4
    )
    markdown = "\n".join(
        cell.source for cell in notebook.cells if cell.cell_type == "markdown"
    )
    assert "literalinclude" not in script.read_text(encoding="utf-8")
    assert "literalinclude" not in markdown
    assert code_blocks_of_script(script) == shown
    assert [block.rstrip() for block in FENCED_BLOCK.findall(markdown)] == shown


def test_the_distributed_example_shows_its_rank_functions(site):
    name = "plot_06_distributed_parameters.py"
    functions = re.findall(r":pyobject: (\w+)", (EXAMPLES / name).read_text())
    shown = code_in_text(page_of(SOURCE_LANGUAGE, name))
    assert functions, "the example includes no function"
    missing = [
        function
        for function in functions
        if not any(code.startswith(f"def {function}(") for code in shown)
    ]
    assert missing == []


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
    # (tests/test_provenance.py); the example's own code follows it.
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
        "# %%\n# 中文。\n#\n# .. code-block:: python\n#\n#    x = 1  # left in English\n",
        '# %%\n# 中文。\n#\n# .. code-block:: python\n#\n#    def f():\n#        """Left."""\n',
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
