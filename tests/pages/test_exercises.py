"""Every chapter of the guide ends with a summary and exercises whose answers are tested.

The chapters are the pages listed in the toctrees of ``docs/guide/index.md``,
so a new chapter is checked as soon as it is listed. Each must end with an
``## Exercises`` section of at least two exercises, each followed by an
answer in a ``<details>`` block that holds a ``>>>`` example (Sybil runs
those with the rest of the page). The built site of every language must
show the section with its answers, each behind a translated ``<summary>``.
Right before the exercises, each chapter has a ``## Summary`` section of
three to six points: the items of a list, or the sentences of its prose.
"""

import re

import pytest
from babel.messages.pofile import read_po
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from support.project import DOCS, LANGUAGES, SITE, built_page

GUIDE = DOCS / "guide"
SOURCE_LANGUAGE = LANGUAGES[0]
HEADING = "Exercises"
ANSWER_OPENING = "<details>\n<summary>Answer</summary>\n"
ANSWER_CLOSING = "</details>\n"
EXERCISE_LABEL = re.compile(r"\*\*Exercise (\d+)\.\*\*")
MINIMUM_EXERCISES = 2
SUMMARY_HEADING = "Summary"
SUMMARY_POINTS = range(3, 7)
# The end of a sentence, once code spans are taken out of the text.
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
CODE_SPAN = re.compile(r"`[^`]*`")
# Pages listed in the guide's toctrees that are not chapters to practise.
EXEMPT = {
    "glossary": (
        "a reference list of terms with their Chinese names; it teaches no "
        "mechanism of its own, so there is nothing to predict or debug"
    ),
}

MARKDOWN = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML
)


def listed_pages() -> list[str]:
    """The pages of the guide's toctrees, in order, as paths without suffix."""
    pages = []
    for token in MARKDOWN.parse((GUIDE / "index.md").read_text(encoding="utf-8")):
        if token.type not in ("fence", "colon_fence") or token.info != "{toctree}":
            continue
        for line in token.content.splitlines():
            entry = line.strip()
            if not entry or entry.startswith(":"):
                continue
            explicit = re.search(r"<(.+)>$", entry)
            pages.append(explicit.group(1) if explicit else entry)
    return pages


def chapters() -> list[str]:
    return [page for page in listed_pages() if page not in EXEMPT]


def exercise_problems(text: str) -> tuple[int, list[str]]:
    """Count the exercises of a MyST page and list what is wrong with them."""
    tokens = MARKDOWN.parse(text)
    headings = [
        index
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    if not headings or tokens[headings[-1] + 1].content != HEADING:
        return 0, [f"the last section is not '## {HEADING}'"]
    problems = []
    exercises = []  # per exercise: how many answers, and which have a >>> block
    answer_open = False
    for token in tokens[headings[-1] + 3 :]:
        label = EXERCISE_LABEL.match(token.content) if token.type == "inline" else None
        if label:
            if answer_open:
                problems.append(f"exercise {label.group(1)} starts inside an answer")
            if int(label.group(1)) != len(exercises) + 1:
                problems.append(f"exercise {label.group(1)} is out of sequence")
            exercises.append([])
        elif token.type == "html_block" and token.content.startswith("<details"):
            if token.content != ANSWER_OPENING:
                problems.append(f"an answer opens with {token.content!r}")
            if not exercises or answer_open:
                problems.append("an answer does not follow an exercise")
                continue
            answer_open = True
            exercises[-1].append(False)
        elif token.type == "html_block" and token.content == ANSWER_CLOSING:
            answer_open = False
        elif (
            answer_open
            and token.type == "fence"
            and token.info == "python"
            and any(line.startswith(">>> ") for line in token.content.splitlines())
        ):
            exercises[-1][-1] = True
    if answer_open:
        problems.append("the last answer is not closed")
    if len(exercises) < MINIMUM_EXERCISES:
        problems.append(f"{len(exercises)} exercises, fewer than {MINIMUM_EXERCISES}")
    for number, answers in enumerate(exercises, start=1):
        if len(answers) != 1:
            problems.append(f"exercise {number} has {len(answers)} answers")
        elif not answers[0]:
            problems.append(f"the answer to exercise {number} has no >>> example")
    return len(exercises), problems


def summary_problems(text: str) -> tuple[int, list[str]]:
    """Count the points of a MyST page's summary and list what is wrong with it.

    The summary is the section right before the last one, ``## Exercises``.
    Each item of a top-level list is one point; so is each sentence of a
    paragraph outside a list.
    """
    tokens = MARKDOWN.parse(text)
    headings = [
        index
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    if len(headings) < 2 or tokens[headings[-2] + 1].content != SUMMARY_HEADING:
        return 0, [f"the section before '## {HEADING}' is not '## {SUMMARY_HEADING}'"]
    section = tokens[headings[-2] + 3 : headings[-1]]
    points = 0
    for token in section:
        if token.type == "list_item_open" and token.level == 1:
            points += 1
        elif token.type == "inline" and token.level == 1:
            # A paragraph of the section itself, not one inside a list item.
            points += len(SENTENCE_END.findall(CODE_SPAN.sub("code", token.content)))
        elif token.level == 0 and token.type not in (
            "paragraph_open",
            "paragraph_close",
            "bullet_list_open",
            "bullet_list_close",
            "ordered_list_open",
            "ordered_list_close",
        ):
            return points, [f"the summary holds a {token.type}"]
    if points not in SUMMARY_POINTS:
        return points, [
            (
                f"the summary has {points} points, not {SUMMARY_POINTS.start} to"
                f" {SUMMARY_POINTS.stop - 1}"
            )
        ]
    return points, []


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_summarises_before_its_exercises(chapter):
    text = (GUIDE / f"{chapter}.md").read_text(encoding="utf-8")
    count, problems = summary_problems(text)
    assert problems == []
    assert count in SUMMARY_POINTS


SUMMARY = "## Summary\n\n{body}\n"


@pytest.mark.parametrize(
    ("body", "points", "problem"),
    [
        ("- One.\n- Two.\n- Three.", 3, None),
        ("One. Two, with `x.y`. Three? Four.", 4, None),
        ("- One.\n- Two.", 2, "the summary has 2 points, not 3 to 6"),
        ("- A.\n- B.\n- C.\n- D.\n- E.\n- F.\n- G.", 7, "the summary has 7 points"),
        ("One sentence only, `a.b` included.", 1, "the summary has 1 points"),
        ("- One.\n- Two.\n- Three.\n\n```python\nx = 1\n```", 3, "holds a fence"),
    ],
)
def test_the_check_counts_a_summary(body, points, problem):
    text = CHAPTER.replace("## Exercises", SUMMARY.format(body=body) + "\n## Exercises")
    count, problems = summary_problems(text.format(exercises=""))
    assert count == points
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert problem in problems[0]


def test_the_check_finds_a_missing_summary():
    text = page(EXERCISE.format(number=1), EXERCISE.format(number=2))
    assert summary_problems(text) == (
        0,
        [f"the section before '## {HEADING}' is not '## {SUMMARY_HEADING}'"],
    )


def test_the_exemptions_name_listed_pages():
    assert set(EXEMPT) <= set(listed_pages())
    assert chapters(), "the guide's toctrees list no chapter"


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_ends_with_tested_exercises(chapter):
    text = (GUIDE / f"{chapter}.md").read_text(encoding="utf-8")
    count, problems = exercise_problems(text)
    assert problems == []
    assert count >= MINIMUM_EXERCISES


EXERCISE = """**Exercise {number}.** What does it print?

```python
x = 1
```

<details>
<summary>Answer</summary>

It prints 1:

```python
>>> x
1
```

</details>
"""
CHAPTER = "# A chapter\n\nText.\n\n## Exercises\n\n{exercises}"


def page(*exercises: str) -> str:
    return CHAPTER.format(exercises="\n".join(exercises))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (page(EXERCISE.format(number=1)), "1 exercises, fewer than 2"),
        (
            page(
                EXERCISE.format(number=1),
                EXERCISE.format(number=2).split("<details>")[0],
            ),
            "exercise 2 has 0 answers",
        ),
        (
            page(
                EXERCISE.format(number=1),
                EXERCISE.format(number=2).replace(">>> x\n1", "x"),
            ),
            "the answer to exercise 2 has no >>> example",
        ),
        (
            page(
                EXERCISE.format(number=1),
                EXERCISE.format(number=2).replace("</summary>\n\n", "</summary>\n"),
            ),
            "an answer opens with '<details>\\n<summary>Answer</summary>\\nIt prints 1:\\n'",
        ),
        (
            page(EXERCISE.format(number=1), EXERCISE.format(number=2))
            + "\n## Summary\n\nMore text.\n",
            "the last section is not '## Exercises'",
        ),
        (
            page(EXERCISE.format(number=1), EXERCISE.format(number=3)),
            "exercise 3 is out of sequence",
        ),
    ],
)
def test_the_check_finds_a_broken_exercise(text, problem):
    assert problem in exercise_problems(text)[1]


def test_the_check_accepts_well_formed_exercises():
    text = page(EXERCISE.format(number=1), EXERCISE.format(number=2))
    assert exercise_problems(text) == (2, [])


def translated(language: str, chapter: str, message: str) -> str:
    """``message`` of a chapter as the built site of ``language`` shows it."""
    if language == SOURCE_LANGUAGE:
        return message
    path = DOCS / "locales" / language / "LC_MESSAGES" / "guide" / f"{chapter}.po"
    with path.open("rb") as file:
        entry = read_po(file).get(message)
    assert entry is not None, f"{message!r} missing from {path}"
    assert entry.string, f"{message!r} untranslated in {path}"
    assert entry.string != message, f"{message!r} left in English in {path}"
    return entry.string


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("chapter", chapters())
def test_built_chapter_shows_its_exercises_with_hidden_answers(site, language, chapter):
    count, _ = exercise_problems((GUIDE / f"{chapter}.md").read_text(encoding="utf-8"))
    summary = re.search(
        r"<summary>(.+)</summary>", translated(language, chapter, ANSWER_OPENING)
    ).group(1)
    article = built_page(SITE / language / "guide" / f"{chapter}.html").find("article")
    last_heading = article.find_all("h2")[-1]
    assert last_heading.get_text().rstrip("¶") == translated(language, chapter, HEADING)
    answers = last_heading.parent.find_all("details")
    assert len(answers) == count >= MINIMUM_EXERCISES
    for answer in answers:
        assert answer.find("summary", recursive=False).get_text() == summary
        assert any(">>>" in block.get_text() for block in answer.find_all("pre"))
