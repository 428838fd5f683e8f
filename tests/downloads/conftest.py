"""A reader's environment for the gallery's downloads, and the host they install from.

One environment serves every download test of a run, whichever pytest
worker runs it: the first worker that needs it makes it while the others
wait on a lock. It holds what a reader installs by following the site
(``support/reader.py``), the package fetched from the site's own address.

The next run uses the same environment again when it would install the
same things: the same wheel (byte for byte), install command, torch pin,
Python and way of making it. It is kept in pytest's cache folder
(``.pytest_cache/``); without the cache (``-p no:cacheprovider``), and
after ``--cache-clear``, each run makes its own.

Downloads whose code is the same (the translations of an example differ
from it only in comments and docstrings) run once in a run: ``run_once``
keeps what the first of them printed for the others.
"""

import hashlib
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from support.project import (
    LANGUAGES,
    ROOT,
    SITE,
    built_base_url,
    install_commands,
)
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
def run_once(
    tmp_path_factory,
) -> Callable[[str, Callable[[], dict]], tuple[dict, bool]]:
    """Do each piece of work once in a run, whichever test and worker asks first.

    ``run_once(key, work)`` returns what ``work()`` returned (a JSON object)
    the first time a test of this run asked for ``key``, and whether this
    call did the work. Work that raised is not kept: the next test that asks
    does it again, and fails in its own name.
    """
    folder = shared_folder(tmp_path_factory) / "runs"
    folder.mkdir(exist_ok=True)

    def run(key: str, work: Callable[[], dict]) -> tuple[dict, bool]:
        kept = folder / f"{key}.json"
        with FileLock(f"{kept}.lock"):
            if kept.exists():
                return json.loads(kept.read_text(encoding="utf-8")), False
            outcome = work()
            kept.write_text(json.dumps(outcome), encoding="utf-8")
            return outcome, True

    return run


def environment_key(install_command: list[str]) -> str:
    """What a reader's environment is made from, as one hash.

    Two runs with the same key would install the same: the site's wheel,
    the install command, the torch pin, this Python, and the code that
    makes the environment.
    """
    digest = hashlib.sha256()
    parts = [
        *sorted((SITE / "_downloads").glob("*.whl")),
        ROOT / "constraints.txt",
        Path(__file__).parents[1] / "support" / "reader.py",
    ]
    for path in parts:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(shlex.join(install_command).encode() + b"\0")
    digest.update(sys.version.encode())
    return digest.hexdigest()


def environment_folder(request, tmp_path_factory) -> Path:
    """Where the reader's environment lives: pytest's cache, or this run's tmp."""
    cache = getattr(request.config, "cache", None)
    if cache is None:
        return shared_folder(tmp_path_factory) / "standalone"
    return cache.mkdir("reader-environment") / "standalone"


@pytest.fixture(scope="session")
def standalone_python(request, tmp_path_factory, site_host, install_command) -> Path:
    """The Python of a reader's environment, made once for all workers and runs."""
    location = environment_folder(request, tmp_path_factory)
    ready = location / "ready"
    key = environment_key(install_command)
    # A failure is this run's: the next run tries again.
    failed = shared_folder(tmp_path_factory) / "standalone.failed"
    with FileLock(f"{location}.lock"):
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"))
        made_for = ready.read_text(encoding="utf-8") if ready.exists() else None
        if made_for != key:
            try:
                make_environment(location, site_host, install_command)
            except subprocess.CalledProcessError as error:
                failed.write_text(
                    f"{error.cmd} failed:\n{error.stdout}\n{error.stderr}",
                    encoding="utf-8",
                )
                pytest.fail(failed.read_text(encoding="utf-8"))
            ready.write_text(key, encoding="utf-8")
    return location / "bin" / "python"
