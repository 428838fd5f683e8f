"""The site links its source repository when the build is told its address.

``PARAMGUIDE_SOURCE_URL`` names the repository, for the build and for these
tests alike (``nox -s tests`` hands both the same environment; the GitHub
workflow sets it). With it, every page's footer links the repository, and
every page made from a file of the checkout has buttons that view and edit
that file: the page's source on the English site, its catalog on a
translated one (the zh_CN catalog to edit zh_TW, whose own is generated).
Without it, the site links no source.
"""

import os
import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from support.project import (
    CONVERTED_FROM,
    GENERATED_PAGES,
    LANGUAGES,
    ROOT,
    built_page,
    site_pages,
)

SOURCE_URL = os.environ.get("PARAMGUIDE_SOURCE_URL", "").rstrip("/")
SOURCE_LANGUAGE = LANGUAGES[0]
BRANCH = "main"


def git(*arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def links(soup: BeautifulSoup) -> dict[str, str | None]:
    """The page's links to its source: view, edit, and the repository's."""

    def href(selector: str) -> str | None:
        link = soup.select_one(selector)
        return link["href"] if link else None

    return {
        "view": href(".view-this-page a"),
        "edit": href(".edit-this-page a"),
        "repository": href("footer .source-repository a"),
    }


def file_of(url: str | None, kind: str, revision: str) -> str | None:
    """The file of the checkout a view or edit link opens, or None."""
    if url is None:
        return None
    suffix = "?plain=1" if kind == "blob" else ""
    pattern = (
        rf"{re.escape(SOURCE_URL)}/{kind}/{re.escape(revision)}/(.+){re.escape(suffix)}"
    )
    match = re.fullmatch(pattern, url)
    assert match, f"{url} is not a {kind} link of {SOURCE_URL} at {revision}"
    return match[1]


def expected_files(language: str, page: str, view: str) -> tuple[str, str]:
    """What a translated page's buttons open, given the file its English page views."""
    if language == SOURCE_LANGUAGE:
        return view, view
    catalog = "docs/locales/{}/LC_MESSAGES/" + page.removesuffix(".html") + ".po"
    return (
        catalog.format(language),
        catalog.format(CONVERTED_FROM.get(language, language)),
    )


@pytest.mark.skipif(bool(SOURCE_URL), reason="the build was given a repository")
@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_repository_no_page_links_a_source(site, language):
    found = {
        page: links(built_page(site / language / page)) for page in site_pages(language)
    }
    assert {page: link for page, link in found.items() if any(link.values())} == {}


@pytest.mark.skipif(not SOURCE_URL, reason="no PARAMGUIDE_SOURCE_URL to link")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_files_it_is_made_from(site, language):
    tracked = set(git("ls-files").splitlines())
    commit = git("rev-parse", "--short=12", "HEAD").strip()
    wrong = {}
    for page in site_pages(language):
        found = links(built_page(site / language / page))
        english = links(built_page(site / SOURCE_LANGUAGE / page))
        view = file_of(found["view"], "blob", commit)
        edit = file_of(found["edit"], "edit", BRANCH)
        problems = []
        if found["repository"] != SOURCE_URL:
            problems.append(f"footer links {found['repository']}")
        if page.rpartition("/")[2] in GENERATED_PAGES:
            if view or edit:
                problems.append("a generated page links a source")
        else:
            source = file_of(english["view"], "blob", commit)
            if (view, edit) != expected_files(language, page, source):
                problems.append(f"links {view} and {edit} (English page: {source})")
            problems += [f"{path} is not in git" for path in {view, edit} - tracked]
        if problems:
            wrong[page] = problems
    assert wrong == {}
