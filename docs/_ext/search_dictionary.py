"""Split a language's pages for search with its own words, where it has some.

Sphinx's Chinese search splits pages into words with jieba, whose dictionary
is Simplified Chinese. A language whose locale directory holds a
``search_words.txt`` (zh_TW, written by ``nox -s i18n``) gets it as jieba's
user dictionary (``html_search_options["dict"]``); the other languages keep
the configured options. The language is only known once the command line's
``-D language=…`` is applied, hence the ``config-inited`` hook.
"""

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

WORDS = "search_words.txt"


def on_config_inited(app: Sphinx, config: Config) -> None:
    for locale_dir in config.locale_dirs:
        words = Path(app.srcdir, locale_dir, config.language, WORDS)
        if words.is_file():
            config.html_search_options = {
                **config.html_search_options,
                "dict": str(words),
            }
            return


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
