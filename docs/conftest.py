"""Run the ``>>>`` examples of the guide's MyST pages as doctests."""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser

collect_ignore = [
    "conf.py",
    "languages.py",
    "interface_messages.py",
    "diagrams.py",
    "icons.py",
    "site_build.py",
    "_ext",
    # Run by nox -s inventories, in an environment of its own.
    "_inventories",
    "_build",
    "auto_examples",
]

pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["*.md"],
    excludes=["_build/*", "auto_examples/*"],
).pytest()
