"""Find the object a dotted PyTorch name refers to, as the inventory's users do."""

import importlib


def resolve(name: str) -> object:
    """What the dotted name evaluates to in Python: attributes first, then submodules.

    ``torch.nn.utils.weight_norm`` is the function that ``torch.nn.utils``
    exports, not the module of the same name.

    Raises:
        AttributeError: a part of the name is neither an attribute nor a module.
    """
    parts = name.split(".")
    target = importlib.import_module(parts[0])
    for end, part in enumerate(parts[1:], start=2):
        try:
            target = getattr(target, part)
        except AttributeError:
            try:
                target = importlib.import_module(".".join(parts[:end]))
            except ImportError:
                # The module before this part is shadowed by an attribute of
                # its own name, as in torch.nn.utils.weight_norm.weight_norm.
                module = importlib.import_module(".".join(parts[: end - 1]))
                target = getattr(module, part)
    return target
