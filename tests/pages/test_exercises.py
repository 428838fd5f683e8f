"""Every chapter of the guide ends with exercises whose answers are tested.

The chapters are the pages listed in the toctrees of ``docs/guide/index.md``,
so a new chapter is checked as soon as it is listed. Each must end with an
``## Exercises`` section of at least two exercises, each followed by an
answer in a ``<details>`` block that holds a ``>>>`` example (Sybil runs
those with the rest of the page). The built site of every language must
show the section with its answers, each behind a translated ``<summary>``.
"""

import re

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from support.project import DOCS, LANGUAGES, SITE

GUIDE = DOCS / "guide"
SOURCE_LANGUAGE = LANGUAGES[0]
HEADING = "Exercises"
ANSWER_OPENING = "<details>\n<summary>Answer</summary>\n"
ANSWER_CLOSING = "</details>\n"
EXERCISE_LABEL = re.compile(r"\*\*Exercise (\d+)\.\*\*")
MINIMUM_EXERCISES = 2
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
    html = (SITE / language / "guide" / f"{chapter}.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    last_heading = article.find_all("h2")[-1]
    assert last_heading.get_text().rstrip("¶") == translated(language, chapter, HEADING)
    answers = last_heading.parent.find_all("details")
    assert len(answers) == count >= MINIMUM_EXERCISES
    for answer in answers:
        assert answer.find("summary", recursive=False).get_text() == summary
        assert any(">>>" in block.get_text() for block in answer.find_all("pre"))
