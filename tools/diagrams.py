"""Diagrams of the guide, drawn with matplotlib while the site builds.

The pages call these functions through matplotlib's ``plot`` directive, so
the figures are made locally at build time. Every label is a piece of code
(a name, an expression, ``True`` or ``False``) that reads the same in every
language; what a figure means is said in its caption and alt text, which
are translated with the page.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

MONO = "DejaVu Sans Mono"
INK = "#1f2328"
FILL = {
    "start": "#ffffff",
    "test": "#f3f4f6",
    "_parameters": "#cfe2ff",
    "_modules": "#ffe5b4",
    "_buffers": "#d1f2d9",
    "__dict__": "#e5e7eb",
    "TypeError": "#f8d0d0",
}


def _text(ax, x, y, text, *, size=9, color=INK, **style):
    """Write ``text`` in monospace, centred on ``(x, y)``."""
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        family=MONO,
        size=size,
        color=color,
        **style,
    )


def _box(ax, x, y, text, width, height, fill, *, size=10.5, weight="normal"):
    """Draw a rounded box centred on ``(x, y)`` with ``text`` in it."""
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0,rounding_size=0.12",
            facecolor=fill,
            edgecolor=INK,
            linewidth=1.0,
        )
    )
    _text(ax, x, y, text, size=size, weight=weight)


def _arrow(ax, start, end, label=None, *, at=0.5, shift=(0.0, 0.18)):
    """Draw an arrow from ``start`` to ``end``, labelled at fraction ``at``."""
    ax.add_patch(
        FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=INK)
    )
    if label:
        x = start[0] + (end[0] - start[0]) * at + shift[0]
        y = start[1] + (end[1] - start[1]) * at + shift[1]
        _text(ax, x, y, label)


def _canvas(width, height, xlim, ylim):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    return fig, ax


def setattr_routing():
    """How ``nn.Module.__setattr__`` sorts ``self.name = value``.

    The tests run from the top and the first that holds decides where the
    value goes; a name already held by a parameter or a submodule accepts
    only a value of the same kind, or ``None``.
    """
    fig, ax = _canvas(9.6, 6.6, (-0.3, 13.3), (0.8, 9.95))
    test_x, test_w = 2.7, 5.2  # the column of tests
    none_x, none_w = 7.4, 2.4  # the "value is None" checks
    goal_x, goal_w = 11.5, 2.6  # where values end up
    height = 0.7
    test_right, goal_left = test_x + test_w / 2, goal_x - goal_w / 2

    tests = [
        (8.0, "isinstance(value, Parameter)"),
        (6.8, "name in _parameters"),
        (5.6, "isinstance(value, Module)"),
        (4.4, "name in _modules"),
        (3.05, "isinstance(value, Buffer)\nor name in _buffers"),
    ]
    heights = [height * (1.6 if "\n" in text else 1.0) for _, text in tests]
    rest_y = 1.4

    _box(
        ax,
        test_x,
        9.2,
        "self.name = value",
        test_w,
        height,
        FILL["start"],
        weight="bold",
    )
    _arrow(ax, (test_x, 9.2 - height / 2), (test_x, tests[0][0] + heights[0] / 2))
    for index, ((y, text), tall) in enumerate(zip(tests, heights, strict=True)):
        _box(ax, test_x, y, text, test_w, tall, FILL["test"])
        if index + 1 < len(tests):
            below, below_tall = tests[index + 1][0], heights[index + 1]
            start, end = (test_x, y - tall / 2), (test_x, below + below_tall / 2)
            _arrow(ax, start, end, "False", shift=(0.45, 0.0))

    # A value of the right kind goes straight to its dictionary.
    for (y, _), goal in zip(
        tests[::2], ["_parameters", "_modules", "_buffers"], strict=True
    ):
        _box(ax, goal_x, y, goal, goal_w, height, FILL[goal], weight="bold")
        _arrow(ax, (test_right, y), (goal_left, y), "True", at=0.12)

    # A name already registered takes, of another kind, only ``None``.
    for (y, _), (home_y, _) in [(tests[1], tests[0]), (tests[3], tests[2])]:
        _box(ax, none_x, y, "value is None", none_w, height, FILL["test"])
        _arrow(ax, (test_right, y), (none_x - none_w / 2, y), "True")
        home = (goal_x - 0.6, home_y - height / 2)
        _arrow(ax, (none_x + 0.3, y + height / 2), home, "True", shift=(-0.1, 0.25))
        _box(ax, goal_x, y, "TypeError", goal_w, height, FILL["TypeError"])
        _arrow(ax, (none_x + none_w / 2, y), (goal_left, y), "False")

    # Anything else is an ordinary attribute.
    last_bottom = tests[-1][0] - heights[-1] / 2
    ax.plot([test_x, test_x], [last_bottom, rest_y], color=INK, linewidth=1.0)
    _arrow(ax, (test_x, rest_y), (goal_left, rest_y))
    _text(ax, test_x + 0.45, (last_bottom + rest_y) / 2, "False")
    _box(
        ax, goal_x, rest_y, "__dict__", goal_w, height, FILL["__dict__"], weight="bold"
    )
    return fig


def parameter_order():
    """The order in which ``parameters()`` visits a small module tree.

    ``Net`` assigns ``embed``, ``block``, ``cls`` and ``head`` in that order;
    the number on each parameter is its place in ``parameters()``.
    """
    fig, ax = _canvas(10.0, 4.0, (-0.75, 10.75), (-0.6, 4.0))
    module_w, module_h = 1.45, 0.78
    param_w, param_h = 0.95, 0.5

    # Dotted name: (x, y, label).
    modules = {
        "": (4.9, 3.5, "Net"),
        "embed": (0.6, 2.2, "embed\nLinear"),
        "block": (4.4, 2.2, "block\nBlock"),
        "head": (9.2, 2.2, "head\nLinear"),
        "block.proj": (3.2, 1.0, "proj\nLinear"),
        "block.norm": (5.6, 1.0, "norm\nLayerNorm"),
    }
    # (owning module, x, y, name, place in parameters()).
    parameters = [
        ("", 7.2, 2.2, "cls", 1),
        ("embed", 0.0, 1.0, "weight", 2),
        ("embed", 1.2, 1.0, "bias", 3),
        ("block.proj", 2.6, -0.2, "weight", 4),
        ("block.proj", 3.8, -0.2, "bias", 5),
        ("block.norm", 5.0, -0.2, "weight", 6),
        ("block.norm", 6.2, -0.2, "bias", 7),
        ("head", 8.6, 1.0, "weight", 8),
        ("head", 9.8, 1.0, "bias", 9),
    ]

    def edge(parent, x, y, child_h):
        px, py, _ = modules[parent]
        ys = [py - module_h / 2, y + child_h / 2]
        ax.plot([px, x], ys, color=INK, linewidth=1.0, zorder=0)

    for name, (x, y, _) in modules.items():
        if name:
            edge(name.rpartition(".")[0], x, y, module_h)
    for owner, x, y, _, _ in parameters:
        edge(owner, x, y, param_h)

    for name, (x, y, label) in modules.items():
        weight = "normal" if name else "bold"
        _box(
            ax,
            x,
            y,
            label,
            module_w,
            module_h,
            FILL["_modules"],
            size=10,
            weight=weight,
        )
    for _, x, y, label, place in parameters:
        _box(ax, x, y, label, param_w, param_h, FILL["_parameters"], size=9.5)
        corner = (x + param_w / 2, y + param_h / 2)
        ax.add_patch(Circle(corner, 0.18, facecolor=INK, edgecolor=INK, zorder=3))
        _text(ax, *corner, str(place), weight="bold", color="white", zorder=4)
    return fig
