"""The glossary's terms, read from docs/guide/glossary.md.

Each entry of the ``{glossary}`` block starts with its English term lines,
then its Chinese term lines (the first holding a Chinese character), then
the indented definition. A definition paragraph ``Chinese variants: a, b``
lists other Chinese wordings the guide accepts for that entry.

Each Chinese edition accepts the wordings its own glossary page shows: the
translations, in its catalog, of those term lines and of that paragraph.
zh_TW's are zh_CN's converted, so they follow Taiwan's usage (出錯 where
zh_CN accepts 报错) and never call Taiwan's own words mistakes.
"""

import re
from dataclasses import dataclass, replace

from babel.messages.pofile import read_po

from support.project import DOCS

GLOSSARY = DOCS / "guide" / "glossary.md"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
VARIANTS = "Chinese variants:"
# What separates the variants in a translation of the paragraph: the label
# ends with a colon, the wordings are separated by commas.
LABEL = re.compile(r"^[^:：]*[:：]")
SEPARATOR = re.compile(r"[,，、]")


@dataclass(frozen=True)
class Entry:
    english: tuple[str, ...]
    accepted: tuple[str, ...]
    # The lines of glossary.md that give the accepted wordings: the Chinese
    # term lines and the "Chinese variants" paragraph, in that order.
    sources: tuple[str, ...] = ()

    def pattern(self) -> re.Pattern:
        """Any English term of the entry, as a word (plural too), any case.

        A hyphen counts as part of a word, so "gallery" does not match in
        "Sphinx-Gallery" nor "leaf" in "non-leaf"; so does a dot between two
        names, which makes them code written as plain text (a figure's alt
        text names ``linear.weight``), not the term "weight".
        """
        words = "|".join(re.escape(term) for term in self.english)
        return re.compile(
            rf"(?<![\w.-])(?:{words})(?:s|es)?(?![\w-]|\.\w)", re.IGNORECASE
        )


def entries(text: str | None = None) -> list[Entry]:
    """The entries of the glossary page (or of ``text``, in its format)."""
    if text is None:
        text = GLOSSARY.read_text(encoding="utf-8")
    block = text.split("```{glossary}\n", 1)[1].split("\n```", 1)[0]
    found = []
    for chunk in re.split(r"\n\s*\n(?=\S)", block.strip()):
        lines = chunk.splitlines()
        terms = [line for line in lines if line and not line[0].isspace()]
        english = tuple(term for term in terms if not CHINESE.search(term))
        # An entry without a Chinese term keeps the English word.
        sources = [term for term in terms if CHINESE.search(term)]
        chinese = list(sources) or list(english)
        for line in lines:
            if line.strip().startswith(VARIANTS):
                sources.append(line.strip())
                chinese += variants(line.strip())
        found.append(Entry(english, tuple(chinese), tuple(sources)))
    # Longest terms first: "autograd graph" is matched before "autograd".
    return sorted(found, key=lambda entry: -max(map(len, entry.english)))


def variants(paragraph: str) -> list[str]:
    """The wordings a "Chinese variants" paragraph lists, in any edition's words."""
    return [v.strip() for v in SEPARATOR.split(LABEL.sub("", paragraph)) if v.strip()]


def entries_in(language: str, glossary: list[Entry] | None = None) -> list[Entry]:
    """The entries with the Chinese wordings that ``language``'s glossary shows.

    Each source line of an entry is a message of the language's catalog of
    the glossary page; its translation there is what that edition accepts.
    """
    path = DOCS / "locales" / language / "LC_MESSAGES" / "guide" / "glossary.po"
    with path.open("rb") as file:
        translated = {m.id: m.string for m in read_po(file) if m.id and m.string}
    edition = []
    for entry in entries() if glossary is None else glossary:
        terms = [line for line in entry.sources if not line.startswith(VARIANTS)]
        # An entry without a Chinese term keeps the English word.
        accepted = [translated.get(term, term) for term in terms] or list(entry.english)
        for line in entry.sources:
            if line.startswith(VARIANTS):
                accepted += variants(translated.get(line, line))
        edition.append(replace(entry, accepted=tuple(accepted)))
    return edition


def off_glossary_terms(
    message: str, translation: str, glossary: list[Entry]
) -> list[str]:
    """The glossary terms of ``message`` that ``translation`` renders otherwise.

    ``message`` is prose (code and markup removed). A term matched as part
    of a longer term is not matched again. A capitalised match that the
    translation repeats, such as "Parameter" for the class, is kept as is.
    """
    problems = []
    for entry in glossary:
        for match in entry.pattern().finditer(message):
            word = match.group(0)
            # The word without its plural ending, as the message writes it.
            singular = next(
                word[: len(term)]
                for term in entry.english
                if word.lower().startswith(term.lower())
            )
            kept = word[0].isupper() and singular in translation
            if not kept and not any(term in translation for term in entry.accepted):
                problems.append(
                    f"{word!r} is not rendered as {' or '.join(entry.accepted)}"
                )
        message = entry.pattern().sub(" ", message)
    return problems
