"""Where the project's files and the built site live, for the tests."""

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TOOLS = ROOT / "tools"
SITE = DOCS / "_build" / "html"
EXAMPLES = ROOT / "examples"


def load_module(folder: Path, name: str):
    """Import ``<folder>/<name>.py``, which may import its neighbours."""
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module


def tools_module(name: str):
    """Import the script ``tools/<name>.py``.

    The scripts import ``docs/languages.py``, as ``noxfile.py`` lets them.
    """
    sys.path.insert(0, str(DOCS))
    try:
        return load_module(TOOLS, name)
    finally:
        sys.path.remove(str(DOCS))


_languages = load_module(DOCS, "languages")
LANGUAGES: list[str] = list(_languages.LANGUAGES)
# Languages whose catalogs are converted from another language's.
CONVERTED_FROM: dict[str, str] = dict(_languages.CONVERTED_FROM)

# How Debian's Chromium runs for the browser tests and the Lighthouse
# benchmark: no sandbox in a container, no GPU, and nothing fetched from
# the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

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


def built_page(path: Path) -> BeautifulSoup:
    """A page of the built site, parsed once in a test process while it is unchanged.

    Many tests read the same pages; none of them changes the tree.
    """
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parsed(path: Path, modified: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def printouts(page: Path) -> list[str]:
    """The lines the gallery shows under "Out" on a page, in order."""
    soup = built_page(page)
    blocks = soup.select("div.sphx-glr-script-out pre")
    return [line.rstrip() for block in blocks for line in block.get_text().splitlines()]


CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def built_base_url() -> str:
    """The address the site was built for, read from a canonical link."""
    language = LANGUAGES[0]
    html = (SITE / language / "index.html").read_text(encoding="utf-8")
    canonical = CANONICAL.search(html)
    if canonical is None:
        raise ValueError(f"{SITE / language / 'index.html'} has no canonical link")
    return canonical.group(1).removesuffix(f"{language}/index.html")


def install_commands(page: Path) -> list[str]:
    """The install commands a page shows, without their prompt."""
    soup = built_page(page)
    return [
        block.get_text().strip().removeprefix("$ ")
        for block in soup.select("div.install-command pre")
    ]
