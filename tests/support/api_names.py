"""Reading the PyTorch inventory and the PyTorch names of built pages, for the tests."""

import posixpath
import re
import tomllib

from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from support.project import DOCS, tools_module

INVENTORIES = DOCS / "_inventories"
INVENTORY = INVENTORIES / "torch.inv"
ALIASES = INVENTORIES / "torch_aliases.json"
REVIEWED_UNLINKED = INVENTORIES / "unlinked_names.toml"
PYTORCH_DOCS = "https://docs.pytorch.org/docs/stable/"
# Inline code that is a PyTorch name, possibly called: nn.Linear(3, 2).
PYTORCH_NAME = re.compile(r"(?P<name>(?:torch|nn)(?:\.\w+)+)(?:\(.*\))?", re.DOTALL)
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]

resolve = tools_module("pytorch_objects").resolve


def inventory_version() -> str:
    """The torch version the shipped inventory was written from (its header)."""
    header = INVENTORY.read_bytes().split(b"\n", 3)
    return header[2].decode().removeprefix("# Version: ")


def inventory() -> dict[str, tuple[str, str]]:
    """Every entry of the shipped inventory: name -> (object type, relative URI)."""
    with INVENTORY.open("rb") as stream:
        data = InventoryFile.load(stream, "", posixpath.join)
    return {
        name: (object_type, item.uri)
        for object_type, objects in data.items()
        for name, item in objects.items()
    }


def reviewed_unlinked() -> dict[str, str]:
    """The names allowed to stay unlinked, with the reason for each."""
    return tomllib.loads(REVIEWED_UNLINKED.read_text(encoding="utf-8"))


def unlinked_names(soup: BeautifulSoup) -> set[str]:
    """PyTorch names written as code in a page's prose that do not link anywhere.

    Code blocks, headings and API signatures are not prose.
    """
    article = soup.find("article") or soup
    found = set()
    for code in article.find_all("code"):
        if code.find_parent(["a", "pre", "dt", *HEADINGS]):
            continue
        match = PYTORCH_NAME.fullmatch(code.get_text().strip())
        if match:
            found.add(match["name"])
    return found


def pytorch_links(soup: BeautifulSoup) -> list[str]:
    """The addresses, relative to PyTorch's documentation, that a page links to."""
    return [
        link["href"].removeprefix(PYTORCH_DOCS)
        for link in soup.select("a[href]")
        if link["href"].startswith(PYTORCH_DOCS)
    ]
