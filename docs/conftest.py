"""Run the ``>>>`` examples of the guide's MyST pages as doctests."""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import pytest
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser
from xdist.scheduler import LoadScopeScheduling

collect_ignore = [
    "conf.py",
    "languages.py",
    "_ext",
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


class PageScheduling(LoadScopeScheduling):
    """Send each page's examples to one xdist worker, and other tests one by one.

    The examples of a page share one namespace and run in order, as a
    reader's session does, so a page is one unit of work.
    """

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.partition("::")[0]
        return path if path.endswith(".md") else nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> PageScheduling:
    """Schedule ``nox -s tests``'s workers (``pytest -n``) by page."""
    return PageScheduling(config, log)
