"""The parity checks themselves: what they extract and what they let pass."""

from support.glossary_terms import entries, off_glossary_terms, variants
from support.markup import fixed_parts, lost_parts, prose

GLOSSARY = entries(
    """```{glossary}
autograd
自动求导
  Definition.

computation graph
autograd graph
计算图
  Definition.

gallery
示例库
  Definition.

raise
抛出
  Definition.

  Chinese variants: 报错
```"""
)


def test_fixed_parts_of_markdown_and_restructuredtext():
    message = (
        "Call ``a + b`` or `f()`, see [the page](page.md#anchor) and "
        ":ref:`Go on <target-label>` or {doc}`guide/index`, in "
        '<div class="box" tooltip="Text">a box</div>.'
    )
    assert fixed_parts(message) == {
        ("code", "a + b"): 1,
        ("code", "f()"): 1,
        ("link", "page.md#anchor"): 1,
        ("role", "ref", "target-label"): 1,
        ("role", "doc", "guide/index"): 1,
        ("tag", "div"): 1,
        ("attribute", "div", "class", "box"): 1,
        ("attribute", "div", "tooltip", None): 1,
        ("tag", "/div"): 1,
    }


def test_a_lost_or_changed_part_is_reported_and_an_added_one_is_not():
    message = "``x + y`` and ``x`` go to [here](a.md)."
    assert lost_parts(message, "``x + y`` 和 ``x`` 见[这里](a.md)，`Parameter`。") == []
    assert lost_parts(message, "``x + y`` 和 x 见[这里](b.md)。") == [
        ("code", "x"),
        ("link", "a.md"),
    ]


def test_glossary_entries_list_english_terms_chinese_terms_and_variants():
    raise_entry = next(entry for entry in GLOSSARY if entry.english == ("raise",))
    assert raise_entry.accepted == ("抛出", "报错")


def test_variants_are_read_from_any_edition_s_paragraph():
    assert variants("Chinese variants: 一批, 小批量") == ["一批", "小批量"]
    assert variants("其他可用译法：一批、小批量") == ["一批", "小批量"]
    assert variants("其他可用譯法：出錯") == ["出錯"]


def test_off_glossary_terms():
    def check(message, translation):
        return off_glossary_terms(prose(message), translation, GLOSSARY)

    assert check("It raises `ValueError`.", "它会抛出 `ValueError`。") == []
    assert check("It raises.", "它会报错。") == []
    assert check("It raises.", "它会引发异常。") == [
        "'raises' is not rendered as 抛出 or 报错"
    ]
    # The longer term wins; "autograd" inside it needs no 自动求导.
    assert check("A leaf of the autograd graph.", "计算图中的叶子张量。") == []
    # Hyphenated names and code are not prose.
    assert (
        check("Built by Sphinx-Gallery with `gallery`.", "由 Sphinx-Gallery 构建。")
        == []
    )
    assert check("The Gallery.", "示例。") == ["'Gallery' is not rendered as 示例库"]
    # A dotted name is code written as plain text; a sentence's full stop is not.
    assert check("A plot of autograd.grad.", "一张图。") == []
    assert check("It uses autograd.", "它使用求导。") == [
        "'autograd' is not rendered as 自动求导"
    ]
