"""Every chapter of the guide links to the glossary, in every language.

A chapter links a glossary term with MyST's ``{term}`` role. Each chapter
page must link at least one term, and wherever a chapter uses one of the
terms a learner meets first on its pages (``LEARNER_TERMS``), its first use
must be the link. The translations keep the role and its English target
(the parity test checks that message by message); here every chapter's
catalog must hold a translated link, and the built page of every language
must link to the glossary page.
"""

import re

import pytest
from babel.messages.pofile import read_po
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from support.glossary_terms import entries
from support.project import DOCS, LANGUAGES, built_page

GUIDE = DOCS / "guide"
LEARNER_TERMS = [
    "leaf tensor",
    "guard",
    "dry run",
    "buffer",
    "state dict",
    "parameter group",
    "registration order",
    "meta device",
    "shard",
    "autocast",
]
# {term}`text` or {term}`text <target>`.
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^`>]+)>|([^`]+))`")
CODE_SPAN = re.compile(r"`[^`]*`")
MARKDOWN = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML
)


def chapters() -> list[str]:
    """The pages of the guide's toctrees, the glossary aside."""
    pages = []
    for token in MARKDOWN.parse((GUIDE / "index.md").read_text(encoding="utf-8")):
        if token.type == "fence" and token.info == "{toctree}":
            pages += [
                line.strip()
                for line in token.content.splitlines()
                if line.strip() and not line.strip().startswith(":")
            ]
    return [page for page in pages if page != "glossary"]


def term_pattern(term: str) -> re.Pattern:
    """The glossary entry's words, as the glossary check matches them.

    A term made of a word in code and a plain one, such as the `meta`
    device, counts in either spelling.
    """
    entry = next(entry for entry in entries() if term in entry.english)
    pattern = entry.pattern().pattern.replace(r"meta\ device", r"`?meta`?\ device")
    return re.compile(pattern, re.IGNORECASE)


def prose_paragraphs(text: str) -> list[str]:
    """The inline text of a page outside headings and code, in order."""
    tokens = MARKDOWN.parse(text)
    return [
        token.content
        for index, token in enumerate(tokens)
        if token.type == "inline"
        and not (index and tokens[index - 1].type == "heading_open")
    ]


def first_uses(text: str) -> dict[str, str]:
    """For each learner term a page uses: "link" or "plain", its first use."""
    found = {}
    for paragraph in prose_paragraphs(text):
        linked = {}
        for role in TERM_ROLE.finditer(paragraph):
            target = (role.group(1) or role.group(2)).strip().lower()
            linked.setdefault(target, role.start())
        # Roles and code spans blanked out, the rest where it stands; the
        # `meta` of "the `meta` device" is kept.
        blank = TERM_ROLE.sub(lambda m: " " * len(m.group(0)), paragraph)
        blank = CODE_SPAN.sub(
            lambda m: m.group(0) if m.group(0) == "`meta`" else " " * len(m.group(0)),
            blank,
        )
        for term in LEARNER_TERMS:
            if term in found:
                continue
            plain = term_pattern(term).search(blank)
            places = []
            if term in linked:
                places.append((linked[term], "link"))
            if plain:
                places.append((plain.start(), "plain"))
            if places:
                found[term] = min(places)[1]
    return found


def links(text: str) -> list[str]:
    return [
        (role.group(1) or role.group(2)).strip()
        for paragraph in prose_paragraphs(text)
        for role in TERM_ROLE.finditer(paragraph)
    ]


def test_the_learner_terms_are_glossary_entries():
    english = {term for entry in entries() for term in entry.english}
    assert set(LEARNER_TERMS) <= english


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_links_its_terms_to_the_glossary(chapter):
    text = (GUIDE / f"{chapter}.md").read_text(encoding="utf-8")
    english = {term.lower() for entry in entries() for term in entry.english}
    targets = links(text)
    assert targets, f"{chapter} links no glossary term"
    assert {target.lower() for target in targets} <= english
    unlinked = [term for term, use in first_uses(text).items() if use == "plain"]
    assert unlinked == []


@pytest.mark.parametrize(
    ("text", "uses"),
    [
        ("A {term}`leaf tensor`, then a leaf tensor.", {"leaf tensor": "link"}),
        ("A leaf tensor, then a {term}`leaf <leaf tensor>`.", {"leaf tensor": "plain"}),
        ("# A buffer\n\nThe {term}`buffers <buffer>`.", {"buffer": "link"}),
        ("The `meta` device.\n\nThe {term}`meta device`.", {"meta device": "plain"}),
        ("`state_dict()` and guards.", {"guard": "plain"}),
        ("```python\nx = 'dry run'\n```\n\nNo term.", {}),
    ],
)
def test_the_check_finds_the_first_use(text, uses):
    assert first_uses(text) == uses


@pytest.mark.parametrize("language", LANGUAGES[1:])
@pytest.mark.parametrize("chapter", chapters())
def test_translated_chapter_links_to_the_glossary(language, chapter):
    path = DOCS / "locales" / language / "LC_MESSAGES" / "guide" / f"{chapter}.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    english = sum(len(TERM_ROLE.findall(m.id)) for m in catalog if m.id)
    translated = sum(len(TERM_ROLE.findall(m.string)) for m in catalog if m.id)
    assert english >= 1
    assert translated == english


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("chapter", chapters())
def test_built_chapter_links_to_the_glossary(site, language, chapter):
    article = built_page(site / language / "guide" / f"{chapter}.html").find("article")
    terms = article.select('a[href^="glossary.html#term-"]')
    assert terms, f"{language}/guide/{chapter}.html links no glossary term"
