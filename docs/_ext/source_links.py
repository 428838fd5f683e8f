"""Links from the site to its source repository.

``source_repository_url``, the repository's address on GitHub, is read from
the environment like the site's own address; when it is empty the site
links no source. Otherwise every page's footer links the repository, and
Furo's buttons at the top of each page view and edit the file its text
comes from:

- on the source language's site, the page's source (``docs/<page>.md``);
  a gallery example's page comes from its script in ``examples/`` and the
  gallery's index from the folder's header;
- on a translated site, the page's catalog in ``docs/locales/``; a
  converted language (zh_TW) is edited through its source language's
  catalog, as its own is generated.

"View" shows the file at the commit the site was built from, "edit" opens
it on ``source_branch``.
"""

from pathlib import Path

from languages import CONVERTED_FROM, LANGUAGES
from sphinx.application import Sphinx
from sphinx.config import Config

ROOT = Path(__file__).resolve().parents[2]
SOURCE_LANGUAGE = next(iter(LANGUAGES))
# Names Sphinx-Gallery reads a gallery's index text from, in its order.
GALLERY_HEADERS = ("GALLERY_HEADER.rst", "README.rst", "README.txt")


def _galleries(app: Sphinx) -> dict[str, Path]:
    """Each gallery folder of the site, by name, with the folder of its scripts."""
    conf = app.config.sphinx_gallery_conf
    examples, galleries = conf["examples_dirs"], conf["gallery_dirs"]
    if isinstance(examples, str):
        examples, galleries = [examples], [galleries]
    return {
        gallery: (Path(app.srcdir) / folder).resolve()
        for folder, gallery in zip(examples, galleries, strict=True)
    }


def english_source(app: Sphinx, docname: str) -> Path | None:
    """The file of the checkout a page is made from, or None for a generated page."""
    folder, _, name = docname.rpartition("/")
    scripts = _galleries(app).get(folder)
    if scripts is not None:
        if name != "index":
            return scripts / f"{name}.py"
        headers = [scripts / header for header in GALLERY_HEADERS]
        return next((header for header in headers if header.is_file()), None)
    if docname not in app.env.found_docs:
        return None
    return Path(app.env.doc2path(docname)).resolve()


def catalog(app: Sphinx, language: str, docname: str) -> Path | None:
    """The catalog that translates a page into ``language``, if there is one."""
    for folder in app.config.locale_dirs:
        path = Path(app.srcdir, folder, language, "LC_MESSAGES", f"{docname}.po")
        if path.is_file():
            return path.resolve()
    return None


def page_sources(app: Sphinx, docname: str) -> tuple[Path, Path] | None:
    """The files to view and to edit for a page of the built language, or None."""
    source = english_source(app, docname)
    if source is None:
        return None
    language = app.config.language
    if language == SOURCE_LANGUAGE:
        return source, source
    view = catalog(app, language, docname) or source
    edit = catalog(app, CONVERTED_FROM.get(language, language), docname) or source
    return view, edit


def on_config_inited(app: Sphinx, config: Config) -> None:
    url = config.source_repository_url.rstrip("/")
    config.source_repository_url = url
    config.html_context = {**config.html_context, "source_repository_url": url}
    config.html_theme_options = {
        **config.html_theme_options,
        "top_of_page_buttons": ["view", "edit"] if url else [],
    }


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    url = app.config.source_repository_url
    if not url or "page_source_suffix" not in context:
        return
    sources = page_sources(app, pagename)
    if sources is None:
        return
    view, edit = (path.relative_to(ROOT).as_posix() for path in sources)
    commit = context.get("provenance", {}).get("commit", "unknown")
    revision = app.config.source_branch if commit == "unknown" else commit
    context["theme_source_view_link"] = f"{url}/blob/{revision}/{view}?plain=1"
    context["theme_source_edit_link"] = f"{url}/edit/{app.config.source_branch}/{edit}"


def setup(app: Sphinx) -> dict:
    app.add_config_value("source_repository_url", "", "html", str)
    app.add_config_value("source_branch", "main", "html", str)
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_html_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
