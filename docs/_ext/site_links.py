"""Links between the language versions of the site, and its public URLs.

Each language is built into a sibling folder (``en/``, ``zh_CN/``) of one
site whose address is ``site_base_url``. For every page this extension
provides:

- ``language_links``: a relative link to the same page in each other
  language, for the language switcher (absolute paths on the 404 page,
  which a host serves at any depth);
- ``alternate_links``: absolute ``hreflang`` links to every language
  version, for search engines.

It also derives from ``site_base_url`` the settings that need an address:
``html_baseurl`` (canonical links, sitemaps) and the 404 page's URL prefix.
"""

import re
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

NOT_FOUND_PAGE = "404"
# A link that is relative to the page: not a #fragment, /path or scheme:...
RELATIVE_HREF = re.compile(r'href="(?![#/]|[a-z][a-z0-9+.-]*:)')


def language_root(config: Config, language: str) -> str:
    return f"{config.site_base_url}{language}/"


def on_config_inited(app: Sphinx, config: Config) -> None:
    if not config.site_base_url.endswith("/"):
        config.site_base_url += "/"
    config.html_baseurl = language_root(config, config.language)
    site_path = urlsplit(config.site_base_url).path
    config.notfound_urls_prefix = f"{site_path}{config.language}/"
    config.notfound_pagename = NOT_FOUND_PAGE


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    config = app.config
    page = f"{pagename}{app.builder.out_suffix}"
    current = config.language
    if pagename == NOT_FOUND_PAGE:
        # A host serves this page in place of any missing one, at any depth:
        # every link on it must be absolute.
        site_path = urlsplit(config.site_base_url).path
        root = f"{site_path}{current}/"
        context["content_root"] = root
        context["body"] = RELATIVE_HREF.sub(f'href="{root}', context["body"])
        base = site_path
    else:
        base = f"{context['content_root']}../"
    context["language_links"] = [
        (code.replace("_", "-"), name, f"{base}{code}/{page}")
        for code, name in config.site_languages.items()
        if code != current
    ]
    context["alternate_links"] = [
        (code.replace("_", "-"), f"{language_root(config, code)}{page}")
        for code in config.site_languages
    ] + [("x-default", config.site_base_url)]


def setup(app: Sphinx) -> dict:
    app.add_config_value("site_base_url", "http://localhost:8000/", "html", str)
    app.add_config_value("site_languages", {}, "html", dict)
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_html_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
