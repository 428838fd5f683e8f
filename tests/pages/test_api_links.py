"""PyTorch names link to PyTorch's documentation, through an inventory that is right.

The inventory in docs/_inventories/ stands in for PyTorch's objects.inv,
which this offline build cannot download. These tests check it against the
pinned torch and against the layout of PyTorch's documentation, and check
that the built pages link every PyTorch name of their prose.
"""

import importlib.metadata
import inspect
import json

import pytest
from bs4 import BeautifulSoup
from support.api_names import (
    ALIASES,
    inventory,
    inventory_version,
    pytorch_links,
    resolve,
    reviewed_unlinked,
    unlinked_names,
)
from support.project import LANGUAGES, built_page, guide_pages

# The inventory is written from the pinned torch; the oldest torch the
# package claims lacks some of its objects.
pytestmark = pytest.mark.pinned_torch

# Objects documented on a hand-written page of PyTorch's documentation
# (docs/source/<page>.md), as anchors named after the object.
HAND_WRITTEN_PAGES = {
    "nn.init.html": lambda name: name.startswith("torch.nn.init."),
    "tensors.html": lambda name: name == "torch.Tensor",
    # optim.md: the Optimizer class, and two functions of Weight Averaging.
    "optim.html": lambda name: (
        name == "torch.optim.Optimizer" or name.startswith("torch.optim.swa_utils.")
    ),
    "amp.html": lambda name: name == "torch.autocast",
    "size.html": lambda name: name == "torch.Size",
    "tensor_attributes.html": lambda name: name in {"torch.dtype", "torch.device"},
    "future_mod.html": lambda name: name.startswith("torch.__future__."),
    # notes/serialization.md, "Utility functions".
    "notes/serialization.html": lambda name: name.startswith("torch.serialization."),
    # distributed.md documents torch.distributed.device_mesh's objects too.
    "distributed.html": lambda name: name.startswith("torch.distributed."),
    "distributed.checkpoint.html": lambda name: name.startswith(
        "torch.distributed.checkpoint."
    ),
    "distributed.fsdp.fully_shard.html": lambda name: name.startswith(
        "torch.distributed.fsdp."
    ),
    "distributed.tensor.html": lambda name: (
        name.startswith("torch.distributed.tensor.")
        and not name.startswith("torch.distributed.tensor.parallel.")
    ),
    "distributed.tensor.parallel.html": lambda name: name.startswith(
        "torch.distributed.tensor.parallel."
    ),
    # export/api_reference.md, moved under user_guide/torch_compiler/.
    "user_guide/torch_compiler/export/api_reference.html": lambda name: name.startswith(
        "torch.export."
    ),
}

# Modules whose ``automodule`` is on a page not named after them.
AUTOMODULE_PAGES = {
    # func.api.md holds ".. automodule:: torch.func"; func.md holds none.
    "torch.func": "func.api.html",
    # distributed.checkpoint.md, before the format_utils functions.
    "torch.distributed.checkpoint.format_utils": "distributed.checkpoint.html",
    # The torch.export reference, export.md's API page.
    "torch.export": "user_guide/torch_compiler/export/api_reference.html",
}


def layout_rule(name: str, object_type: str, uri: str, entries: dict) -> str | None:
    """Which rule of PyTorch's page layout an entry follows, or None."""
    page, _, anchor = uri.partition("#")
    if object_type == "py:module":
        # docs/source/<module>.md is the page <module>.html. A module
        # documented with automodule is the anchor module-<name> there (or on
        # the page that holds the directive); a module whose own page
        # declares no target for it, as nn.init.md, is the page itself.
        module_page = name.removeprefix("torch.") + ".html"
        if anchor == f"module-{name}" and page == AUTOMODULE_PAGES.get(
            name, module_page
        ):
            return "module target"
        if (page, anchor) == (module_page, ""):
            return "module's own page"
        return None
    if anchor != name:
        return None
    if page == f"generated/{name}.html":
        return "autosummary page"
    owner = name.rpartition(".")[0]
    if (
        object_type == "py:method"
        and page == f"generated/{owner}.html"
        and entries.get(owner, ("", ""))[0] == "py:class"
    ):
        return "member on its class's page"
    if page in HAND_WRITTEN_PAGES and HAND_WRITTEN_PAGES[page](name):
        return "hand-written page"
    return None


def off_layout(entries: dict) -> list[str]:
    return [
        f"{name} -> {uri}"
        for name, (object_type, uri) in entries.items()
        if layout_rule(name, object_type, uri, entries) is None
    ]


def missing_from_torch(entries: dict) -> list[str]:
    missing = []
    for name in entries:
        try:
            resolve(name)
        except (ImportError, AttributeError):
            missing.append(name)
    return missing


def test_inventory_describes_the_pinned_torch():
    entries = inventory()
    assert len(entries) > 100
    assert missing_from_torch(entries) == []


def test_inventory_version_is_the_installed_torch():
    installed = importlib.metadata.version("torch").split("+")[0]
    assert inventory_version() == installed, "regenerate it: nox -s inventories"


def test_every_inventory_url_follows_pytorch_page_layout():
    assert off_layout(inventory()) == []


def test_every_alias_is_the_object_it_links_to():
    entries = inventory()
    aliases = json.loads(ALIASES.read_text(encoding="utf-8"))
    for alias, documented in aliases.items():
        assert documented in entries, alias
        # == rather than is: a classmethod is bound anew on each access.
        # unwrap: importing torch._dynamo (as torch.compile does) wraps
        # torch.manual_seed, and not its other name torch.random.manual_seed.
        assert inspect.unwrap(resolve(alias)) == inspect.unwrap(resolve(documented)), (
            alias
        )


def test_a_wrong_inventory_entry_is_caught():
    entries = inventory()
    wrong = {
        **entries,
        # no such function in torch
        "torch.nn.init.xavier_magic_": (
            "py:function",
            "nn.init.html#torch.nn.init.xavier_magic_",
        ),
        # a real class on a page PyTorch does not put it on
        "torch.nn.Linear": ("py:class", "nn.html#torch.nn.Linear"),
        # a module on another module's page
        "torch.optim": ("py:module", "nn.init.html"),
        # a module target on a page that holds no automodule of it
        "torch.func": ("py:module", "func.html#module-torch.func"),
    }
    assert missing_from_torch(wrong) == ["torch.nn.init.xavier_magic_"]
    assert off_layout(wrong) == [
        "torch.nn.Linear -> nn.html#torch.nn.Linear",
        "torch.optim -> nn.init.html",
        "torch.func -> func.html#module-torch.func",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pytorch_name_in_the_prose_links(site, language):
    allowed = reviewed_unlinked()
    unlinked = {}
    for page in guide_pages(language):
        for name in unlinked_names(built_page(site / language / page)):
            if name not in allowed:
                unlinked.setdefault(name, []).append(page)
    assert unlinked == {}, (
        "link these names (add them to tools/make_inventories.py) "
        "or add them, with a reason, to docs/_inventories/unlinked_names.toml"
    )


def test_every_reviewed_unlinked_name_is_still_written(site):
    written = set()
    for language in LANGUAGES:
        for page in guide_pages(language):
            written |= unlinked_names(built_page(site / language / page))
    assert set(reviewed_unlinked()) - written == set(), "drop names no page writes"


def test_an_unlinked_name_is_caught():
    html = (
        "<article><p><code>nn.Linear</code>, <a href='x'><code>nn.Module</code></a>,"
        " <code>torch.save(obj, path)</code>, <code>x + 1</code></p>"
        "<pre><code>nn.ReLU</code></pre><h2><code>torch.load</code></h2></article>"
    )
    assert unlinked_names(BeautifulSoup(html, "html.parser")) == {
        "nn.Linear",
        "torch.save",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_go_to_inventory_addresses(site, language):
    addresses = {uri for _, uri in inventory().values()}
    linked = [
        address
        for page in guide_pages(language)
        for address in pytorch_links(built_page(site / language / page))
    ]
    assert set(linked) <= addresses
    # The prose and the API page's signatures link, in every language.
    assert (
        "generated/torch.nn.parameter.Parameter.html#torch.nn.parameter.Parameter"
        in linked
    )
    api = pytorch_links(built_page(site / language / "api.html"))
    assert "generated/torch.nn.Module.html#torch.nn.Module" in api


def test_pages_link_the_documented_member_of_the_right_class(site):
    """``register_buffer`` and ``nn.Parameter`` reach the objects they name."""
    entries = inventory()
    linked = set(pytorch_links(built_page(site / "en" / "guide" / "buffers.html")))
    for name in ("torch.nn.Module.register_buffer", "torch.nn.parameter.Parameter"):
        assert entries[name][1] in linked
    assert inspect.isfunction(resolve("torch.nn.Module.register_buffer"))
