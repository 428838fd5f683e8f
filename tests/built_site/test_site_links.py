"""Every link, image, stylesheet, script and #anchor inside the built site resolves."""

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support.project import (
    GENERATED_PAGES,
    LANGUAGES,
    NOT_FOUND_PAGE,
    SITE,
    built_page,
    guide_pages,
)

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}


@cache
def anchors(path: Path) -> frozenset[str]:
    soup = built_page(path)
    return frozenset(
        [tag["id"] for tag in soup.find_all(id=True)]
        + [tag["name"] for tag in soup.find_all("a", attrs={"name": True})]
    )


def links(page: Path):
    """Yield (tag, url) for every reference the page makes."""
    for tag_name, attribute in LINK_ATTRIBUTES.items():
        for tag in built_page(page).find_all(tag_name, attrs={attribute: True}):
            yield tag_name, tag[attribute]


def broken_links(page: Path, external: list[str]) -> list[str]:
    problems = []
    for tag_name, url in links(page):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            external.append(url)
            continue
        if not parts.path:
            target = page
        elif parts.path.startswith("/"):
            # Only the 404 page has absolute paths; the site is built for "/".
            target = SITE / unquote(parts.path).lstrip("/")
        else:
            target = page.parent / unquote(parts.path)
        target = target.resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"<{tag_name}> {url}: no file {target}")
        elif (
            parts.fragment
            and target.suffix == ".html"
            and unquote(parts.fragment) not in anchors(target)
        ):
            problems.append(
                f"<{tag_name}> {url}: no #{parts.fragment} in {target.name}"
            )
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_link_resolves(site, language):
    external: list[str] = []
    problems = {}
    root = SITE / language
    generated = (GENERATED_PAGES | {NOT_FOUND_PAGE}) & {p.name for p in root.iterdir()}
    pages = guide_pages(language) + sorted(generated)
    for page in (root / name for name in pages):
        if found := broken_links(page, external):
            problems[page.relative_to(SITE).as_posix()] = found
    print(f"{len(set(external))} links to other hosts, not fetched:")
    for url in sorted(set(external)):
        print("  ", url)
    assert problems == {}


def test_root_not_found_page_links_resolve(site):
    external: list[str] = []
    assert broken_links(SITE / NOT_FOUND_PAGE, external) == []


def test_root_page_links_to_both_languages(site):
    external: list[str] = []
    assert broken_links(SITE / "index.html", external) == []
    hrefs = {url for tag, url in links(SITE / "index.html") if tag == "a"}
    assert hrefs == {f"{language}/index.html" for language in LANGUAGES}
