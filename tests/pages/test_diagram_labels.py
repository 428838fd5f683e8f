"""The guide's diagrams label their parts with code only.

Every language shows the same diagrams, drawn by ``tools/diagrams.py``: a
label must read the same in all of them, so it is a piece of Python (a name,
an expression, a statement, ``True``), never a word of English. What a
diagram means is said in its caption and alt text, which are translated.
"""

import ast
import inspect

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from support.project import tools_module

matplotlib.use("Agg")
diagrams = tools_module("diagrams")
DIAGRAMS = [
    name
    for name, function in inspect.getmembers(diagrams, inspect.isfunction)
    if function.__module__ == diagrams.__name__ and not name.startswith("_")
]


def parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


def is_code(label: str) -> bool:
    """Whether a label is Python: as a whole, or each of its lines."""
    lines = label.splitlines()
    return parses(" ".join(lines)) or all(parses(line) for line in lines)


def labels(figure: Figure) -> list[str]:
    return [text.get_text() for text in figure.findobj(Text) if text.get_text()]


@pytest.mark.parametrize("name", DIAGRAMS)
def test_every_label_of_a_diagram_is_code(name):
    figure = getattr(diagrams, name)()
    try:
        found = labels(figure)
    finally:
        matplotlib.pyplot.close(figure)
    assert found, f"{name} draws no label"
    assert [label for label in found if not is_code(label)] == []


def test_a_label_in_english_is_not_code():
    assert is_code("isinstance(value, Buffer)\nor name in _buffers")
    assert is_code("embed\nLinear")
    assert is_code("self.name = value")
    assert not is_code("the module's parameters")
    assert not is_code("keep it fixed")
