"""What link previews and search listings read from each built page.

Every content page of every language has a description in its own
language, Open Graph tags whose image is a file of the site, and icons that
exist; the search and 404 pages ask search engines not to index them.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from support.project import LANGUAGES, NOT_FOUND_PAGE, SITE, built_page, guide_pages

CJK = re.compile(r"[\u4e00-\u9fff]")
OPEN_GRAPH = ("og:title", "og:description", "og:image", "og:url", "og:locale")


def meta(soup: BeautifulSoup, key: str) -> str | None:
    attribute = "property" if key.startswith("og:") else "name"
    tag = soup.find("meta", attrs={attribute: key})
    return tag["content"] if tag else None


def in_language(text: str, language: str) -> bool:
    """Chinese text has Chinese characters; English text has none."""
    return bool(CJK.search(text)) == language.startswith("zh")


def linked_file(page: Path, rel: str) -> Path | None:
    link = built_page(page).find("link", rel=rel)
    return (page.parent / link["href"]).resolve() if link else None


def preview_problems(page: Path, language: str) -> list[str]:
    soup = built_page(page)
    problems = [f"no {key}" for key in OPEN_GRAPH if not meta(soup, key)]
    description = meta(soup, "description")
    if not description:
        problems.append("no description")
    elif not in_language(description, language):
        problems.append(f"description not in {language}: {description!r}")
    elif description != meta(soup, "og:description"):
        problems.append("og:description differs from the description")
    if (meta(soup, "og:locale") or "").replace("_", "-")[:2] != language[:2]:
        problems.append(f"og:locale {meta(soup, 'og:locale')!r} for {language}")
    # og:image is absolute; it must be a file of this language's site.
    page_url, image_url = meta(soup, "og:url") or "", meta(soup, "og:image") or ""
    relative_page = page.relative_to(SITE / language).as_posix()
    site_root = page_url.removesuffix(relative_page)
    if not (page_url.endswith(relative_page) and image_url.startswith(site_root)):
        problems.append(f"og:image {image_url!r} is not on the site {site_root!r}")
    elif not (SITE / language / image_url.removeprefix(site_root)).is_file():
        problems.append(f"og:image {image_url!r} is no file of the site")
    for rel in ("icon", "apple-touch-icon"):
        icon = linked_file(page, rel)
        if icon is None or not icon.is_file():
            problems.append(f"{rel}: no link or no file ({icon})")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_preview_in_its_language(site, language):
    problems = {}
    for path in guide_pages(language):
        if found := preview_problems(site / language / path, language):
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_description_is_the_first_sentence_of_the_page(site, language):
    soup = built_page(site / language / "guide" / "training.html")
    first_paragraph = " ".join(soup.select_one("article p").get_text().split())
    description = meta(soup, "description")
    assert first_paragraph.startswith(description)
    assert description[-1] in ".。"


@pytest.mark.parametrize(
    "page",
    [
        *(f"{language}/{name}" for language in LANGUAGES for name in ("search.html",)),
        *(f"{language}/{NOT_FOUND_PAGE}" for language in LANGUAGES),
        NOT_FOUND_PAGE,
    ],
)
def test_search_and_not_found_pages_are_not_indexed(site, page):
    robots = meta(built_page(site / page), "robots") or ""
    assert "noindex" in robots


def test_preview_card_is_a_png_link_previews_can_show(site):
    for language in LANGUAGES:
        image_url = meta(built_page(site / language / "index.html"), "og:image")
        path = urlsplit(image_url).path
        card = site / language / "_static" / Path(path).name
        assert card.read_bytes().startswith(b"\x89PNG")
