"""Where the project's files and the built site live, for the tests."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SITE = DOCS / "_build" / "html"
EXAMPLES = ROOT / "examples"

_spec = importlib.util.spec_from_file_location("languages", DOCS / "languages.py")
_languages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_languages)
LANGUAGES: list[str] = list(_languages.LANGUAGES)

# Pages Sphinx writes for every site that are not part of the guide itself.
GENERATED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
# Served by a host in place of a missing page: its links are absolute paths.
NOT_FOUND_PAGE = "404.html"


def site_pages(language: str) -> list[str]:
    """Every page of one language, relative to its root, sorted."""
    root = SITE / language
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if not path.relative_to(root).parts[0].startswith("_")
    )


def guide_pages(language: str) -> list[str]:
    """Every content page of one language, relative to its root, sorted."""
    return [
        page
        for page in site_pages(language)
        if page.rpartition("/")[2] not in GENERATED_PAGES | {NOT_FOUND_PAGE}
    ]
