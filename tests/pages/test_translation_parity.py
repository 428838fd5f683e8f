"""Each translation says what the English says, in the parts that can be checked.

For every translated language: each message keeps the English message's
code spans, link and role targets and HTML; it uses the glossary's terms,
as its own edition's glossary page words them; every catalog passes
`msgfmt --check`; and every built page has the same headings, code blocks,
gallery outputs, figures and anchors as its English original.
"""

import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from support.catalogs import catalogs, translated_messages
from support.glossary_terms import entries_in, off_glossary_terms
from support.markup import lost_parts, prose
from support.project import LANGUAGES, built_page, guide_pages

TRANSLATIONS = LANGUAGES[1:]
SOURCE = LANGUAGES[0]


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translations_keep_code_links_roles_and_html(language):
    problems = [
        (name, english, lost)
        for name, english, translation in translated_messages(language)
        if (lost := lost_parts(english, translation))
    ]
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translations_use_the_glossary_terms(language):
    # Each edition is held to the wordings its own glossary page accepts.
    glossary = entries_in(language)
    problems = [
        (name, english, found)
        for name, english, translation in translated_messages(language)
        # A message left as it is (a name, a glossary term line) is English.
        if english != translation
        and (found := off_glossary_terms(prose(english), translation, glossary))
    ]
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_catalog_passes_msgfmt_check(language):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: apt-get install gettext"
    failures = {}
    for path in catalogs(language):
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)],
            check=False,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            failures[path.name] = result.stderr
    assert catalogs(language)
    assert failures == {}


def page_structure(page: BeautifulSoup) -> dict:
    """What a translated page must share with its English original."""
    article = page.select_one("article")
    return {
        "headings": len(article.select("h1, h2, h3, h4, h5, h6")),
        "code blocks": len(article.select("div.highlight")),
        "gallery outputs": len(article.select("div.sphx-glr-script-out")),
        "figures": len(article.select("figure, img")),
        "anchors": sorted(tag["id"] for tag in article.select("[id]")),
    }


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_built_pages_have_the_structure_of_the_english_ones(site, language):
    pages = guide_pages(SOURCE)
    assert pages == guide_pages(language)
    differences = {}
    for page in pages:
        english = page_structure(built_page(site / SOURCE / page))
        translated = page_structure(built_page(site / language / page))
        if english != translated:
            differences[page] = {
                key: (english[key], translated[key])
                for key in english
                if english[key] != translated[key]
            }
    assert differences == {}
