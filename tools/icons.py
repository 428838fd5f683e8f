"""Draw the site's icons and its link-preview card into docs/_static/.

The files are committed; run this script again after changing the drawing:

    python tools/icons.py

The mark is a 3 × 3 tensor with one entry lit: a tensor wrapped as a
parameter. It reads the same in every language, and so does the card,
whose only words are the project's name and the class it explains.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

STATIC = Path(__file__).resolve().parent.parent / "docs" / "_static"
BACKGROUND = "#1f4e8c"
CELL = "#cfe2ff"
LIT = "#ffb454"
INK = "#1f2328"
# Name -> size in pixels of each square icon.
ICONS = {"favicon.png": 48, "apple-touch-icon.png": 180}
CARD = "social-card.png"
CARD_SIZE = (1200, 630)


def _draw_mark(ax, x, y, size, *, rounded=True):
    """Draw the mark with its lower left corner at ``(x, y)``, ``size`` wide."""
    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            size,
            size,
            boxstyle=f"round,pad=0,rounding_size={0.18 * size if rounded else 0}",
            facecolor=BACKGROUND,
            linewidth=0,
        )
    )
    margin, gap = 0.16 * size, 0.06 * size
    cell = (size - 2 * margin - 2 * gap) / 3
    for row in range(3):
        for column in range(3):
            lit = (row, column) == (2, 0)
            ax.add_patch(
                FancyBboxPatch(
                    (
                        x + margin + column * (cell + gap),
                        y + margin + row * (cell + gap),
                    ),
                    cell,
                    cell,
                    boxstyle=f"round,pad=0,rounding_size={0.2 * cell}",
                    facecolor=LIT if lit else CELL,
                    linewidth=0,
                )
            )


def _figure(width_px: int, height_px: int, *, background="none"):
    dpi = 100
    fig = plt.figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    fig.patch.set_facecolor(background)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width_px)
    ax.set_ylim(0, height_px)
    ax.axis("off")
    return fig, ax


def draw_icon(path: Path, size: int) -> None:
    """A square icon; the touch icon fills its square, as iOS rounds it itself."""
    rounded = size < 100
    fig, ax = _figure(size, size)
    _draw_mark(ax, 0, 0, size, rounded=rounded)
    fig.savefig(path, dpi=100, transparent=rounded)
    plt.close(fig)


def draw_card(path: Path) -> None:
    """The image link previews show: the mark, the name, the class."""
    width, height = CARD_SIZE
    fig, ax = _figure(width, height, background="white")
    _draw_mark(ax, 90, 165, 300)
    ax.text(460, 370, "paramguide", size=70, weight="bold", color=INK, va="center")
    ax.text(
        465,
        250,
        "torch.nn.Parameter",
        size=44,
        family="DejaVu Sans Mono",
        color=BACKGROUND,
        va="center",
    )
    fig.savefig(path, dpi=100, facecolor="white")
    plt.close(fig)


def main() -> None:
    for name, size in ICONS.items():
        draw_icon(STATIC / name, size)
    draw_card(STATIC / CARD)


if __name__ == "__main__":
    main()
