"""Every copy button of a ``>>>`` block copies code that the plain REPL runs.

Chromium opens every page of every language, clicks the copy button of
each ``>>>`` block and reads the clipboard. The clipboard must hold what
sphinx-copybutton's rules give for the block (``support.copying``), and
the copies of a page, typed line by line into ``code.InteractiveConsole``
in one namespace per page, must raise no SyntaxError and print what the
page shows, as Sybil's doctests do. A block that Sybil skips on this torch
is checked for syntax only, and so are the API page's blocks, which come
from the package's docstrings (pytest runs those as doctests).

The code blocks are the same in every language, so the copies of a
translated page run once when they equal another language's. A page whose
blocks and copies are those of its source, as the English pages' are, is
checked for syntax only here: tests/pages/test_copied_examples.py types
those very copies into the REPL.
"""

import time
from pathlib import Path

from support.copying import check_syntax, run_page, source_blocks
from support.project import DOCS, LANGUAGES, guide_pages

# Every code block with a >>> prompt: what it shows, and what its copy
# button put on the clipboard (null without a button).
COPY_EVERY_EXAMPLE = """async () => {
  const copies = [];
  for (const pre of document.querySelectorAll('div.highlight pre')) {
    const shown = pre.textContent;
    if (!shown.startsWith('>>>')) continue;
    const button = pre.parentElement.querySelector('button.copybtn');
    if (button === null) {
      copies.push([shown, null]);
      continue;
    }
    await navigator.clipboard.writeText('');
    button.click();
    copies.push([shown, await navigator.clipboard.readText()]);
  }
  return copies;
}"""
# sphinx-copybutton adds its buttons once its clipboard library has loaded.
BUTTONS_ADDED = """() => document.querySelectorAll('div.highlight pre').length
  === document.querySelectorAll('div.highlight button.copybtn').length"""
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def pages_with_examples(site: Path, language: str) -> list[str]:
    """The pages of one language that show a ``>>>`` prompt; the others have no block to copy."""
    return [
        path
        for path in guide_pages(language)
        if "&gt;&gt;&gt;" in (site / language / path).read_text(encoding="utf-8")
    ]


def same_as_source(blocks: list[tuple[str, str | None]], source: Path) -> bool:
    """Whether a built page shows its source's ``>>>`` blocks and copies them by the rules."""
    shown = [(text.rstrip("\n"), copied) for text, copied in blocks]
    expected = [(text.rstrip("\n"), copied) for text, copied in source_blocks(source)]
    return shown == expected


def copies_of(page, address: str) -> list[tuple[str, str | None]]:
    """Click the copy button of every ``>>>`` block of one page; read each copy."""
    page.goto(address, wait_until="domcontentloaded")
    page.wait_for_function(BUTTONS_ADDED)
    return [tuple(pair) for pair in page.evaluate(COPY_EVERY_EXAMPLE)]


def test_every_copied_example_runs_in_the_python_repl(site, browser, base_url):
    started = time.perf_counter()
    copies = {}
    errors = []
    for language in LANGUAGES:
        # One tab per language, led from page to page; each page loads
        # afresh. A tab or a context for each page would triple the time
        # of the run, and routing every request through the test, as
        # support.browsing.Visit does to stop requests to other hosts,
        # would double it (test_site_browser.py checks those).
        context = browser.new_context(permissions=CLIPBOARD)
        try:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            for path in pages_with_examples(site, language):
                address = f"{base_url}{language}/{path}"
                copies[language, path] = copies_of(page, address)
        finally:
            context.close()
    assert errors == []
    clicked = time.perf_counter()
    buttons = sum(len(blocks) for blocks in copies.values())
    for language in LANGUAGES:
        assert any(blocks for (lang, _), blocks in copies.items() if lang == language)

    problems = []
    runs = {}
    blocks_run = checked_for_syntax = failing = 0
    for (language, path), blocks in copies.items():
        problems += [
            f"{language}/{path}: a >>> block has no copy button:\n{shown}"
            for shown, copied in blocks
            if copied is None
        ]
        if not blocks or any(copied is None for _, copied in blocks):
            continue
        key = (path, tuple(blocks))
        if key not in runs:
            source = DOCS / Path(path).with_suffix(".md")
            if source.is_file() and not same_as_source(blocks, source):
                runs[key] = run_page(source, blocks)
                blocks_run += runs[key].blocks
            else:
                runs[key] = check_syntax(path, blocks)
                checked_for_syntax += runs[key].blocks
        failing += runs[key].syntax_error_blocks
        problems += [f"{language}/{path}: {problem}" for problem in runs[key].problems]
    finished = time.perf_counter()
    print(
        f"{buttons} copy buttons on {len(copies)} pages clicked in "
        f"{clicked - started:.1f} s; {blocks_run} distinct copies run and "
        f"{checked_for_syntax} checked for syntax in the REPL in "
        f"{finished - clicked:.1f} s; "
        f"{failing} of {buttons} copies raise SyntaxError"
    )
    assert problems == [], "\n\n".join(problems)
