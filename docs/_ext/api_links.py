"""Link the PyTorch names of the guide's prose to PyTorch's own documentation.

Pages write PyTorch names as inline code: ``nn.Parameter``,
``torch.no_grad()``, ``register_buffer``. Before references are resolved,
this extension turns each such literal into a cross-reference that
intersphinx resolves against the inventory in ``docs/_inventories``, so the
reader can click through to PyTorch's stable documentation. Working on the
built document rather than on the source keeps every page and every
translation as written: a translated page keeps its code spans unchanged,
so it gets the same links.

A literal is linked when its text, less a trailing call (``(...)``), is

- a dotted name starting with ``torch.`` or ``nn.`` (read as ``torch.nn.``)
  that the inventory documents, under that name or under another name of
  the same object (``torch.nn.Parameter`` is documented as
  ``torch.nn.parameter.Parameter``); or
- a bare method or attribute name that names exactly one object in the
  inventory and is not a Python built-in, when it is written as a call
  (``parameters()``) or has an underscore (``register_buffer``). ``eval()``
  and ``float()`` are left alone, and so is ``state_dict()``, which both
  modules and optimizers have; so are short names like ``dim``, which prose
  also uses for arguments, and bare function and class names such as
  ``tensor``, which it uses as plain words.

The same alias table makes the API page's signatures link: autodoc refers
to base classes by their defining module (``torch.nn.modules.module.Module``).
"""

import builtins
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.ext.intersphinx import InventoryAdapter
from sphinx.transforms.post_transforms import SphinxPostTransform

INVENTORIES = Path(__file__).resolve().parent.parent / "_inventories"
INVENTORY_NAME = "torch"
ALIASES = json.loads((INVENTORIES / "torch_aliases.json").read_text(encoding="utf-8"))
# A dotted or bare Python name, optionally called: nn.Linear(3, 2), step().
LITERAL = re.compile(r"(?P<name>[A-Za-z_][\w.]*?)(?P<call>\(.*\))?")
PREFIXES = {"torch.": "torch.", "nn.": "torch.nn."}


MEMBER_TYPES = {"py:method", "py:attribute", "py:property"}


def documented_names(app: Sphinx) -> dict[str, str]:
    """Every Python object the PyTorch inventory lists, with its object type."""
    inventory = InventoryAdapter(app.env).named_inventory.get(INVENTORY_NAME, {})
    return {
        name: object_type
        for object_type, objects in inventory.items()
        if object_type.startswith("py:")
        for name in objects
    }


def bare_names(documented: dict[str, str]) -> dict[str, str]:
    """Method and attribute names that name exactly one documented object."""
    counts = Counter(name.rpartition(".")[2] for name in documented)
    return {
        short: name
        for name, object_type in documented.items()
        if object_type in MEMBER_TYPES
        and counts[short := name.rpartition(".")[2]] == 1
        and not hasattr(builtins, short)
    }


def link_target(
    text: str, documented: dict[str, str], bare: dict[str, str]
) -> str | None:
    """The documented name a literal's text refers to, or None."""
    match = LITERAL.fullmatch(text.strip())
    if match is None:
        return None
    name = match["name"]
    for prefix, expansion in PREFIXES.items():
        if name.startswith(prefix):
            full = expansion + name[len(prefix) :]
            if full in documented:
                return full
            return ALIASES.get(full)
    if match["call"] or "_" in name.strip("_"):
        return bare.get(name)
    return None


class LinkApiNames(SphinxPostTransform):
    """Make inline literals naming PyTorch objects into cross-references."""

    # Before Sphinx's ReferencesResolver (priority 10) resolves them.
    default_priority = 5

    def run(self) -> None:
        documented = documented_names(self.app)
        bare = bare_names(documented)
        for xref in self.document.findall(addnodes.pending_xref):
            target = xref.get("reftarget", "")
            if xref.get("refdomain") == "py" and target in ALIASES:
                xref["reftarget"] = ALIASES[target]
        for literal in list(self.document.findall(nodes.literal)):
            if self.is_code_in_prose(literal):
                target = link_target(literal.astext(), documented, bare)
                if target is not None:
                    self.link(literal, target)

    @staticmethod
    def is_code_in_prose(literal: nodes.literal) -> bool:
        """A literal of running text: not a link, nor in a heading or signature."""
        return not any(
            isinstance(
                ancestor,
                nodes.reference
                | addnodes.pending_xref
                | nodes.title
                | addnodes.desc_signature,
            )
            for ancestor in _ancestors(literal)
        )

    @staticmethod
    def link(literal: nodes.literal, target: str) -> None:
        xref = addnodes.pending_xref(
            "",
            refdomain="py",
            reftype="obj",
            reftarget=target,
            refexplicit=True,
            refwarn=True,
        )
        literal.replace_self(xref)
        xref += literal


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.intersphinx")
    # A setting that changes with the inventory: Sphinx rewrites every page
    # when it does, so no page keeps links from an older inventory.
    digest = hashlib.sha256()
    for path in sorted(INVENTORIES.glob("torch*")):
        digest.update(path.read_bytes())
    app.add_config_value("api_links_inventory_digest", digest.hexdigest(), "html")
    app.add_post_transform(LinkApiNames)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
