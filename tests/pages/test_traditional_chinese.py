"""The Traditional Chinese catalogs are the conversion of the Simplified ones.

`nox -s i18n` writes docs/locales/zh_TW from docs/locales/zh_CN with
tools/traditional_chinese.py, and the word list of its search index with
tools/traditional_search_words.py; a zh_CN change committed without running
it leaves zh_TW stale, which fails here. The conversion's per-message
overrides must still apply, and the zh_TW catalogs must not use the
mainland words listed below where Taiwan says otherwise.
"""

import re

import pytest
from babel.messages.pofile import read_po
from support.glossary_terms import entries
from support.project import CONVERTED_FROM, DOCS, tools_module

LOCALES = DOCS / "locales"
converter = tools_module("traditional_chinese")
search_words = tools_module("traditional_search_words")


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


def test_prose_after_a_role_with_a_target_is_converted():
    phrases = converter.read_phrases()
    for role in ("{download}", ":download:"):
        message = f"{role}`参数 <参数.py>` 调用 `参数` 时读取参数"
        assert converter.convert_message(message, phrases) == (
            f"{role}`參數 <参数.py>` 呼叫 `参数` 時讀取參數"
        )


def test_a_role_before_a_code_span_keeps_both():
    phrases = converter.read_phrases()
    message = (
        "存入{term}`缓冲区 <buffer>` `参数.base`；此后 `参数` 保存优化器更新的数。"
    )
    assert converter.convert_message(message, phrases) == (
        "存入{term}`緩衝區 <buffer>` `参数.base`；此後 `参数` 儲存優化器更新的數。"
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


def test_contributing_guide_lists_each_glossary_term_as_converted():
    guide = (DOCS.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = {
        cells[0]: (cells[1], cells[2])
        for line in guide.splitlines()
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


# Words that s2twp leaves as the mainland writes them, with Taiwan's word
# (the phrase table and the overrides give the reasons).
MAINLAND_WORDS = {
    "遍歷": "走訪 (traverse)",
    "生成": "產生",
    "匹配": "符合, 相符, 比對",
    "報錯": "出錯, 拋出錯誤",
    "條目": "項目",
    "分配": "配置記憶體 (allocate)",
    "引用": "參考 (a reference)",
    "複用": "重複使用",
    "異常": "例外 (an exception)",
    "顯式": "明確",
    "隨機數": "亂數",
    "配置": "設定 (a configuration)",
    "超時": "逾時",
    "打分": "計分",
    "克隆": "複製, 副本",
    "鏈式法則": "連鎖律",
    "本包": "本套件",
    "文本": "文字",
    "詞表": "詞彙表",
    "身份": "身分",
    "擬閤": "擬合",
    "最小二乘": "最小平方法",
    "銷燬": "銷毀",
    "原路回傳": "原路返回 (go back)",
    "建構於": "建置於 (the site's build)",
    "筆記本": "Notebook",
    "要麼": "可以…也可以, 必須…否則",
    "佔位值": "佔位符",
    "佔位張量": "佔位符",
    "佔位參數": "佔位符",
    "集合通訊": "集體通訊",
    "循環網路": "遞迴網路",
    "輪次": "epoch",
    "主幹網路": "骨幹網路",
    "色標": "色階",
    "分揀": "分派",
    "標頭": "標題",
    "Adam 的運行統計量": "Adam 的移動平均",
    "實現": "實作 (implement)",
    "激活": "激勵 (activation)",
    "啟用函": "激勵函數",
    "加載": "載入",
    "上下文管理器": "情境管理器",
    "計劃": "計畫",
    "全量": "完整",
    "流式": "串流",
    "深複製": "深層複製",
    "賦值號": "等號",
    "分佈": "分布",
    "自帶": "內建",
    "列表": "清單 (a list), 串列 (a Python list)",
    "字節": "位元組",
    "賬": "帳",
}
# Where one of those words is right in Taiwan too: a pattern of the
# phrase around it, and why.
TAIWAN_USES = {
    "引用": {"下面引用的輸出": "quoting outputs: a quotation is 引用"},
    "配置": {
        r"配置(?=\S{0,5}記憶體)": "allocating memory is 配置記憶體",
        r"這樣配置、|配置和初始化": "allocating memory, as above",
    },
}


def zh_tw_prose():
    """(catalog, message id, prose part) for each translated zh_TW message."""
    for path in sorted((LOCALES / "zh_TW" / "LC_MESSAGES").rglob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file):
                if not message.id or not message.string:
                    continue
                strings = message.string
                for text in strings if isinstance(strings, tuple) else [strings]:
                    for part in converter.prose_parts(text):
                        yield path.name, message.id, part


def test_no_mainland_words_in_the_zh_tw_catalogs():
    found = []
    for name, message_id, part in zh_tw_prose():
        for word in MAINLAND_WORDS:
            text = part
            for pattern in TAIWAN_USES.get(word, {}):
                text = re.sub(pattern, "", text)
            if word in text:
                found.append((name, word, message_id[:60]))
    assert found == []


@pytest.mark.parametrize("word", sorted(TAIWAN_USES))
def test_each_taiwan_use_of_a_listed_word_occurs(word):
    for pattern in TAIWAN_USES[word]:
        assert any(re.search(pattern, part) for _, _, part in zh_tw_prose()), pattern
