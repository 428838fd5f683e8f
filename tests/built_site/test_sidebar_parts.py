"""The sidebar of every page shows the guide's parts, in every language.

Furo's sidebar renders the home page's toctrees, each under its caption.
The guide's parts are the captions of ``docs/guide/index.md``; the sidebar
must show them in the same order, each over the same chapters, and its
first entry must be the Introduction, the place to start.
"""

import pytest
from support.project import LANGUAGES, built_page


def part_captions(soup, where: str) -> list[str]:
    return [caption.get_text().strip() for caption in soup.select(f"{where} p.caption")]


def chapters_under_captions(soup, where: str, page: str) -> list[list[str]]:
    """For each caption, the pages of the list that follows it.

    The link to the page itself is ``#``: it stands for ``page``.
    """
    here = page.rpartition("/")[2]
    parts = []
    for caption in soup.select(f"{where} p.caption"):
        listing = caption.find_next_sibling("ul")
        hrefs = [link.get("href", "") for link in listing.find_all("a")]
        parts.append(
            [
                (here if href == "#" else href).rpartition("/")[2].removesuffix(".html")
                for href in hrefs
                if href == "#" or href.endswith(".html")
            ]
        )
    return parts


@pytest.mark.parametrize("page", ["index.html", "guide/registration.html"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_sidebar_shows_the_guides_parts(site, language, page):
    guide = built_page(site / language / "guide" / "index.html")
    shown = built_page(site / language / page)
    parts = part_captions(guide, "article")
    assert len(parts) == 6
    sidebar = part_captions(shown, ".sidebar-tree")
    assert sidebar[: len(parts)] == parts
    in_guide = chapters_under_captions(guide, "article", "guide/index.html")
    in_sidebar = chapters_under_captions(shown, ".sidebar-tree", page)
    # The first part opens with the Introduction; the rest match the guide.
    assert in_sidebar[0][0] == "introduction"
    assert in_sidebar[0][1:] == in_guide[0]
    assert in_sidebar[1 : len(parts)] == in_guide[1:]
    first_link = shown.select_one(".sidebar-tree a.reference")
    assert first_link["href"].endswith("introduction.html")
    # The Introduction is marked as the place to start, in every language:
    # the sidebar gives its title and more.
    introduction = built_page(site / language / "introduction.html")
    title = introduction.select_one("article h1").get_text().rstrip("¶").strip()
    shown_title = first_link.get_text().strip()
    assert shown_title.startswith(title)
    assert shown_title != title
