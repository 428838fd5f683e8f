"""Run the ``>>>`` examples of the guide's MyST pages as doctests."""

import math
import re
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


# Tests known to take long, for a run with no durations of an earlier run
# to go by: started first, the workers end together. Parts of test ids.
LONG_TESTS = (
    "test_language_switcher_leads_to_the_same_page_and_back",
    "test_every_page_passes_axe_core",
    "test_every_page_loads_cleanly_and_shows_its_content",
    "test_every_page_fits_a_phone",
    "test_every_word_on_a_chinese_page_is_chinese",
    "test_downloaded_notebook_runs_and_prints_what_the_page_shows",
    "test_an_example_that_raises_fails_the_build_and_is_named",
    "test_ddp_ranks_runs_with_torchrun",
    "test_a_hanging_rank_is_stopped_after_the_timeout",
    "test_downloaded_script_runs_and_prints_what_the_page_shows",
    "tests/pages/test_translations.py",
    "test_every_reviewed_unlinked_name_is_still_written",
    "test_every_pytorch_name_in_the_prose_links",
    "test_built_pages_have_the_structure_of_the_english_ones",
    "test_every_copied_example_runs_in_the_python_repl",
    "tests/package/test_distributed.py",
)
# Modules whose tests share one costly module-scoped fixture (the gettext
# build; the runs of the ranks): each is one unit, so the fixture runs once.
MODULE_UNITS = {
    "tests/pages/test_translations.py",
    "tests/package/test_distributed.py",
}
# Tests that run a download of each example in every language: an example's
# downloads of one kind are one unit, so the first runs the code and the
# others, whose code is the same, find its printout on the same worker.
SHARED_RUNS = (
    "test_downloaded_script_runs_and_prints_what_the_page_shows",
    "test_downloaded_notebook_runs_and_prints_what_the_page_shows",
)
LANGUAGE_PARAMETER = re.compile(r"-[a-z]{2}(?:_[A-Z]{2})?\]$")
# Goes first whatever the durations: the first test that needs the reader's
# environment (tests/downloads/conftest.py) makes it, and the other worker
# does other work meanwhile rather than wait for it.
ENVIRONMENT_FIRST = "test_standalone_environment_is_not_this_one"
# Where the controller keeps each test's duration for the next run's order.
DURATIONS_KEY = "paramguide/durations"


class PageScheduling(LoadScopeScheduling):
    """Send each page's examples to one xdist worker, and other tests one by one.

    The examples of a page share one namespace and run in order, as a
    reader's session does, so a page is one unit of work; so is a module of
    MODULE_UNITS, whose tests share what a fixture made, and so are the
    downloads of one kind of an example (SHARED_RUNS). The units that
    took longest in the last run (pytest's cache keeps the durations; with
    none, those of LONG_TESTS) go first, so that no worker is left with a
    long test once the others are done.
    """

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.partition("::")[0]
        if path.endswith(".md") or path in MODULE_UNITS:
            return path
        if any(name in nodeid for name in SHARED_RUNS):
            return LANGUAGE_PARAMETER.sub("]", nodeid)
        return nodeid

    def schedule(self) -> None:
        """Queue the units longest first, then start as the base class does."""
        if self.collection is None and self.collection_is_completed:
            collection = next(iter(self.registered_collections.values()))
            units = self._units_longest_first(collection)
            # The base class handles a run with fewer units than workers.
            if (
                len(units) >= len(self.nodes)
                and self._check_nodes_have_same_collection()
            ):
                self.workqueue.update(units)
                # The base class would sort the queue by units' sizes.
                self.config.option.loadscopereorder = False
                self.collection = list(collection)
                for node in self.nodes:
                    self._assign_work_unit(node)
                for node in self.nodes:
                    self._reschedule(node)
                if not self.workqueue:
                    for node in self.nodes:
                        node.shutdown()
                return
        super().schedule()

    def _units_longest_first(self, collection) -> dict[str, dict[str, bool]]:
        """The units of work, each ``{nodeid: done}``, longest first."""
        cache = getattr(self.config, "cache", None)
        durations = cache.get(DURATIONS_KEY, {}) if cache is not None else {}
        units: dict[str, dict[str, bool]] = {}
        for nodeid in collection:
            units.setdefault(self._split_scope(nodeid), {})[nodeid] = False

        def weight(unit: str) -> tuple[float, int]:
            nodeids = units[unit]
            if ENVIRONMENT_FIRST in unit:
                return (-math.inf, 0)
            if durations:
                return (-sum(durations.get(nodeid, 0.0) for nodeid in nodeids), 0)
            ranks = [
                rank
                for rank, name in enumerate(LONG_TESTS)
                if any(name in nodeid for nodeid in nodeids)
            ]
            return (min(ranks, default=len(LONG_TESTS)), -len(nodeids))

        return {unit: units[unit] for unit in sorted(units, key=weight)}


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> PageScheduling:
    """Schedule ``nox -s tests``'s workers (``pytest -n``) by page."""
    return PageScheduling(config, log)


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(DurationRecorder(config), "paramguide-durations")


class DurationRecorder:
    """Keep each test's duration in pytest's cache, for the next run's order."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.durations: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.durations[report.nodeid] = (
            self.durations.get(report.nodeid, 0.0) + report.duration
        )

    def pytest_sessionfinish(self) -> None:
        cache = getattr(self.config, "cache", None)
        if cache is None or not self.durations:
            return
        kept = cache.get(DURATIONS_KEY, {})
        kept.update({nodeid: round(d, 2) for nodeid, d in self.durations.items()})
        cache.set(DURATIONS_KEY, kept)
