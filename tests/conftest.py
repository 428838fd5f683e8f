"""Fixtures shared by the tests of the built site."""

import shutil
from pathlib import Path

import pytest
from project import LANGUAGES, SITE


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; the tests session of nox builds it before pytest runs."""
    for language in LANGUAGES:
        if not (SITE / language / "index.html").is_file():
            pytest.fail(f"{SITE / language} is not built: run `nox -s docs` first")
    return SITE


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium, which the browser tests drive."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("Chromium is missing: install it with `apt-get install chromium`")
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that check the built site, so a run can leave them out."""
    for item in items:
        if "site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.built_site)
