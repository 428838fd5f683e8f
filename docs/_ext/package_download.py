"""The paramguide package that comes with the site, and the command that installs it.

``tools/site_build.py`` builds the package's wheel into the ``_downloads/``
folder at the site's root, beside the language folders, so every language
offers the one address ``site_base_url`` + ``_downloads/`` + the wheel's
name. This extension provides:

- ``install_command(config)``: ``pip install "paramguide[examples] @ <that
  address>"``, the package with what the gallery's scripts need (the
  notebooks' first cell runs it, see ``provenance.py``);
- the ``install-command`` directive, which shows that command as a console
  block, so that no page types the address;
- on every gallery example's page, a last section, above its downloads,
  that gives the command and says what the notebook needs. It is text of
  the page, translated with it in the example's catalog.
"""

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

PACKAGE = "paramguide"
EXTRA = "examples"
DOWNLOADS = "_downloads"
# The class of the console blocks that show the install command.
INSTALL_COMMAND = "install-command"
# Where Sphinx-Gallery's page of an example offers the downloads.
DOWNLOADS_TARGET = re.compile(r"^\.\. _sphx_glr_download_.*:$", re.MULTILINE)
# A section of its own, which the downloads then close.
RUN_IT_YOURSELF = """\
Run this example
----------------

Download it below. The script needs the ``paramguide`` package, which
comes with this site, and what the examples use besides it; this command
installs them:

.. install-command::

The notebook runs this command in its first cell: open it in Jupyter, or in
any other notebook app whose Python kernel has pip.

"""


def wheel_name(version: str) -> str:
    """The file name of the package's wheel: pure Python, any platform."""
    return f"{PACKAGE}-{version}-py3-none-any.whl"


def wheel_url(config: Config) -> str:
    """The address of the wheel on the published site."""
    base = config.site_base_url
    base = base if base.endswith("/") else f"{base}/"
    return f"{base}{DOWNLOADS}/{wheel_name(config.release)}"


def requirement(config: Config) -> str:
    """What pip installs: the package from the site, with the examples' extra."""
    return f"{PACKAGE}[{EXTRA}] @ {wheel_url(config)}"


def install_command(config: Config) -> str:
    """The pip command that installs the package and what the examples need."""
    return f'pip install "{requirement(config)}"'


def _console(config: Config) -> str:
    return f"$ {install_command(config)}"


class InstallCommand(SphinxDirective):
    """Show the install command as a console block: ``.. install-command::``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        command = _console(self.config)
        block = nodes.literal_block(command, command, language="console")
        block["classes"].append(INSTALL_COMMAND)
        self.set_source_info(block)
        return [block]


class WriteInstallCommand(SphinxPostTransform):
    """Write each install command for the address the site is being built for.

    Sphinx keeps a page's doctree between builds and rereads the page only
    when it changes, but writes every page again when ``site_base_url``
    changes: the command is written then, not when the page is read.
    """

    default_priority = 100

    def run(self, **kwargs) -> None:
        command = _console(self.config)
        for block in self.document.findall(nodes.literal_block):
            if INSTALL_COMMAND in block["classes"]:
                block.rawsource = command
                block[:] = [nodes.Text(command)]


def _gallery_dirs(config: Config) -> list[str]:
    directories = config.sphinx_gallery_conf["gallery_dirs"]
    return [directories] if isinstance(directories, str) else list(directories)


def add_run_it_yourself(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the install command above the downloads of every example's page."""
    folder, _, name = docname.rpartition("/")
    if folder not in _gallery_dirs(app.config) or name == "index":
        return
    target = DOWNLOADS_TARGET.search(source[0])
    if target is None:
        logger.warning(
            "%s: no downloads found to put the install command above",
            docname,
            type="package_download",
        )
        return
    source[0] = (
        source[0][: target.start()] + RUN_IT_YOURSELF + source[0][target.start() :]
    )


def setup(app: Sphinx) -> dict:
    app.add_directive("install-command", InstallCommand)
    app.add_post_transform(WriteInstallCommand)
    app.connect("source-read", add_run_it_yourself)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
