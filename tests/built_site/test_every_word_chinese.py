"""Every word a reader of a Chinese edition meets is Chinese.

Each page of each Chinese edition is opened in Chromium, once, and one
script collects what the reader can meet: every text node of the page (the
titles of the theme's icons and the hidden answers of the exercises
included), every ``title``, ``aria-label``, ``alt``, ``placeholder`` and
tooltip, the copy buttons' messages, and the SVG figures the page shows,
whose ``<text>`` elements are then read from the built site. Code (code
spans and blocks, signatures, gallery printouts, and what a figure sets in a
monospaced font) is left out. In what is left, every word in Latin letters
must be one that ``english_kept.toml`` allows, with its reason: a product or
API name, a term the glossary keeps in English, a version, a variable.
"""

import re
import tomllib
from functools import cache
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support.browsing import QuietHandler, Visit, serving
from support.project import LANGUAGES, SITE, site_pages

CHINESE = [language for language in LANGUAGES if language.startswith("zh")]
KEPT = Path(__file__).with_name("english_kept.toml")
# Elements whose text is code; the selectors of english_kept.toml add more.
CODE = "code, pre, kbd, samp, .highlight, .sig, .math"
# Attributes whose text readers see or hear.
ATTRIBUTES = ["title", "aria-label", "alt", "placeholder", "tooltip", "data-tooltip"]

# Run once in each page, with the selectors of what to leave out: what the
# reader meets, as [where, text] pairs; the copy buttons' messages (null on
# a page without code blocks, [] when the script holds none); the SVG images.
COLLECT = """([skipped, attributes]) => {
  const hidden = "script, style, noscript, template";
  const found = [];
  const where = element => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (typeof element.className === "string" && element.className.trim()
       ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skipped) || parent.closest(hidden)) continue;
    if (parent.closest("head") && parent.tagName !== "TITLE") continue;
    const text = node.nodeValue.trim();
    if (text) found.push([where(parent), text]);
  }
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest(hidden)) continue;
    const names = [...attributes];
    if (element.matches("input[type=submit], input[type=button]")) names.push("value");
    for (const name of names) {
      const value = element.getAttribute(name)?.trim();
      if (value) found.push([`${where(element)}[${name}]`, value]);
    }
  }
  let copyButtons = null;
  if (document.querySelector("div.highlight") !== null) {
    // sphinx-copybutton keeps its messages in the page's global scope.
    copyButtons = typeof messages !== "undefined" && typeof locale !== "undefined"
      ? Object.values(messages[locale]) : [];
    for (const text of copyButtons) found.push(["copy button", text]);
  }
  const svgs = [...document.images]
    .map(image => image.currentSrc || image.src)
    .filter(source => new URL(source).pathname.endsWith(".svg"));
  return {found, copyButtons, svgs: [...new Set(svgs)]};
}"""

SVG_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
MONOSPACE = re.compile(r"font-family:[^;\"]*mono", re.IGNORECASE)
# A word in Latin letters, with the digits, underscores, dots, apostrophes
# and hyphens that join its parts.
WORD = re.compile(r"[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*(?:['\u2019.\-][A-Za-z0-9_]+)*")


@cache
def kept() -> dict:
    """english_kept.toml: selectors, patterns, texts and words, ready to use."""
    data = tomllib.loads(KEPT.read_text(encoding="utf-8"))
    return {
        "skipped": ", ".join([CODE, *(entry["selector"] for entry in data["skip"])]),
        "patterns": [
            re.compile(entry["pattern"], re.ASCII) for entry in data["patterns"]
        ],
        "texts": [text for entry in data["texts"] for text in entry["texts"]],
        "words": {word for entry in data["words"] for word in entry["words"]},
    }


def english_words(text: str) -> list[str]:
    """The words of ``text`` in Latin letters that english_kept.toml does not allow."""
    allowed = kept()
    for kept_text in allowed["texts"]:
        text = text.replace(kept_text, " ")
    for pattern in allowed["patterns"]:
        text = pattern.sub(" ", text)
    return [word for word in WORD.findall(text) if word not in allowed["words"]]


def svg_texts(svg: str) -> list[str]:
    """The ``<text>`` of an SVG figure that is not set in a monospaced font."""
    found = []
    for attributes, content in SVG_TEXT.findall(svg):
        text = unescape(TAG.sub("", content)).strip()
        if text and not MONOSPACE.search(attributes):
            found.append(text)
    return found


@cache
def read_svg(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def english_on(page) -> list[tuple[str, str, list[str]]]:
    """(where, text, its English words) for everything English on an open page."""
    collected = page.evaluate(COLLECT, [kept()["skipped"], ATTRIBUTES])
    found = [tuple(pair) for pair in collected["found"]]
    for url in collected["svgs"]:
        svg = SITE / unquote(urlsplit(url).path).lstrip("/")
        found += [(svg.name, text) for text in svg_texts(read_svg(svg))]
    if collected["copyButtons"] == []:
        found.append(("copy button", "its messages were not found"))
    return [
        (where, text, words)
        for where, text in dict.fromkeys(found)
        if (words := english_words(text))
    ]


@pytest.fixture(scope="module")
def tab(site, browser):
    """A tab on the site served at its root, as the 404 page's links expect."""
    with serving(site, QuietHandler) as origin:
        visit = Visit(browser, origin + "/")
        yield visit
        visit.close()


@pytest.mark.parametrize("language", CHINESE)
def test_every_word_on_a_chinese_page_is_chinese(tab, language):
    problems = {}
    for path in site_pages(language):
        if found := english_on(tab.open(f"{language}/{path}")):
            problems[path] = found
    assert problems == {}


def test_kept_words_are_single_words():
    for entry in tomllib.loads(KEPT.read_text(encoding="utf-8"))["words"]:
        assert entry["reason"]
        for word in entry["words"]:
            assert WORD.fullmatch(word), word


def test_english_words_finds_english_and_lets_names_pass():
    assert english_words("Same layers, two initialisations") == [
        "Same",
        "layers",
        "two",
        "initialisations",
    ]
    assert english_words("用 Parameter 替换 nn.Linear 的权重\uff08weight\uff09") == []
    assert english_words("输出结果由 torch 2.13.0+cpu、Python 3.11 生成") == []
    assert english_words("两个进程中的参数：DDP 与 FSDP2") == []
    # A gloss stands in full-width brackets; in others it is English prose.
    assert english_words("冻结\uff08freeze\uff09") == []
    assert english_words("冻结 (keep it fixed)") == ["keep", "it", "fixed"]


def test_svg_text_in_a_monospaced_font_is_code():
    svg = (
        "<svg><text style=\"font-family: 'DejaVu Sans', sans-serif\">step</text>"
        "<text style=\"font-family: 'DejaVu Sans Mono', monospace\">eval()</text>"
        "<text><tspan>1</tspan><tspan>0</tspan></text></svg>"
    )
    assert svg_texts(svg) == ["step", "10"]


def test_english_planted_in_a_chinese_page_is_caught(tab):
    page = tab.open(f"{CHINESE[0]}/guide/freezing.html")
    assert english_on(page) == []
    page.evaluate(
        """() => {
      const article = document.querySelector("article");
      article.insertAdjacentHTML("beforeend",
        '<p>参数 <span>left in English</span></p>'
        + '<img alt="An English description" src="data:,">'
        + '<a href="#" title="Open the index">索引</a>'
        + '<button aria-label="Close the menu">×</button>');
      document.querySelector("svg title").textContent = "Contents";
      messages[locale].copy_success = "Copied!";
    }"""
    )
    found = {text for _, text, _ in english_on(page)}
    assert found == {
        "left in English",
        "An English description",
        "Open the index",
        "Close the menu",
        "Contents",
        "Copied!",
    }
