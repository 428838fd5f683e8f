"""The built site as a reader meets it: in Chromium, served under a sub-path.

Every page must load with no console error and no request to another host,
show its content (gallery printouts included) and pass axe-core's
accessibility rules; the language switcher, search and copy buttons must
work, and an exercise's answer must open from its summary, by mouse or
keyboard. With PARAMGUIDE_SCREENSHOTS=1 in the environment, a screenshot of
every page is kept in test-results/screenshots/.
"""

import os
import re
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup, SoupStrainer
from playwright.sync_api import expect
from support.browsing import QuietHandler, Visit, serving
from support.project import LANGUAGES, ROOT, guide_pages, tools_module

SCREENSHOTS = ROOT / "test-results" / "screenshots"
# Full-page screenshots cost more than the checks of a page; they are taken
# only when asked for.
TAKE_SCREENSHOTS = os.environ.get("PARAMGUIDE_SCREENSHOTS") == "1"
# The language each site's switcher is tested with: the next one, round.
NEXT_LANGUAGE = dict(zip(LANGUAGES, LANGUAGES[1:] + LANGUAGES[:1], strict=True))


def switch_to(page, language: str) -> None:
    """Follow the language switcher's link to ``language``."""
    tag = language.replace("_", "-")
    page.locator(f'.language-switcher a[hreflang="{tag}"]').click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_loads_cleanly_and_shows_its_content(visit, language):
    tab = visit()
    problems = {}
    pages = guide_pages(language)
    assert "index.html" in pages
    assert any(page.startswith("auto_examples/plot_") for page in pages)
    for path in pages:
        tab.errors.clear()
        tab.outside_requests.clear()
        tab.failed_responses.clear()
        page = tab.open(f"{language}/{path}")
        found = [f"console error: {error}" for error in tab.errors]
        found += [f"failed request: {url}" for url in tab.failed_responses]
        found += [f"request to another host: {url}" for url in tab.outside_requests]
        heading = page.locator("article h1").first
        if not heading.is_visible() or not heading.inner_text().strip():
            found.append("no visible title")
        if path.startswith("auto_examples/plot_"):
            outputs = page.locator("div.sphx-glr-script-out pre")
            if outputs.count() == 0 or not outputs.first.is_visible():
                found.append("no visible gallery printout")
        if TAKE_SCREENSHOTS:
            screenshot = SCREENSHOTS / language / path.replace(".html", ".png")
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        if found:
            problems[path] = found
    assert problems == {}


# axe-core's colour-contrast rule spends most of its time in code blocks,
# where every token is an element of its own. A token's colours are those of
# its Pygments class, on the code background, in the same font on every
# page, so code is checked for contrast on the fewest pages that together
# show every token class of the language; every other rule, and contrast
# outside code, is checked on every page.
CODE = "div.highlight"
CODE_BLOCK = re.compile(r'<div class="highlight"><pre>(.*?)</pre>', re.DOTALL)
TOKEN_CLASS = re.compile(r'<span class="([^"]+)"')
NO_CONTRAST = {
    "resultTypes": ["violations"],
    "rules": {"color-contrast": {"enabled": False}},
}
CONTRAST_ONLY = {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}


def token_classes(html: str) -> set[str]:
    """The Pygments classes of the tokens in a page's code blocks."""
    return {
        name
        for block in CODE_BLOCK.findall(html)
        for name in TOKEN_CLASS.findall(block)
    }


def pages_with_every_token_class(
    site: Path, language: str, pages: list[str]
) -> set[str]:
    """Few pages that together show every token class of the language's code."""
    shown = {
        path: token_classes((site / language / path).read_text(encoding="utf-8"))
        for path in pages
    }
    left = set().union(*shown.values())
    chosen = set()
    while left:
        best = max(pages, key=lambda path: len(shown[path] & left))
        chosen.add(best)
        left -= shown[best]
    return chosen


def axe_violations(page, context: dict | None, options: dict) -> list[dict]:
    """What axe-core, already in ``page``, finds in ``context`` (None: all of it)."""
    return page.evaluate(
        "([context, options]) => axe.run(context ?? document, options)"
        ".then(results => results.violations)",
        [context, options],
    )


def test_token_classes_are_read_from_code_blocks():
    html = (
        '<p><span class="n">prose</span></p><div class="highlight"><pre>'
        '<span class="gp">&gt;&gt;&gt; </span><span class="n">x</span></pre></div>'
    )
    assert token_classes(html) == {"gp", "n"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe_core(visit, site, language):
    tab = visit()
    script = Axe().axe_script
    pages = [*guide_pages(language), "search.html", "genindex.html"]
    code_checked = pages_with_every_token_class(site, language, pages)
    assert code_checked
    problems = {}
    for path in pages:
        page = tab.open(f"{language}/{path}")
        page.evaluate(script)
        contrast_context = None if path in code_checked else {"exclude": [[CODE]]}
        violations = axe_violations(page, None, NO_CONTRAST) + axe_violations(
            page, contrast_context, CONTRAST_ONLY
        )
        if violations:
            problems[path] = AxeResults({"violations": violations}).generate_report()
    assert problems == {}, "\n".join(f"{p}:\n{r}" for p, r in problems.items())


def switcher_links(html: str) -> dict[str, str]:
    """The language switcher's links of a page's HTML: ``{hreflang: href}``."""
    nav = BeautifulSoup(
        html, "html.parser", parse_only=SoupStrainer("nav", class_="language-switcher")
    )
    return {link["hreflang"]: link["href"] for link in nav.find_all("a")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_leads_to_the_same_page_and_back(visit, language):
    """Every switcher link leads to the same page in its language, and back.

    The switcher is plain links. Each page is opened in Chromium, which
    resolves its links; the page a link leads to is fetched, and its own
    link back is resolved against its address, as the browser would. On
    the home page the round trips are clicked through.
    """
    tab = visit()
    others = [other for other in LANGUAGES if other != language]
    tag = language.replace("_", "-")
    problems = {}
    for path in guide_pages(language):
        page = tab.open(f"{language}/{path}")
        links = dict(
            page.locator(".language-switcher a").evaluate_all(
                "links => links.map(link => [link.hreflang, link.href])"
            )
        )
        if len(links) != len(others):
            problems[path] = f"{len(links)} links for {len(others)} languages"
            continue
        for other in others:
            arrived = links.get(other.replace("_", "-"))
            response = tab.context.request.get(arrived) if arrived else None
            back = None
            if response is not None and response.ok:
                href = switcher_links(response.text()).get(tag)
                back = urljoin(arrived, href) if href is not None else None
            if (arrived, back) != (
                tab.base_url + f"{other}/{path}",
                tab.base_url + f"{language}/{path}",
            ):
                problems[f"{path} via {other}"] = (arrived, back)
    page = tab.open(f"{language}/index.html")
    for other in others:
        switch_to(page, other)
        arrived = page.url
        switch_to(page, language)
        if (arrived, page.url) != (
            tab.base_url + f"{other}/index.html",
            tab.base_url + f"{language}/index.html",
        ):
            problems[f"index.html clicked via {other}"] = (arrived, page.url)
    assert problems == {}


# What readers type into the search box, per language: the query, a page it
# must find, and whether that page must be among the first three results
# (the query names that chapter's topic). Chinese queries are typed without
# spaces between words. A new language adds one entry.
READER_QUERIES = {
    "en": [
        ("buffer", "guide/buffers.html", True),
        ("tied weights", "guide/shared-parameters.html", True),
        ("freezing requires_grad", "guide/freezing.html", True),
        ("learning rate", "guide/training.html", False),
        ("state_dict", "guide/saving-and-loading.html", False),
        # The glossary gives each term's Chinese name on the English site too.
        ("学习率", "guide/glossary.html", False),
        ("注册参数", "guide/glossary.html", False),
    ],
    "zh_CN": [
        ("学习率", "guide/training.html", False),
        ("注册参数", "guide/registration.html", True),
        ("requires_grad 冻结", "guide/freezing.html", True),
        ("冻结参数", "guide/freezing.html", True),
        ("缓冲区", "guide/buffers.html", True),
        ("权重绑定", "guide/shared-parameters.html", True),
        ("保存和加载", "guide/saving-and-loading.html", True),
        ("读取参数", "guide/reading-parameters.html", True),
    ],
}

# Traditional Chinese readers type the same words in Taiwan's characters and
# vocabulary (儲存和載入, not 保存和加載), as the zh_TW edition is converted.
_converter = tools_module("traditional_chinese")
_phrases = _converter.read_phrases()
READER_QUERIES["zh_TW"] = [
    (_converter.convert_message(query, _phrases), page, top_three)
    for query, page, top_three in READER_QUERIES["zh_CN"]
]


def test_every_language_has_reader_queries():
    assert set(LANGUAGES) <= set(READER_QUERIES)


def search_results(tab, language: str, query: str) -> list[str]:
    """The pages the search page lists for ``query``, best first."""
    page = tab.open(f"{language}/search.html?q={quote(query)}")
    # Sphinx writes the summary once the search has finished.
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')"
        "?.textContent.trim()",
        timeout=30_000,
    )
    hrefs = page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return [href.split("?")[0].split("#")[0] for href in hrefs]


@pytest.mark.parametrize(
    ("language", "query", "expected_page", "top_three"),
    [
        (language, *reader_query)
        for language in LANGUAGES
        for reader_query in READER_QUERIES.get(language, [])
    ],
)
def test_search_finds_the_chapter_a_reader_means(
    visit, language, query, expected_page, top_three
):
    tab = visit()
    pages = search_results(tab, language, query)
    assert expected_page in pages, pages
    if top_three:
        assert expected_page in pages[:3], pages
    assert tab.errors == []


def test_copy_button_copies_code_without_prompts(visit):
    tab = visit(permissions=["clipboard-read", "clipboard-write"])
    page = tab.open("en/introduction.html")
    block = page.locator("div.highlight").first
    shown = block.locator("pre").inner_text()
    block.hover()
    block.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")

    prompted = [
        line for line in shown.splitlines() if line.startswith((">>> ", "... "))
    ]
    assert prompted, "the first code block should be a >>> example"
    assert copied.splitlines() == [line[4:] for line in prompted]
    assert ">>>" not in copied


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_answer_stays_hidden_until_its_summary_is_activated(visit, language):
    tab = visit()
    page = tab.open(f"{language}/guide/training.html")
    answers = page.locator("article details")
    assert answers.count() >= 2
    for answer in answers.all():
        expect(answer.locator("> summary")).to_be_visible()
        expect(answer.locator("pre").first).to_be_hidden()

    by_keyboard = answers.nth(0)
    summary = by_keyboard.locator("> summary")
    summary.focus()
    assert summary.evaluate("node => node === document.activeElement")
    page.keyboard.press("Enter")
    expect(by_keyboard.locator("pre").first).to_be_visible()
    expect(answers.nth(1).locator("pre").first).to_be_hidden()

    by_mouse = answers.nth(1)
    by_mouse.locator("> summary").click()
    expect(by_mouse.locator("pre").first).to_be_visible()
    page.keyboard.press("Enter")  # the clicked summary has the focus now
    expect(by_mouse.locator("pre").first).to_be_hidden()
    assert tab.errors == []


class NotFoundHandler(QuietHandler):
    """Serve the site's 404.html for a missing file, as static hosts do."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def root_url(site):
    with serving(site, NotFoundHandler) as origin:
        yield origin + "/"


@pytest.mark.parametrize(
    "missing",
    [
        "nothing-here",
        *(f"{language}/guide/deep/missing.html" for language in LANGUAGES),
    ],
)
def test_a_missing_page_gets_a_working_not_found_page(browser, root_url, missing):
    tab = Visit(browser, root_url)
    try:
        response = tab.page.goto(root_url + missing, wait_until="load")
        assert response.status == 404
        expect(tab.page.locator("article h1")).to_contain_text("Page not found")
        assert tab.page.evaluate("document.styleSheets.length") > 3
        # Chromium reports the 404 status of the page itself as a console
        # error; nothing the page loads may fail.
        assert tab.failed_responses == [root_url + missing]
        assert all("404 (Not Found)" in error for error in tab.errors)
        assert len(tab.errors) <= 1
        assert tab.outside_requests == []
        tab.page.locator("article a", has_text="home page").click()
        tab.page.wait_for_load_state("load")
        assert tab.page.url == root_url + "en/index.html"
    finally:
        tab.close()


@pytest.mark.parametrize(
    ("browser_language", "landing"),
    [
        ("zh", "zh_CN/index.html"),
        ("zh-CN", "zh_CN/index.html"),
        ("zh-SG", "zh_CN/index.html"),
        ("zh-Hans", "zh_CN/index.html"),
        ("zh-Hans-HK", "zh_CN/index.html"),
        ("zh-TW", "zh_TW/index.html"),
        ("zh-HK", "zh_TW/index.html"),
        ("zh-MO", "zh_TW/index.html"),
        ("zh-Hant", "zh_TW/index.html"),
        ("zh-Hant-CN", "zh_TW/index.html"),
        ("en-GB", "en/index.html"),
        ("fr-FR", "en/index.html"),
    ],
)
def test_root_page_sends_readers_to_their_language(visit, browser_language, landing):
    tab = visit(locale=browser_language)
    page = tab.open("")
    page.wait_for_url(tab.base_url + landing)
    assert tab.errors == []


def test_root_page_without_javascript_offers_every_language(visit):
    tab = visit(java_script_enabled=False)
    page = tab.open("")
    links = page.locator("main a")
    expect(links).to_have_count(len(LANGUAGES))
    assert {link.get_attribute("href") for link in links.all()} == {
        f"{language}/index.html" for language in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_work_opened_from_disk(browser, site, language):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((site / language / "guide" / "index.html").as_uri())
        # Furo's stylesheet lays the sidebar out as a column of its own.
        sidebar = page.locator(".sidebar-drawer")
        assert sidebar.evaluate("node => getComputedStyle(node).display") == "flex"
        other = NEXT_LANGUAGE[language]
        switch_to(page, other)
        assert page.url == (site / other / "guide" / "index.html").as_uri()
        assert errors == []
    finally:
        context.close()
