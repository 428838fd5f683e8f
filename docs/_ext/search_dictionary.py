"""Split a language's pages for search with its own words, where it has some.

Sphinx's Chinese search splits pages into words with jieba, whose dictionary
is Simplified Chinese. A language whose locale directory holds a
``search_words.txt`` (zh_TW, written by ``nox -s i18n``) gets it as jieba's
user dictionary (``html_search_options["dict"]``); the other languages keep
the configured options. The language is only known once the command line's
``-D language=…`` is applied, hence the ``config-inited`` hook.

Loading a user dictionary makes jieba read its own dictionary first, which
costs about as much CPU time as the rest of a rebuild with nothing changed.
Sphinx loads it when it starts writing, whether or not a page is then
indexed; ``LazyChinese`` loads it before the first page is split instead, so
a build that indexes no page never reads it.
"""

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.zh import JIEBA_DEFAULT_DICT, SearchChinese, jieba_load_userdict

WORDS = "search_words.txt"


class LazyChinese(SearchChinese):
    """Sphinx's Chinese search, loading the user dictionary on first use."""

    def init(self, options: dict[str, str]) -> None:
        words = options.get("dict", JIEBA_DEFAULT_DICT)
        self.pending_words = str(words) if words and Path(words).is_file() else ""
        super().init({**options, "dict": ""})

    def split(self, input: str) -> list[str]:
        if self.pending_words:
            jieba_load_userdict(self.pending_words)
            self.pending_words = ""
        return super().split(input)


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
    app.add_search_language(LazyChinese)
    app.connect("config-inited", on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
