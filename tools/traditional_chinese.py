"""Write the Traditional Chinese (Taiwan) catalogs from the Simplified Chinese ones.

The zh_TW edition is not translated by hand: each zh_CN message is converted
with OpenCC's ``s2twp`` configuration (Taiwan's characters and vocabulary),
after the project's own phrase table (``locales/zh_TW_phrases.txt``), which
wins where OpenCC's choice is wrong for this guide (``参数`` is a model's
``參數``, not ``引數``). Code spans, role and link targets, HTML tags and
format placeholders are copied unchanged, except the text of a tag's
``tooltip``, ``title`` and ``alt`` attributes, which readers see.

Usage: python tools/traditional_chinese.py SOURCE_DIR TARGET_DIR
(``nox -s i18n`` runs it for docs/locales/zh_CN -> docs/locales/zh_TW).
"""

import io
import re
import sys
from functools import cache
from pathlib import Path

import opencc
from babel.messages.pofile import read_po, write_po

PHRASES = (
    Path(__file__).resolve().parent.parent / "docs" / "locales" / "zh_TW_phrases.txt"
)
TARGET_LOCALE = "zh_TW"
# Catalogs are written as sphinx-intl writes them.
WIDTH = 76
# Parts of a message that are not Chinese prose: a role's name and target
# (its title is prose), code spans, link targets, HTML tags, placeholders.
PROTECTED = re.compile(
    r"(?:\{[\w:.-]+\}|:[\w:.-]+:)(?=`)"
    r"|<[^<>`\n]+>(?=`)"
    r"|(?<![`}:])(`+)(?!`).+?(?<!`)\1(?!`)"
    r"|\]\([^)\s]+\)"
    r"|</?[a-zA-Z][^<>]*>"
    r"|%\(\w+\)[sd]|%[sd]|\{\w*\}",
    re.DOTALL,
)
# Attributes of an HTML tag whose text is shown to the reader.
DISPLAYED_ATTRIBUTE = re.compile(r'(\b(?:tooltip|title|alt)=")([^"]*)"')


def read_phrases(path: Path = PHRASES) -> dict[str, str]:
    """The phrase table: ``simplified<TAB>traditional<TAB>reason`` per line."""
    phrases = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        simplified, traditional, _reason = line.split("\t", 2)
        phrases[simplified] = traditional
    return phrases


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")


@cache
def _phrase_pattern(simplified: tuple[str, ...]) -> re.Pattern:
    """Any phrase of the table, the longest first."""
    return re.compile(
        "|".join(map(re.escape, sorted(simplified, key=len, reverse=True)))
    )


def convert_prose(text: str, phrases: dict[str, str]) -> str:
    """Convert Chinese prose, the phrase table first, OpenCC for the rest."""
    if not phrases:
        return _converter().convert(text)
    parts, start = [], 0
    for match in _phrase_pattern(tuple(phrases)).finditer(text):
        parts.append(_converter().convert(text[start : match.start()]))
        parts.append(phrases[match.group(0)])
        start = match.end()
    parts.append(_converter().convert(text[start:]))
    return "".join(parts)


def _convert_tag(tag: str, phrases: dict[str, str]) -> str:
    """An HTML tag with the prose of its displayed attributes converted."""
    return DISPLAYED_ATTRIBUTE.sub(
        lambda match: match.group(1) + convert_prose(match.group(2), phrases) + '"',
        tag,
    )


def convert_message(text: str, phrases: dict[str, str]) -> str:
    """Convert one translated message, leaving its protected parts as they are.

    An HTML tag is kept, except the text of its ``tooltip``, ``title`` and
    ``alt`` attributes, which readers see (Sphinx-Gallery's thumbnails).
    """
    parts, start = [], 0
    for match in PROTECTED.finditer(text):
        parts.append(convert_prose(text[start : match.start()], phrases))
        protected = match.group(0)
        if protected.startswith("<"):
            protected = _convert_tag(protected, phrases)
        parts.append(protected)
        start = match.end()
    parts.append(convert_prose(text[start:], phrases))
    return "".join(parts)


def convert_catalog(source: bytes, phrases: dict[str, str]) -> bytes:
    """The zh_TW catalog for the zh_CN catalog ``source`` (both .po bytes)."""
    catalog = read_po(io.BytesIO(source))
    # Given as a string, the header keeps "zh_TW" (as Sphinx names it)
    # rather than Babel's full name, zh_Hant_TW.
    catalog.locale = TARGET_LOCALE
    catalog.language_team = f"{TARGET_LOCALE} <LL@li.org>"
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.string, tuple):
            message.string = tuple(convert_message(s, phrases) for s in message.string)
        else:
            message.string = convert_message(message.string, phrases)
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, include_lineno=False)
    return out.getvalue()


def convert_catalogs(source_dir: Path, target_dir: Path) -> list[Path]:
    """Write a converted catalog in ``target_dir`` for each one in ``source_dir``.

    Catalogs in ``target_dir`` without a source are deleted. Returns the
    catalogs written.
    """
    phrases = read_phrases()
    written = []
    for source in sorted(source_dir.rglob("*.po")):
        target = target_dir / source.relative_to(source_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(convert_catalog(source.read_bytes(), phrases))
        written.append(target)
    for stale in set(target_dir.rglob("*.po")) - set(written):
        stale.unlink()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert_catalogs(Path(sys.argv[1]), Path(sys.argv[2]))
