"""The built site on a phone (390 × 844 CSS pixels), in Chromium.

No page scrolls sideways; every diagram and figure is either legible where
it stands or opens full size with a tap; and the home page's first screen
shows the guide's parts and a printout that the code above it really
prints.
"""

import contextlib
import doctest
import io
import re

import pytest
from bs4 import BeautifulSoup
from support.browsing import DESKTOP
from support.project import LANGUAGES, guide_pages

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
# How far the page scrolls sideways. Furo hides the document's own overflow
# and lets its content column scroll instead: that counts as the page too.
SIDEWAYS_SCROLL = """Math.max(
  document.documentElement.scrollWidth - window.innerWidth,
  ...[...document.querySelectorAll('body, .page, .main, .content')]
    .map(element => element.scrollWidth - element.clientWidth))"""
# The start of every gallery printout wider than its block that its block
# does not let the reader scroll to.
WIDE_OUTPUTS_THAT_DO_NOT_SCROLL = """() =>
  [...document.querySelectorAll('.sphx-glr-script-out pre')]
    .filter(pre => pre.scrollWidth > pre.clientWidth
      && !['auto', 'scroll'].includes(getComputedStyle(pre).overflowX))
    .map(pre => pre.textContent.slice(0, 40))"""
# Smallest label size, in CSS pixels, that a figure may show without a link
# to its full-size file.
LEGIBLE_TEXT = 11
# Each figure: its rendered size, the smallest text it shows (when its
# markup says so, in image pixels), and the link it sits in.
FIGURES = """() => [...document.querySelectorAll('article img')]
  .filter(image => !image.closest('.sphx-glr-thumbcontainer'))
  .map(image => ({
    src: image.getAttribute('src'),
    scale: image.clientWidth / image.naturalWidth,
    link: image.closest('a[href]')?.getAttribute('href') ?? null,
  }))"""


def phone_problems(page) -> list[str]:
    problems = []
    overflow = page.evaluate(SIDEWAYS_SCROLL)
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow} px")
    for output in page.evaluate(WIDE_OUTPUTS_THAT_DO_NOT_SCROLL):
        problems.append(f"a wide gallery printout does not scroll: {output!r}")
    for figure in page.evaluate(FIGURES):
        # Labels of the site's figures are at least 12 image pixels high.
        if 12 * figure["scale"] < LEGIBLE_TEXT and figure["link"] != figure["src"]:
            problems.append(
                f"{figure['src']} shown at {figure['scale']:.0%} without a link"
                " to its full-size file"
            )
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_a_phone(visit, language):
    tab = visit(**PHONE)
    problems = {}
    for path in [*guide_pages(language), "search.html", "genindex.html"]:
        if found := phone_problems(tab.open(f"{language}/{path}")):
            problems[path] = found
    assert problems == {}


def first_code_block(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("article div.highlight pre").get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_printout_is_what_its_code_prints(site, language):
    shown = first_code_block((site / language / "index.html").read_text("utf-8"))
    test = doctest.DocTestParser().get_doctest(shown, {}, "home", None, 0)
    # The printout shows the two filled Parameters: every value is 0.98.
    values = re.findall(r"-?\d+\.\d+", test.examples[-1].want)
    assert values, "the home page shows no printed values"
    assert set(values) == {"0.9800"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


@pytest.mark.parametrize("viewport", [PHONE, {"viewport": DESKTOP}])
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_first_screen_shows_parts_and_printout(visit, language, viewport):
    tab = visit(**viewport)
    page = tab.open(f"{language}/index.html")
    guide = visit(**viewport).open(f"{language}/guide/index.html")
    parts = [
        text.strip() for text in guide.locator("article p.caption").all_text_contents()
    ]
    height = viewport["viewport"]["height"]

    printout = page.locator("article div.highlight pre").first
    listed = page.locator("article ol").first
    for element in (printout, listed):
        box = element.bounding_box()
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= height, element
    items = listed.locator("li").all_text_contents()
    assert [item.split("\uff1a")[0].split(":")[0] for item in items] == parts
