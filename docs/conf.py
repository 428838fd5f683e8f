"""Sphinx configuration for the paramguide site (English source, Chinese translation)."""

import logging
import os
import sys
from importlib.metadata import version as package_version
from pathlib import Path

import jieba

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "_ext"))
from languages import LANGUAGES

# jieba, which segments Chinese words for the search index, logs its
# start-up at DEBUG level to stderr.
jieba.setLogLevel(logging.WARNING)

project = "paramguide"
author = "The paramguide authors"
copyright = "2026, The paramguide authors"
release = package_version("paramguide")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
    "notfound.extension",
    "api_links",
    "caption_headings",
    "page_assets",
    "provenance",
    "raw_translations",
    "script_translations",
    "code_comments",
    "figure_translations",
    "gallery_translations",
    "package_download",
    "site_links",
    "source_links",
    "search_dictionary",
    "theme_translations",
    "version_notes",
    "sphinx_sitemap",
]
exclude_patterns = ["_build", "_root", "locales"]
templates_path = ["_templates"]
nitpicky = True
# The standard library's inventory cannot be read offline either: its names
# in signatures (collections.abc.Callable) stay plain text.
nitpick_ignore_regex = [("py:class", r"collections\.abc\..*")]

# -- Links to PyTorch's documentation -----------------------------------------
# The build is offline: intersphinx reads the inventory kept in
# _inventories/ (regenerate it with nox -s inventories), and _ext/api_links.py
# links the PyTorch names of the prose through it.
intersphinx_mapping = {
    "torch": ("https://docs.pytorch.org/docs/stable/", "_inventories/torch.inv"),
}

# -- Translation -------------------------------------------------------------
language = "en"
# Absolute: Sphinx looks up the script catalog (sphinx.js) from the working
# directory, the message catalogs from the source directory.
locale_dirs = [str(Path(__file__).parent / "locales")]
gettext_compact = False
gettext_uuid = False
gettext_location = False
# Sphinx-Gallery writes each thumbnail's title and tooltip as raw HTML:
# translate raw blocks too, or they stay English on every site. The
# exercises' <details> blocks are raw HTML as well; _ext/raw_translations.py
# translates those of MyST pages.
gettext_additional_targets = ["raw"]

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- API reference ------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# -- Gallery ------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "remove_config_comments": True,
    # Run times differ on every build and would become new strings to
    # translate each time: never print them.
    "min_reported_time": float("inf"),
    "write_computation_times": False,
    "show_signature": False,
    "reset_modules": ("matplotlib", "gallery_threads.limit_torch_threads"),
    # SVG with the text kept as text, which each translated build rewrites
    # in its language (see _ext/figure_translations.py).
    "image_scrapers": ("figure_translations.svg_scraper",),
}

# -- Diagrams -----------------------------------------------------------------
# The guide's diagrams are functions in tools/diagrams.py, drawn by the plot
# directive during the build; their captions and alt text are translated.
plot_basedir = "../tools"
plot_formats = [("svg", 96)]
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False

# -- Copy buttons -------------------------------------------------------------
# A line that starts with a prompt is copied without it; any other line is
# output and is left out, empty lines aside. A bare "..." closes a compound
# statement in a doctest and is copied as an empty line: Python's REPL needs
# one there, and nowhere inside the statement. A bare "..." in an output
# (doctest's ELLIPSIS) leaves an empty line between two statements, which
# does no harm; an output line that starts with "... " would be copied, so
# tests/pages/test_copied_examples.py runs every copy in the REPL.
copybutton_prompt_text = r">>> |\.\.\. |\.\.\.$|\$ "
copybutton_prompt_is_regexp = True

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = "paramguide"
html_static_path = ["_static"]
html_css_files = ["paramguide.css"]
html_js_files = ["theme-accessibility.js"]
html_show_sourcelink = False
html_theme_options = {"top_of_page_buttons": []}
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "language-switcher.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}

# -- Addresses ----------------------------------------------------------------
# Where the site is published: canonical links, hreflang links, sitemaps and
# the 404 page derive from this one setting (see _ext/site_links.py).
site_base_url = os.environ.get("PARAMGUIDE_BASE_URL", "http://localhost:8000/")
site_languages = LANGUAGES
sitemap_url_scheme = "{link}"
sitemap_locales = [None]
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
# The paramguide package comes with the site: tools/site_build.py builds its
# wheel into the site's _downloads/ folder, and every install command points
# there (see _ext/package_download.py).

# -- Source repository ----------------------------------------------------------
# The repository's address on GitHub, read from the environment like the
# site's; when it is unset the site links no source. Otherwise the footer
# links it, and each page links the file its text comes from, viewed at the
# built commit or edited on source_branch (see _ext/source_links.py).
source_repository_url = os.environ.get("PARAMGUIDE_SOURCE_URL", "")
source_branch = "main"

# -- Search -------------------------------------------------------------------
# Sphinx loads jieba's own dictionary a second time as a user dictionary by
# default, which costs seconds per build and adds no word. A language with
# its own word list (zh_TW) loads that instead: see _ext/search_dictionary.py.
html_search_options = {"dict": ""}

# -- Link previews and icons ----------------------------------------------------
# page_meta (in _ext/) loads sphinxext-opengraph and gives it each page's
# first sentence; og:url and og:image follow site_base_url. tools/icons.py
# draws the icons and the preview card.
extensions.append("page_meta")
html_favicon = "_static/favicon.png"
ogp_image = "_static/social-card.png"
ogp_image_alt = False
ogp_enable_meta_description = False
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image" />']

# -- Phones -----------------------------------------------------------------------
# image_links (in _ext/) opens each diagram and gallery figure full size on a tap.
extensions.append("image_links")
