"""Look inside a module: its named parameters as a table, and their counts."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

COLUMNS = ("name", "shape", "numel", "dtype", "requires_grad")


@dataclass(frozen=True)
class ParameterInfo:
    """One row of a parameter table.

    >>> info = parameter_table(nn.Linear(3, 2))[0]
    >>> info
    ParameterInfo(name='weight', shape=(2, 3), numel=6, dtype=torch.float32, requires_grad=True)
    """

    name: str
    shape: tuple[int, ...]
    numel: int
    dtype: torch.dtype
    requires_grad: bool


def _require_module(module: object) -> nn.Module:
    if not isinstance(module, nn.Module):
        raise TypeError(
            f"expected a torch.nn.Module, got {module!r} "
            f"of type {type(module).__name__}"
        )
    return module


def parameter_table(module: nn.Module) -> list[ParameterInfo]:
    """Describe every parameter of ``module`` in ``named_parameters()`` order.

    Raises:
        TypeError: If ``module`` is not an ``nn.Module``.

    >>> net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
    >>> [(row.name, row.shape) for row in parameter_table(net)]
    [('0.weight', (3, 4)), ('0.bias', (3,)), ('2.weight', (1, 3)), ('2.bias', (1,))]
    """
    return [
        ParameterInfo(
            name=name,
            shape=tuple(param.shape),
            numel=param.numel(),
            dtype=param.dtype,
            requires_grad=param.requires_grad,
        )
        for name, param in _require_module(module).named_parameters()
    ]


def format_parameter_table(rows: list[ParameterInfo]) -> str:
    """Lay out rows from :func:`parameter_table` as aligned plain text.

    Counts are printed with thousands separators; a last line adds them up.

    >>> net = nn.Linear(3, 2)
    >>> net.bias.requires_grad_(False)
    Parameter containing:
    tensor([...])
    >>> print(format_parameter_table(parameter_table(net)))
    name    shape   numel  dtype          requires_grad
    weight  (2, 3)      6  torch.float32  True
    bias    (2,)        2  torch.float32  False
    total               8
    """
    cells = [COLUMNS] + [
        (
            row.name,
            str(row.shape),
            f"{row.numel:,}",
            str(row.dtype),
            str(row.requires_grad),
        )
        for row in rows
    ]
    cells.append(("total", "", f"{sum(row.numel for row in rows):,}", "", ""))
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for line in cells:
        padded = [
            cell.rjust(width) if column == "numel" else cell.ljust(width)
            for column, cell, width in zip(COLUMNS, line, widths, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def count_parameters(module: nn.Module, *, trainable_only: bool = False) -> int:
    """Count the numbers held by the parameters of ``module``.

    A parameter shared by two submodules is counted once, as
    ``module.parameters()`` yields it once.

    Args:
        module: The module to count.
        trainable_only: Count only parameters with ``requires_grad=True``.

    Raises:
        TypeError: If ``module`` is not an ``nn.Module``.

    >>> net = nn.Linear(1024, 1000)
    >>> count_parameters(net)
    1025000
    >>> net.weight.requires_grad_(False)
    Parameter containing:
    tensor([...])
    >>> count_parameters(net, trainable_only=True)
    1000
    """
    return sum(
        param.numel()
        for param in _require_module(module).parameters()
        if param.requires_grad or not trainable_only
    )
