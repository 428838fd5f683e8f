"""Every Chinese edition keeps the rules of "How the Chinese is written".

CONTRIBUTING.md gives the rules; support/chinese_rules.py holds those a
program can check, in zh_CN's characters: counts and ordinals, the decided
terms, and the label of an exercise. zh_TW, converted from zh_CN, is checked
with the same rules passed through the same conversion. The last tests plant
a violation of each rule and show that the check catches it, in both
editions.
"""

import pytest
from support.catalogs import translated_messages
from support.chinese_rules import (
    RULES_ZH_CN,
    converted_rules,
    exercise_label_problems,
    numeral_problems,
    rule_problems,
    term_problems,
)
from support.project import CONVERTED_FROM, LANGUAGES, tools_module

TRANSLATIONS = LANGUAGES[1:]


def rules_of(language: str):
    """The rules of ``language``: zh_CN's, converted as its catalogs are."""
    if language not in CONVERTED_FROM:
        return RULES_ZH_CN
    converter = tools_module("traditional_chinese")
    phrases = converter.read_phrases()
    return converted_rules(lambda text: converter.convert_message(text, phrases))


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translations_follow_the_chinese_rules(language):
    rules = rules_of(language)
    problems = [
        (name, english[:60], found)
        for name, english, translation in translated_messages(language)
        # A message left as it is (a name, a glossary term line) is English.
        if english != translation
        and (found := rule_problems(english, translation, rules))
    ]
    assert problems == []


def test_every_edition_is_checked():
    assert set(TRANSLATIONS) <= {"zh_CN", *CONVERTED_FROM}
    for language in TRANSLATIONS:
        assert list(translated_messages(language)), f"{language} has no messages"


# The checks themselves: a planted violation of each rule is caught, and
# the wordings the rules allow pass.


@pytest.mark.parametrize(
    "translation",
    [
        "它有 2 个线性层。",
        "2 个子模块共享的参数。",
        "三种设置。",
        "有 2 种改法。",
        "模型有 1 个参数。",
        "rank 0 持有 2 行，rank 1 持有一行。",
        "依次经过五项检查。",
        "两者加起来是它的四倍。",
        "第 2 个特征的均值。",
        "以上是第 0 个块的张量。",
        "第 2 条规则依然适用。",
        '<div tooltip="有 2 个参数">x</div>',
    ],
)
def test_the_numeral_rule_catches_a_planted_violation(translation):
    assert numeral_problems(translation) != []


@pytest.mark.parametrize(
    "translation",
    [
        "它有两个线性层，3 种设置各运行两次迭代。",
        "rank 0 持有两行，rank 1 持有一行。",
        "这三个都是持久缓冲区，几十步之后，第三个张量。",
        "`nn.Linear(2, 2)` 的权重形状为 `[2, 3]`，沿维度 0 拆分，2 维的张量。",
        "分别有 4、4、2 个样本，第 300 步和第 1000 步时。",
        "编号为 0 的块，`to_patch_embedding.1.weight` 是编号为 1 的元素。",
        "共有 5462 万个参数，每段只有几千个数值。",
    ],
)
def test_the_numeral_rule_lets_values_shapes_and_allowed_words_pass(translation):
    assert numeral_problems(translation) == []


@pytest.mark.parametrize(
    ("english", "translation"),
    [
        ("It raises.", "它会引发异常。"),
        ("Weights are zeros.", "权重全 0。"),
        ("A leaf.", "叶子节点。"),
        ("A new head.", "换了新输出头的模型。"),
        ("The spare head.", "找出了备用头。"),
        ("It yields them.", "它给出这些参数。"),
        ("Each running value moves.", "每个运行值移动。"),
        ("The running statistics.", "它的滑动平均。"),
        ("Adam's running averages.", "Adam 的运行统计量。"),
        ("It requires gradients.", "它要求梯度。"),
        ("Build the optimizer after.", "之后再构建优化器。"),
        ("An optimizer built from them.", "由它们构建的优化器。"),
        ("The optimizer is built from them.", "优化器由 `parameters()` 构建。"),
        ("This notebook.", "本笔记本。"),
        ("Four times too large.", "梯度大了 4 倍。"),
        ("A new layer requires gradients.", "新层默认需要梯度。"),
        ("It works.", "它甚至能运行。"),
    ],
)
def test_the_decided_terms_catch_a_planted_violation(english, translation):
    assert term_problems(english, translation) != []


@pytest.mark.parametrize(
    ("english", "translation"),
    [
        ("It raises.", "它会抛出异常，也可能直接报错。"),
        ("It gives the result.", "它给出结果。"),
        ("Adam's running averages.", "Adam 的滑动平均。"),
        ("The running statistics.", "它的运行统计量。"),
        ("It requires gradients.", "它需要梯度。"),
        ("Build the model, then the optimizer.", "先构建模型，再创建优化器。"),
        ("By default it is on.", "默认是打开的。"),
        ("Even so.", "甚至如此。"),
        ("Four times as large.", "梯度是原来的 4 倍。"),
    ],
)
def test_the_decided_terms_let_the_preferred_wording_pass(english, translation):
    assert term_problems(english, translation) == []


@pytest.mark.parametrize(
    "translation",
    ["**练习 2.** 这段代码打印什么。", "**练习 3**: 什么。", "练习 2：什么。"],
)
def test_the_exercise_label_catches_a_planted_violation(translation):
    english = "**Exercise 2.** What does this print?"
    assert exercise_label_problems(english, translation) != []


def test_the_exercise_label_check_passes_the_label_and_other_messages():
    english = "**Exercise 2.** What does this print?"
    assert exercise_label_problems(english, "**练习 2**：这段代码打印什么。") == []
    assert exercise_label_problems("Exercises", "练习") == []


@pytest.mark.parametrize("language", sorted(CONVERTED_FROM))
@pytest.mark.parametrize(
    ("english", "violation", "fixed"),
    [
        ("Two linear layers.", "2 个线性层。", "两个线性层。"),
        ("Five tests.", "五项检查。", "5 项检查。"),
        ("Block 0.", "第 0 个块。", "编号为 0 的块。"),
        ("It requires gradients.", "它要求梯度。", "它需要梯度。"),
        ("Build the optimizer.", "构建优化器。", "创建优化器。"),
        ("A new head.", "新的输出头。", "新的分类头。"),
        ("Adam's running averages.", "Adam 的运行统计量。", "Adam 的滑动平均。"),
        ("This notebook.", "本笔记本。", "本 Notebook。"),
        ("**Exercise 1.** Why?", "**练习 1.** 为什么。", "**练习 1**：为什么。"),
    ],
)
def test_a_converted_edition_catches_the_converted_violation(
    language, english, violation, fixed
):
    converter = tools_module("traditional_chinese")
    phrases = converter.read_phrases()
    rules = rules_of(language)
    assert rules != RULES_ZH_CN
    converted = converter.convert_message(violation, phrases)
    assert rule_problems(english, converted, rules) != []
    assert (
        rule_problems(english, converter.convert_message(fixed, phrases), rules) == []
    )
