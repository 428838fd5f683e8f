"""Write the Traditional Chinese (Taiwan) catalogs from the Simplified Chinese ones.

The zh_TW edition is not translated by hand: each zh_CN message is converted
with OpenCC's ``s2twp`` configuration (Taiwan's characters and vocabulary),
after the project's own phrase table (``docs/locales/zh_TW_phrases.txt``), which
wins where OpenCC's choice is wrong for this guide (``参数`` is a model's
``參數``, not ``引數``). Where a word's Taiwan form depends on its sentence
(``行`` is a row only in some messages: Taiwan's ``列``), the per-message
phrases of ``docs/locales/zh_TW_overrides.toml`` win for that message alone.
Code spans, role and link targets, HTML tags and format placeholders are
copied unchanged, except the text of a tag's ``tooltip``, ``title`` and
``alt`` attributes, which readers see.

Usage: python tools/traditional_chinese.py SOURCE_DIR TARGET_DIR
(``nox -s i18n`` runs it for docs/locales/zh_CN -> docs/locales/zh_TW).
"""

import io
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import opencc
from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent.parent / "docs" / "locales"
PHRASES = LOCALES / "zh_TW_phrases.txt"
OVERRIDES = LOCALES / "zh_TW_overrides.toml"
TARGET_LOCALE = "zh_TW"
# Catalogs are written as sphinx-intl writes them.
WIDTH = 76
# Parts of a message that are not Chinese prose: a role's name and target
# (its title is prose; the target takes the role's closing backquote, which
# would otherwise open a code span), code spans, link targets, HTML tags,
# placeholders.
PROTECTED = re.compile(
    r"(?:\{[\w:.-]+\}|:[\w:.-]+:)(?=`)"
    r"|<[^<>`\n]+>`"
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


def read_overrides(path: Path = OVERRIDES) -> dict[str, dict[str, str]]:
    """The per-message phrases, by English message: ``{msgid: {simplified: traditional}}``.

    Each ``[[message]]`` of the file gives the message's ``english`` id, the
    ``reason`` and a ``[message.phrases]`` table, which wins over the phrase
    table in that message only.
    """
    overrides: dict[str, dict[str, str]] = {}
    for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("message", []):
        english, phrases = entry.get("english"), entry.get("phrases")
        where = f"{path.name}: the override of {english!r}"
        if not isinstance(english, str) or not english:
            raise ValueError(f"{path.name}: an override names no english message")
        if not str(entry.get("reason", "")).strip():
            raise ValueError(f"{where} gives no reason")
        if (
            not isinstance(phrases, dict)
            or not phrases
            or not all(isinstance(v, str) and v for v in phrases.values())
        ):
            raise ValueError(f"{where} needs phrases, each with its Traditional form")
        if english in overrides:
            raise ValueError(f"{where} is given twice")
        overrides[english] = dict(phrases)
    return overrides


def prose_parts(text: str) -> list[str]:
    """The parts of a message that are converted: its prose and displayed attributes."""
    parts, start = [], 0
    for match in PROTECTED.finditer(text):
        parts.append(text[start : match.start()])
        if match.group(0).startswith("<"):
            parts += [m.group(2) for m in DISPLAYED_ATTRIBUTE.finditer(match.group(0))]
        start = match.end()
    parts.append(text[start:])
    return parts


def _message_id(message) -> str:
    """The id overrides are keyed by: a plural message's singular."""
    return message.id[0] if isinstance(message.id, tuple) else message.id


def unapplied_overrides(
    source_dir: Path, overrides: dict[str, dict[str, str]] | None = None
) -> list[str]:
    """What in the overrides no longer applies to the catalogs in ``source_dir``.

    An override whose English message has gone, or a phrase its message's
    translation no longer holds, changes nothing: the message is then
    converted as any other, and may need the override again, reworded.
    """
    if overrides is None:
        overrides = read_overrides()
    found: dict[str, list[str]] = {}
    for path in sorted(source_dir.rglob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file):
                if message.id and _message_id(message) in overrides:
                    strings = message.string
                    texts = strings if isinstance(strings, tuple) else [strings]
                    found.setdefault(_message_id(message), []).extend(
                        part for text in texts for part in prose_parts(text)
                    )
    problems = []
    for english, phrases in overrides.items():
        if english not in found:
            problems.append(f"no message {english!r}")
            continue
        problems += [
            f"{simplified!r} is not in the translation of {english!r}"
            for simplified in phrases
            if not any(simplified in part for part in found[english])
        ]
    return problems


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


def convert_catalog(
    source: bytes,
    phrases: dict[str, str],
    overrides: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """The zh_TW catalog for the zh_CN catalog ``source`` (both .po bytes).

    A message listed in ``overrides`` is converted with its own phrases on
    top of the phrase table.
    """
    catalog = read_po(io.BytesIO(source))
    # Given as a string, the header keeps "zh_TW" (as Sphinx names it)
    # rather than Babel's full name, zh_Hant_TW.
    catalog.locale = TARGET_LOCALE
    catalog.language_team = f"{TARGET_LOCALE} <LL@li.org>"
    for message in catalog:
        if not message.id or not message.string:
            continue
        own = (overrides or {}).get(_message_id(message))
        message_phrases = {**phrases, **own} if own else phrases
        if isinstance(message.string, tuple):
            message.string = tuple(
                convert_message(s, message_phrases) for s in message.string
            )
        else:
            message.string = convert_message(message.string, message_phrases)
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, include_lineno=False)
    return out.getvalue()


def convert_catalogs(source_dir: Path, target_dir: Path) -> list[Path]:
    """Write a converted catalog in ``target_dir`` for each one in ``source_dir``.

    Catalogs in ``target_dir`` without a source are deleted. Returns the
    catalogs written.
    """
    phrases = read_phrases()
    overrides = read_overrides()
    written = []
    for source in sorted(source_dir.rglob("*.po")):
        target = target_dir / source.relative_to(source_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(convert_catalog(source.read_bytes(), phrases, overrides))
        written.append(target)
    for stale in set(target_dir.rglob("*.po")) - set(written):
        stale.unlink()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert_catalogs(Path(sys.argv[1]), Path(sys.argv[2]))
    for problem in unapplied_overrides(Path(sys.argv[1])):
        print(f"warning: {OVERRIDES.name}: {problem}", file=sys.stderr)
