"""Find the object a dotted PyTorch name refers to, as the inventory's users do."""

import importlib


def resolve(name: str) -> object:
    """Import the longest importable module prefix of a dotted name, then getattr the rest.

    Raises:
        ImportError: no prefix of the name is a module.
        AttributeError: the module has no such attribute.
    """
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise ImportError(f"no module in {name!r}")
