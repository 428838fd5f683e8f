"""The rules of "How the Chinese is written" that a program can check.

CONTRIBUTING.md states the rules for the Simplified Chinese edition; the
rules below are written the same way, in Simplified characters. An edition
converted from zh_CN (zh_TW) gets every rule in its own characters, through
the same conversion as its catalogs, so a wording that breaks a rule in
zh_CN breaks it again, converted, in zh_TW.

Each check takes a message of a catalog, the English and its translation,
and lists what is wrong with the translation. The checks read the prose of
the translation: code spans, link and role targets and HTML tags are left
out, but the text of the ``alt``, ``title`` and ``tooltip`` attributes,
which readers see, is kept.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from support.markup import prose

# Measure words that follow a count: 两个线性层, 3 种设置, 5 项检查.
MEASURE_WORDS = (
    *("个", "种", "项", "类", "层", "次", "行", "列", "张", "条", "处", "步"),
    *("份", "组", "批", "块", "轮", "点", "遍", "件", "名", "段", "句", "倍"),
)
# The digits written as characters, for counts of three or more.
DIGIT_WORDS = "三四五六七八九十"
LARGE_WORDS = "百千万"
# Characters before a number that make it something other than a count: an
# ordinal (第), a place in a series (4、4、2 个样本), a range (the tildes
# and dashes, full-width ones and the minus sign included) or a formula.
NOT_A_COUNT_BEFORE = "第、~\uff5e-\u2212\u2013/×*+=%"
# Before a number written in characters: pointing back (这三个), an
# approximate number (几十步), an ordinal (第三).
WORDS_NOT_A_COUNT_BEFORE = "这那几第"
# Words that contain a digit character and a measure word but no count.
IDIOMS = ("四处",)
ORDINAL_WORD = "第"
# Ordinals up to nine are words (第二, 第三); higher ones, such as a
# training step, may be numerals (第 300 步).
LARGEST_ORDINAL_IN_WORDS = 9
EXERCISE_LABEL = "**练习 {number}**："
ENGLISH_EXERCISE = re.compile(r"\*\*Exercise (\d+)\.\*\*")
DISPLAYED_ATTRIBUTE = re.compile(r'\b(?:alt|title|tooltip)="([^"]*)"')


@dataclass(frozen=True)
class DecidedTerm:
    """A wording the guide does not use, and the one it uses instead.

    ``banned`` is a regular expression over the Chinese prose. With
    ``english``, the wording is wrong only where the English message
    matches it; with ``unless_english``, it is wrong except there.
    """

    meaning: str
    banned: str
    preferred: str
    english: str | None = None
    unless_english: str | None = None


# The decided terms of CONTRIBUTING.md, in zh_CN.
DECIDED_TERMS = (
    DecidedTerm("raise", "引发", "抛出"),
    DecidedTerm("all-zero", r"全\s*0(?![.\d])", "全零"),
    DecidedTerm("leaf", "叶子节点|叶子参数", "叶子张量"),
    DecidedTerm("head", "输出头|备用头", "分类头"),
    DecidedTerm("computation graph", "自动求导图", "计算图"),
    DecidedTerm("yield", "给出", "返回", english=r"\byield"),
    DecidedTerm("running statistics", "运行值", "运行统计量"),
    DecidedTerm(
        "running statistics of batch normalisation",
        "滑动平均",
        "运行统计量",
        unless_english=r"\brunning averages?\b",
    ),
    DecidedTerm(
        "an optimizer's running averages",
        "运行统计量",
        "滑动平均",
        english=r"\brunning averages?\b",
    ),
    DecidedTerm("requires gradients", "要求梯度", "需要梯度"),
    DecidedTerm(
        "build the optimizer",
        r"构建的?优化器|优化器(?:由|是在)[^。，\uff1b]*?构建",
        "创建优化器",
    ),
    DecidedTerm("notebook", "笔记本", "Notebook"),
    DecidedTerm("N times as large", r"[大多]了\s*\d+\s*倍", "是原来的 N 倍"),
    DecidedTerm(
        "a word the English does not say", "默认", "", unless_english="default"
    ),
    DecidedTerm(
        "a word the English does not say", "甚至", "", unless_english=r"\beven\b"
    ),
)


@dataclass(frozen=True)
class Rules:
    """The checkable rules of one edition, in its own characters."""

    measure_words: tuple[str, ...]
    not_a_count_before: str
    digit_words: str
    large_words: str
    words_not_a_count_before: str
    idioms: tuple[str, ...]
    ordinal_word: str
    exercise_label: str
    decided_terms: tuple[DecidedTerm, ...]


RULES_ZH_CN = Rules(
    measure_words=MEASURE_WORDS,
    not_a_count_before=NOT_A_COUNT_BEFORE,
    digit_words=DIGIT_WORDS,
    large_words=LARGE_WORDS,
    words_not_a_count_before=WORDS_NOT_A_COUNT_BEFORE,
    idioms=IDIOMS,
    ordinal_word=ORDINAL_WORD,
    exercise_label=EXERCISE_LABEL,
    decided_terms=DECIDED_TERMS,
)


def converted_rules(convert: Callable[[str], str], rules: Rules = RULES_ZH_CN) -> Rules:
    """``rules`` with every Chinese word passed through ``convert``.

    A converter leaves Latin letters, digits and punctuation alone, so the
    regular expressions of the decided terms convert as text.
    """
    return Rules(
        measure_words=tuple(dict.fromkeys(map(convert, rules.measure_words))),
        not_a_count_before=convert(rules.not_a_count_before),
        digit_words=convert(rules.digit_words),
        large_words=convert(rules.large_words),
        words_not_a_count_before=convert(rules.words_not_a_count_before),
        idioms=tuple(map(convert, rules.idioms)),
        ordinal_word=convert(rules.ordinal_word),
        exercise_label=convert(rules.exercise_label),
        decided_terms=tuple(
            DecidedTerm(
                term.meaning,
                convert(term.banned),
                convert(term.preferred),
                term.english,
                term.unless_english,
            )
            for term in rules.decided_terms
        ),
    )


def chinese_prose(translation: str) -> str:
    """The text of ``translation`` that readers see as prose."""
    shown = DISPLAYED_ATTRIBUTE.findall(translation)
    return " ".join([prose(translation), *shown])


def _measure(rules: Rules) -> str:
    return "|".join(map(re.escape, sorted(rules.measure_words, key=len, reverse=True)))


def _before(text: str, index: int) -> str:
    """The last character before ``index`` that is not a space, or a space."""
    stripped = text[:index].rstrip()
    return stripped[-1:] if stripped else " "


def numeral_problems(translation: str, rules: Rules = RULES_ZH_CN) -> list[str]:
    """Counts and ordinals written against the numeral rule.

    Counts of one and two are words (一个, 两个), three or more Arabic
    numerals (3 个); ordinals up to nine are words (第三), so an item named
    ``0`` is 编号为 0, never 第 0 个. A number that is not followed by a
    measure word (a value, a shape, a rank) is not a count.
    """
    text = chinese_prose(translation)
    measure = _measure(rules)
    problems = []
    for match in re.finditer(rf"(?<![\w.,])([12])\s*({measure})", text, re.ASCII):
        if _before(text, match.start()) not in rules.not_a_count_before:
            problems.append(f"count as a numeral: {match.group(0)!r}")
    words = f"[{rules.digit_words}][{rules.digit_words}{rules.large_words}]*"
    for match in re.finditer(rf"{words}\s*(?:{measure})", text):
        before = _before(text, match.start())
        if before in rules.words_not_a_count_before or before.isdigit():
            continue
        if any(text.startswith(idiom, match.start()) for idiom in rules.idioms):
            continue
        problems.append(f"count of three or more in words: {match.group(0)!r}")
    ordinal = rf"{re.escape(rules.ordinal_word)}\s*(\d+)\s*(?:{measure})"
    for match in re.finditer(ordinal, text):
        if int(match.group(1)) <= LARGEST_ORDINAL_IN_WORDS:
            problems.append(f"ordinal as a numeral: {match.group(0)!r}")
    return problems


def term_problems(
    english: str, translation: str, rules: Rules = RULES_ZH_CN
) -> list[str]:
    """Decided terms that ``translation`` renders with a banned wording."""
    text = chinese_prose(translation)
    problems = []
    for term in rules.decided_terms:
        if term.english and not re.search(term.english, english, re.IGNORECASE):
            continue
        if term.unless_english and re.search(
            term.unless_english, english, re.IGNORECASE
        ):
            continue
        for match in re.finditer(term.banned, text):
            instead = f", write {term.preferred}" if term.preferred else ""
            problems.append(f"{term.meaning}: {match.group(0)!r}{instead}")
    return problems


def exercise_label_problems(
    english: str, translation: str, rules: Rules = RULES_ZH_CN
) -> list[str]:
    """An exercise's label, which every edition writes in one form."""
    label = ENGLISH_EXERCISE.match(english)
    if not label:
        return []
    expected = rules.exercise_label.format(number=label.group(1))
    if translation.startswith(expected):
        return []
    return [f"exercise label: {translation[: len(expected) + 2]!r}, write {expected!r}"]


def rule_problems(
    english: str, translation: str, rules: Rules = RULES_ZH_CN
) -> list[str]:
    """Every checkable rule that ``translation`` of ``english`` breaks."""
    return [
        *numeral_problems(translation, rules),
        *term_problems(english, translation, rules),
        *exercise_label_problems(english, translation, rules),
    ]
