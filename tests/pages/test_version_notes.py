"""The pages read as one torch version; what differs on others is in version notes.

The site is written for the torch that builds it. A sentence that names a
torch release ("torch 2.6 creates no state", "since PyTorch 2.6") belongs in
a ``version-note`` (``docs/_ext/version_notes.py``), which the page shows
closed. This test reads the prose of every MyST page and the text of every
gallery example, outside version notes, code and comments, and fails on each
sentence that names a version number next to the word torch, PyTorch,
release or version, unless ``ALLOWED`` lists it with the reason it belongs
in the main text. An entry of ``ALLOWED`` that matches no sentence fails
too, so the list stays as short as the pages need.
"""

import ast
import re
from pathlib import Path

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from support.project import DOCS, EXAMPLES, ROOT

MARKDOWN = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML
)
# Directives whose content is prose of the page; the content of any other
# (toctree, a figure's options, a version note) is not read.
PROSE_DIRECTIVES = {"note", "tip", "hint", "important", "warning", "caution", "seealso"}
DIRECTIVE_NAME = re.compile(r"^\{([\w-]+)\}")
CODE = re.compile(r"``.*?``|`[^`]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^<>]*>")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
VERSION_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?:\.\d+)?(?![\w.]*\w)")
TORCH_WORD = re.compile(r"\b(?:py)?torch\b|\breleases?\b|\bversions?\b", re.IGNORECASE)

# (file, a piece of the sentence) -> why the version belongs in the main text.
ALLOWED = {
    ("docs/guide/distributed.md", "built with torch 2.13"): (
        "says which release produced the outputs quoted from the example"
    ),
    ("docs/guide/distributed.md", "with torch 2.13 and check"): (
        "says which release the tests that back the computed shapes run on"
    ),
    ("docs/guide/saving-and-loading.md", "since PyTorch 2.6 the default"): (
        "the default changed in the oldest release the package supports, so "
        "the sentence holds on every supported version"
    ),
    ("docs/guide/beyond-the-basics.md", "Releases of PyTorch before 2.4 emitted"): (
        "the section is about the warning older releases emitted; its "
        "heading says so, and the version note holds the advice for them"
    ),
    ("docs/guide/common-snippets.md", "Before PyTorch 0.4 each combination"): (
        "the section explains printouts in old answers by what 0.4 changed, "
        "long before any release the package supports"
    ),
    ("docs/guide/common-snippets.md", "Before version 0.4, PyTorch had"): (
        "the section corrects an old claim by the history of 0.4"
    ),
    ("docs/guide/common-snippets.md", "Version 0.4 merged the two"): (
        "the section corrects an old claim by the history of 0.4"
    ),
    ("docs/guide/common-snippets.md", "Since PyTorch 0.4 every tensor"): (
        "the summary of that history"
    ),
    ("docs/guide/initialization.md", "releases before 0.4"): (
        "explains where `.data` comes from, long before any supported release"
    ),
    ("examples/plot_02_linear_network.py", "since PyTorch 0.4 every tensor"): (
        "explains the old printout the example's snippet claims"
    ),
    ("examples/plot_02_linear_network.py", "From torch 2.15 on"): (
        "a gallery text cell: the script and notebook downloads show its "
        "reStructuredText as written, where a version-note directive would "
        "appear raw; the sentence is short and says which release it is about"
    ),
    ("docs/guide/inside-a-module.md", "Until PyTorch 0.4"): (
        "the section is the history of `Variable`, which ended in 0.4"
    ),
    ("docs/guide/inside-a-module.md", "Version 0.4 merged the two"): (
        "the section is the history of `Variable`, which ended in 0.4"
    ),
}


def markdown_prose(text: str) -> list[str]:
    """The paragraphs of a MyST page that are prose, outside version notes."""
    paragraphs = []
    for token in MARKDOWN.parse(text):
        if token.type == "inline":
            paragraphs.append(token.content)
        elif token.type == "colon_fence":
            name = DIRECTIVE_NAME.match(token.info.strip())
            if name and name.group(1) in PROSE_DIRECTIVES:
                paragraphs += markdown_prose(token.content)
    return paragraphs


def script_prose(text: str) -> list[str]:
    """The paragraphs of a gallery example's docstring and text cells."""
    module = ast.parse(text)
    docstring = ast.get_docstring(module) or ""
    blocks = [docstring]
    lines = text.splitlines()
    in_cell = False
    for line in lines:
        if line.startswith("# %%"):
            in_cell = True
            blocks.append("")
            continue
        if in_cell and (line == "#" or line.startswith("# ")):
            blocks[-1] += line[2:] + "\n"
        else:
            in_cell = False
    paragraphs = []
    for block in blocks:
        paragraphs += [p for p in re.split(r"\n\s*\n", block) if p.strip()]
    return paragraphs


def version_sentences(paragraphs: list[str]) -> list[str]:
    """The sentences that name a torch version, with code taken out."""
    found = []
    for paragraph in paragraphs:
        prose = LINK_TARGET.sub("]", CODE.sub("…", paragraph))
        for sentence in SENTENCE_END.split(" ".join(prose.split())):
            if VERSION_NUMBER.search(sentence) and TORCH_WORD.search(sentence):
                found.append(sentence)
    return found


def sources() -> list[Path]:
    pages = [
        page
        for page in sorted(DOCS.rglob("*.md"))
        if not {"_build", "auto_examples"} & set(page.relative_to(DOCS).parts)
    ]
    return pages + sorted(EXAMPLES.glob("*.py"))


def sentences_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    prose = script_prose(text) if path.suffix == ".py" else markdown_prose(text)
    return version_sentences(prose)


@pytest.mark.parametrize(
    "path", sources(), ids=lambda path: path.relative_to(ROOT).as_posix()
)
def test_versions_are_named_in_version_notes(path):
    name = path.relative_to(ROOT).as_posix()
    allowed = [piece for (page, piece) in ALLOWED if page == name]
    unexplained = [
        sentence
        for sentence in sentences_of(path)
        if not any(piece in sentence for piece in allowed)
    ]
    assert not unexplained, (
        f"{name}: put these sentences in a version note "
        "(:::{version-note} On torch X), or list them in ALLOWED with the "
        f"reason they belong in the main text: {unexplained}"
    )


def test_every_allowed_sentence_is_on_its_page():
    stale = [
        (page, piece)
        for (page, piece) in ALLOWED
        if not any(piece in s for s in sentences_of(ROOT / page))
    ]
    assert not stale, f"allowed sentences no page has any more: {stale}"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (
            "On torch 2.6 the step fails. The rest holds.\n",
            ["On torch 2.6 the step fails."],
        ),
        (
            "Since PyTorch 2.6 the default is `True`.\n",
            ["Since PyTorch 2.6 the default is …."],
        ),
        ("Releases before 2.4 warned.\n", ["Releases before 2.4 warned."]),
        (
            ":::{note}\nIn torch 2.13 it is deprecated.\n:::\n",
            ["In torch 2.13 it is deprecated."],
        ),
        (":::{version-note} On torch 2.6\ntorch 2.6 has no guard.\n:::\n", []),
        ("Call `torch.manual_seed(0)` with a learning rate of 0.1.\n", []),
        ("```python\n>>> torch.__version__ >= '2.6'\n```\n", []),
        ("% skip: start if(torch.__version__ < '2.13')\n", []),
    ],
)
def test_version_sentences_are_found(text, flagged):
    assert version_sentences(markdown_prose(text)) == flagged
