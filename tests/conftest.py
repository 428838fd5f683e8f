"""Fixtures shared by the tests of the built site."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from support.browsing import LOCAL_ONLY, PREFIX, QuietHandler, Visit, serving
from support.project import CHROMIUM_ARGS, LANGUAGES, SITE


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


@pytest.fixture(scope="session")
def base_url(site, tmp_path_factory):
    """The site served on a local port below PREFIX."""
    www = tmp_path_factory.mktemp("www")
    mount = www / PREFIX.strip("/")
    mount.parent.mkdir(parents=True)
    mount.symlink_to(site, target_is_directory=True)
    with serving(www, QuietHandler) as origin:
        yield origin + PREFIX


@pytest.fixture(scope="session")
def browser(chromium):
    """One Chromium for every browser test, which reaches no host but this one."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=[*CHROMIUM_ARGS, *LOCAL_ONLY]
        )
        yield browser
        browser.close()


@pytest.fixture
def visit(browser, base_url):
    """Open tabs with ``visit(**context_options)``; closed after the test."""
    visits = []

    def open_visit(**context_options):
        visits.append(Visit(browser, base_url, **context_options))
        return visits[-1]

    yield open_visit
    for each in visits:
        each.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that check the built site, so a run can leave them out."""
    for item in items:
        if "site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.built_site)
