"""A reader's environment for the gallery's downloads, and the host they install from.

One environment serves every download test of a run, whichever pytest
worker runs it: the first worker that needs it makes it while the others
wait on a lock. It holds what a reader installs by following the site
(``support/reader.py``), the package fetched from the site's own address.
"""

import os
import shlex
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock
from support.project import LANGUAGES, SITE, built_base_url, install_commands
from support.reader import make_environment
from support.static_host import hosting


@pytest.fixture(scope="session")
def site_host(site):
    """The built site, answering at its address for processes that use it."""
    try:
        with hosting(SITE, built_base_url()) as host:
            yield host
    except ValueError as error:
        pytest.fail(f"{error}: build it for the default address to test its downloads")


@pytest.fixture(scope="session")
def install_command(site) -> list[str]:
    """The install command of the gallery's page, as arguments."""
    page = SITE / LANGUAGES[0] / "auto_examples" / "index.html"
    (command,) = install_commands(page)
    return shlex.split(command)


def shared_folder(tmp_path_factory) -> Path:
    """A temporary folder of this run that every pytest worker sees."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def standalone_python(tmp_path_factory, site_host, install_command) -> Path:
    """The Python of a reader's environment, made once for all workers."""
    location = shared_folder(tmp_path_factory) / "standalone"
    failed = location.with_name("standalone.failed")
    with FileLock(f"{location}.lock"):
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"))
        if not (location / "ready").exists():
            try:
                make_environment(location, site_host, install_command)
            except subprocess.CalledProcessError as error:
                failed.write_text(
                    f"{error.cmd} failed:\n{error.stdout}\n{error.stderr}",
                    encoding="utf-8",
                )
                pytest.fail(failed.read_text(encoding="utf-8"))
            (location / "ready").write_text("", encoding="utf-8")
    return location / "bin" / "python"
