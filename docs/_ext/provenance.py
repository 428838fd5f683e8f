"""Which versions produced the site's outputs, read from the build environment.

Every page states, in its footer, the versions of torch, Python and
paramguide that ran its examples, the git commit of the sources and the
build date; every downloadable notebook states the same in its first cell.
That cell then installs paramguide from the site, with what the examples
need (``package_download.py``), and only after that reads the versions
installed, to warn a reader whose torch is outside the range paramguide
supports. Nothing here is typed in: each value comes from the environment
that builds the site (``SOURCE_DATE_EPOCH``, when set, fixes the date, for
reproducible builds).
"""

import datetime
import json
import os
import platform
import shutil
import subprocess
import textwrap
from importlib.metadata import version
from pathlib import Path

from package_download import requirement
from script_translations import read_catalog, translated_messages
from sphinx.application import Sphinx
from sphinx.config import Config

ROOT = Path(__file__).resolve().parents[2]
# Shown when the sources are not a git checkout (an unpacked archive).
UNKNOWN_COMMIT = "unknown"


def build_commit() -> str:
    """The commit of the sources being built, or ``unknown`` outside a git checkout."""
    try:
        run = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return UNKNOWN_COMMIT
    return run.stdout.strip()


def build_date() -> str:
    """Today in UTC, or the date of ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch
        else datetime.datetime.now(datetime.UTC)
    )
    return moment.date().isoformat()


def provenance() -> dict[str, str]:
    """The versions and sources that produce the site, by name."""
    return {
        # The installed distribution's version is torch.__version__,
        # without importing torch into every build.
        "torch": version("torch"),
        "python": platform.python_version(),
        "paramguide": version("paramguide"),
        "commit": build_commit(),
        "date": build_date(),
    }


def _(message: str) -> str:
    """Mark a message for the catalogs (tools/interface_messages.py collects it)."""
    return message


# The footer's sentence, which the notebooks repeat.
STATEMENT = _(
    "Outputs produced with torch %(torch)s, Python %(python)s and paramguide "
    "%(paramguide)s, from commit %(commit)s, built on %(date)s."
)
INSTALL = _(
    "Installs paramguide from this site, with what the examples need; what is "
    "already installed in a suitable version stays as it is."
)
OUTSIDE_RANGE = _(
    "Note: this notebook was written for torch%(supported)s; you have torch "
    "%(installed)s, so some outputs may differ."
)
# A notebook app runs %pip with the kernel's own Python. The versions are
# read after it, so that the cell also runs where nothing is installed yet.
NOTEBOOK_CELL = """\
{statement}
{install_comment}
%pip install "{requirement}"
from importlib.metadata import requires, version

from packaging.requirements import Requirement

supported = next(
    Requirement(line).specifier
    for line in requires("paramguide")
    if Requirement(line).name == "torch"
)
if not supported.contains(version("torch"), prereleases=True):
    print({note!r} % {{"supported": supported, "installed": version("torch")}})"""


def translations(app: Sphinx, language: str) -> dict[str, str]:
    """The site's interface messages in ``language``, from its catalog."""
    for folder in app.config.locale_dirs:
        catalog = Path(app.confdir, folder, language, "LC_MESSAGES", "sphinx.po")
        if catalog.is_file():
            return {
                message.id: message.string
                for message in translated_messages(read_catalog(catalog))
            }
    return {}


def _comment(text: str) -> str:
    return textwrap.fill(text, width=79, initial_indent="# ", subsequent_indent="# ")


def notebook_cell(
    values: dict[str, str], messages: dict[str, str], package: str
) -> str:
    """The first cell of every downloadable notebook, in the site's language.

    ``package`` is what the cell's ``%pip install`` installs.
    """
    return NOTEBOOK_CELL.format(
        statement=_comment(messages.get(STATEMENT, STATEMENT) % values),
        install_comment=_comment(messages.get(INSTALL, INSTALL)),
        requirement=package,
        note=messages.get(OUTSIDE_RANGE, OUTSIDE_RANGE),
    )


def discard_outputs_of_other_builds(app: Sphinx, values: dict[str, str]) -> None:
    """Make the gallery run its examples again when the provenance has changed.

    Sphinx-Gallery reruns an example only when its script changes, and
    rewrites its notebook only then. Outputs and notebooks produced with
    another torch, another commit or on another day would then be shown
    under this build's provenance: discard them instead.
    """
    galleries = app.config.sphinx_gallery_conf["gallery_dirs"]
    for folder in [galleries] if isinstance(galleries, str) else galleries:
        gallery = Path(app.srcdir) / folder
        stamp = gallery / "provenance.json"
        if stamp.is_file() and json.loads(stamp.read_text("utf-8")) == values:
            continue
        shutil.rmtree(gallery, ignore_errors=True)
        gallery.mkdir(parents=True)
        stamp.write_text(json.dumps(values, indent=1) + "\n", encoding="utf-8")


def on_config_inited(app: Sphinx, config: Config) -> None:
    values = provenance()
    config.html_context = {**config.html_context, "provenance": values}
    config.sphinx_gallery_conf["first_notebook_cell"] = notebook_cell(
        values, translations(app, config.language), requirement(config)
    )
    discard_outputs_of_other_builds(app, values)


def setup(app: Sphinx) -> dict:
    # Before Sphinx-Gallery reads its configuration (priority 10).
    app.connect("config-inited", on_config_inited, priority=5)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
