"""Write the Traditional Chinese words the zh_TW search index is split into.

Sphinx indexes Chinese pages with jieba, whose dictionary is Simplified
Chinese: it splits Traditional text such as ``註冊參數`` into single
characters, which the index leaves out, so those words cannot be found. This
script takes the words jieba finds in the zh_CN catalogs (every word of two or
more Han characters that its search mode yields), converts each one as
``traditional_chinese.py`` converts the catalogs, and writes those whose
spelling changes as a jieba user dictionary, each with the frequency jieba
gives its Simplified form, so the zh_TW pages are split as the zh_CN pages
are. The phrase table's Traditional phrases are added too, since a phrase
such as ``關鍵字引數`` is converted as a whole, not word by word. ``conf.py``
loads the dictionary for the zh_TW build (``html_search_options["dict"]``).

Usage: python tools/traditional_search_words.py SOURCE_DIR TARGET_FILE
(``nox -s i18n`` runs it for docs/locales/zh_CN/LC_MESSAGES ->
docs/locales/zh_TW/search_words.txt).
"""

import logging
import re
import sys
from pathlib import Path

import jieba
from babel.messages.pofile import read_po
from traditional_chinese import convert_prose, read_phrases

# Two or more Han characters (CJK unified and compatibility ideographs).
WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def source_words(source_dir: Path) -> set[str]:
    """The words of two or more Han characters jieba finds in the catalogs."""
    words = set()
    for path in sorted(source_dir.rglob("*.po")):
        with path.open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            if not message.id or not message.string:
                continue
            texts = message.string
            for text in texts if isinstance(texts, tuple) else [texts]:
                words.update(filter(WORD.fullmatch, jieba.cut_for_search(text)))
    return words


def search_words(source_dir: Path) -> dict[str, int]:
    """Each word whose Traditional spelling differs, with its jieba frequency.

    A word's frequency is the one jieba's dictionary gives its Simplified
    spelling (the highest, where several convert to one), or 0 when the
    dictionary lacks it: jieba found such a word with its statistical model,
    and chooses a frequency itself that keeps the word whole.
    """
    phrases = read_phrases()
    pairs = [(word, convert_prose(word, phrases)) for word in source_words(source_dir)]
    pairs += phrases.items()
    words: dict[str, int] = {}
    for simplified, traditional in pairs:
        if traditional != simplified and WORD.fullmatch(traditional):
            frequency = jieba.get_FREQ(simplified) or 0
            words[traditional] = max(words.get(traditional, 0), frequency)
    return words


def format_dictionary(words: dict[str, int]) -> str:
    """Jieba's user dictionary format: ``word [frequency]`` per line, sorted."""
    return "".join(
        f"{word} {frequency}\n" if frequency else f"{word}\n"
        for word, frequency in sorted(words.items())
    )


def write_search_words(source_dir: Path, target: Path) -> None:
    """Write the user dictionary for the catalogs in ``source_dir`` to ``target``."""
    jieba.setLogLevel(logging.WARNING)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(format_dictionary(search_words(source_dir)), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    write_search_words(Path(sys.argv[1]), Path(sys.argv[2]))
