"""The torch release a constraints file pins, for nox and the tests."""

from pathlib import Path

from packaging.requirements import Requirement


def pinned_torch(constraints: Path) -> str:
    """The version of the ``torch==`` line in ``constraints``.

    Raises:
        ValueError: the file pins no torch release.
    """
    for line in constraints.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            if requirement.name == "torch":
                return str(requirement.specifier).removeprefix("==")
    raise ValueError(f"{constraints.name} pins no torch release (torch==...)")
