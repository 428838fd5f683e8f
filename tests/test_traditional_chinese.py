"""The Traditional Chinese catalogs are the conversion of the Simplified ones.

`nox -s i18n` writes docs/locales/zh_TW from docs/locales/zh_CN with
docs/traditional_chinese.py, and the word list of its search index with
docs/traditional_search_words.py; a zh_CN change committed without running
it leaves zh_TW stale, which fails here. The conversion's per-message
overrides must still apply.
"""

import pytest
from glossary_terms import entries
from project import CONVERTED_FROM, DOCS, docs_module

LOCALES = DOCS / "locales"
converter = docs_module("traditional_chinese")
search_words = docs_module("traditional_search_words")


@pytest.mark.parametrize(("language", "source"), CONVERTED_FROM.items())
def test_converted_catalogs_are_up_to_date(tmp_path, language, source):
    committed = LOCALES / language / "LC_MESSAGES"
    converter.convert_catalogs(LOCALES / source / "LC_MESSAGES", tmp_path)
    expected = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.po")}
    found = {p.relative_to(committed): p.read_bytes() for p in committed.rglob("*.po")}
    assert expected, "the source language has no catalogs"
    assert sorted(found) == sorted(expected)
    stale = [str(path) for path in expected if found[path] != expected[path]]
    assert stale == [], "run `nox -s i18n` to regenerate them"


@pytest.mark.parametrize(("language", "source"), CONVERTED_FROM.items())
def test_search_words_are_up_to_date(tmp_path, language, source):
    committed = LOCALES / language / "search_words.txt"
    expected = tmp_path / "search_words.txt"
    search_words.write_search_words(LOCALES / source / "LC_MESSAGES", expected)
    assert committed.read_text(encoding="utf-8") == expected.read_text(
        encoding="utf-8"
    ), "run `nox -s i18n` to regenerate it"


def test_search_words_keep_traditional_words_whole():
    words = search_words.search_words(LOCALES / "zh_CN" / "LC_MESSAGES")
    # jieba's dictionary lacks these spellings: without the word list it
    # splits them into single characters, which the index leaves out.
    assert {"註冊", "參數", "關鍵字引數"} <= set(words)
    assert words["參數"] == search_words.jieba.get_FREQ("参数")


def test_protected_parts_are_not_converted():
    phrases = converter.read_phrases()
    message = (
        "见[参数](参数.md#参数)：`参数` 和 ``参数`` 不变，"
        ':ref:`参数说明 <参数>`，<span class="参数">参数</span>。'
    )
    assert converter.convert_message(message, phrases) == (
        "見[參數](参数.md#参数)：`参数` 和 ``参数`` 不變，"
        ':ref:`參數說明 <参数>`，<span class="参数">參數</span>。'
    )


def test_displayed_attributes_of_html_tags_are_converted():
    phrases = converter.read_phrases()
    message = '<div class="参数" tooltip="模型参数" title="参数">参数</div>'
    assert converter.convert_message(message, phrases) == (
        '<div class="参数" tooltip="模型參數" title="參數">參數</div>'
    )


def test_phrase_table_overrides_opencc():
    phrases = converter.read_phrases()
    assert converter.convert_prose("参数", {}) == "引數"
    assert converter.convert_prose("模型参数和优化器", phrases) == "模型參數和優化器"
    assert converter.convert_prose("关键字参数", phrases) == "關鍵字引數"


def test_longer_phrases_keep_shorter_ones_out_of_other_words():
    phrases = converter.read_phrases()
    assert converter.convert_prose("恢复块中的值", phrases) == "恢復區塊中的值"
    assert converter.convert_prose("替换模块中的对象", phrases) == "替換模組中的物件"
    assert (
        converter.convert_prose("一个图像块中的数值", phrases) == "一個影像塊中的數值"
    )
    assert converter.convert_prose("指向同一块内存", phrases) == "指向同一塊記憶體"
    assert converter.convert_prose("均值和平均值", phrases) == "平均值和平均值"


def test_readme_lists_each_glossary_term_as_converted():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    rows = {
        cells[0]: (cells[1], cells[2])
        for line in readme.splitlines()
        if line.startswith("| ")
        and len(cells := [cell.strip() for cell in line.strip("|").split("|")]) == 3
    }
    phrases = converter.read_phrases()
    expected = {
        entry.english[0]: (
            entry.accepted[0],
            converter.convert_message(entry.accepted[0], phrases),
        )
        for entry in entries()
    }
    assert {term: rows.get(term) for term in expected} == expected


def test_every_override_still_applies():
    assert converter.unapplied_overrides(LOCALES / "zh_CN" / "LC_MESSAGES") == []


def test_an_override_changes_its_own_message_only():
    source = (
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
        'msgid "Row 0 of the table."\nmsgstr "表格的第 0 行。"\n\n'
        'msgid "Line 0 of the code."\nmsgstr "代码的第 0 行。"\n'
    ).encode()
    phrases = converter.read_phrases()
    converted = converter.convert_catalog(
        source, phrases, {"Row 0 of the table.": {"第 0 行": "第 0 列"}}
    ).decode()
    assert 'msgstr "表格的第 0 列。"' in converted
    assert 'msgstr "程式碼的第 0 行。"' in converted


def test_an_override_without_a_reason_is_refused(tmp_path):
    overrides = tmp_path / "overrides.toml"
    overrides.write_text(
        '[[message]]\nenglish = "Row 0."\nreason = ""\n'
        '[message.phrases]\n"第 0 行" = "第 0 列"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="gives no reason"):
        converter.read_overrides(overrides)


def test_an_override_that_no_longer_matches_is_reported(tmp_path):
    (tmp_path / "page.po").write_bytes('msgid "Row 0."\nmsgstr "第 0 行。"\n'.encode())
    problems = converter.unapplied_overrides(
        tmp_path, {"Row 0.": {"第 1 行": "第 1 列"}, "Gone.": {"行": "列"}}
    )
    assert problems == [
        "'第 1 行' is not in the translation of 'Row 0.'",
        "no message 'Gone.'",
    ]
