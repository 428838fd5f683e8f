"""Measure build times and page weights against the site's performance budget.

Run from the project root after `nox -s docs` and `nox -s preview` have
created their environments (the preview session can be stopped at once):

    python benchmarks/build_times.py [--runs 3]

Each time is the median of --runs runs. The script leaves the sources as it
found them and ends with a complete build of the site.
It exits with a non-zero status when any figure is over its budget, so
that it can serve as a check.
"""

import argparse
import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "docs"), str(ROOT / "tools")]
from site_build import BUILD, DOCS, HTML, LANGUAGES, build_site, sphinx_build_args

GALLERY = DOCS / "auto_examples"
EXAMPLES = sorted((ROOT / "examples").glob("plot_*.py"))
EDITED_PAGE = DOCS / "guide" / "training.md"
ENVIRONMENTS = ROOT / ".nox"
KB = 1000
LOCAL_ASSET = re.compile(
    r'<(?:link|script)\b[^>]*?(?:href|src)="([^":]+\.(?:css|js))[?"]'
)

BUDGETS = {
    "clean build, every language": 50.0,
    "rebuild after editing one page": 8.0,
    "rebuild with nothing changed": 5.0,
    "live preview, edit to served page": 3.0,
    "heaviest page (HTML + CSS + JS)": 260.0,
    "search page with its index": 300.0,
}
# The search page loads the whole search index, which grows with the guide;
# it has a budget of its own, and the heaviest page is a page of content.
SEARCH_PAGE = "search.html"


def tool(environment: str, name: str) -> Path:
    path = ENVIRONMENTS / environment / "bin" / name
    if not path.exists():
        sys.exit(f"{path} is missing: run `nox -s {environment}` once first")
    return path


def examples_run_since(moment: float) -> int:
    """How many examples the gallery executed after ``moment``."""
    return sum(cost.stat().st_mtime > moment for cost in GALLERY.glob("*.cost.json"))


def timed_build(sphinx_build: Path) -> tuple[float, list[int]]:
    """Build the site as `nox -s docs` does; return time and runs per language."""
    executed = []

    def run(program: str, *arguments: str) -> None:
        before = time.time()
        subprocess.run([sphinx_build.with_name(program), *arguments], check=True)
        # build_site also runs python, to build the package's wheel.
        if program == "sphinx-build":
            executed.append(examples_run_since(before))

    start = time.perf_counter()
    build_site(run)
    return time.perf_counter() - start, executed


@contextmanager
def edited(page: Path, text: str):
    """Append ``text`` to ``page`` for the duration of the block."""
    original = page.read_bytes()
    try:
        with page.open("a", encoding="utf-8") as file:
            file.write(text)
        yield
    finally:
        page.write_bytes(original)


def median_time(label: str, runs: int, once) -> float:
    times = []
    for run in range(runs):
        seconds, executed = once(run)
        times.append(seconds)
        print(f"  {label}: {seconds:.1f} s, examples executed per language {executed}")
    return statistics.median(times)


def clean_build(sphinx_build: Path, runs: int) -> float:
    def once(_run):
        shutil.rmtree(BUILD, ignore_errors=True)
        shutil.rmtree(GALLERY, ignore_errors=True)
        seconds, executed = timed_build(sphinx_build)
        if executed != [len(EXAMPLES)] + [0] * (len(LANGUAGES) - 1):
            sys.exit(
                f"expected each example to run once, in the first build: {executed}"
            )
        return seconds, executed

    return median_time("clean", runs, once)


def edit_rebuild(sphinx_build: Path, runs: int) -> float:
    def once(run):
        with edited(EDITED_PAGE, f"\nA sentence added for benchmark run {run}.\n"):
            seconds, executed = timed_build(sphinx_build)
        timed_build(sphinx_build)  # back to the committed page, untimed
        if any(executed):
            sys.exit(f"editing a page re-ran examples: {executed}")
        return seconds, executed

    return median_time("edit", runs, once)


def unchanged_rebuild(sphinx_build: Path, runs: int) -> float:
    return median_time("unchanged", runs, lambda _run: timed_build(sphinx_build))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, timeout: float) -> float:
    """Poll ``condition`` until it holds; return the seconds it took."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if condition():
                return time.perf_counter() - start
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.05)
    sys.exit(f"gave up after {timeout} s")


def live_preview(runs: int) -> float:
    autobuild = tool("preview", "sphinx-autobuild")
    port = free_port()
    language = LANGUAGES[0]
    page = EDITED_PAGE.relative_to(DOCS).with_suffix(".html").as_posix()
    url = f"http://127.0.0.1:{port}/{page}"
    server = subprocess.Popen(
        [
            autobuild,
            "--port",
            str(port),
            "--ignore",
            str(GALLERY),
            *sphinx_build_args(language),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: "<html" in fetch(url), timeout=300)

        def once(run):
            marker = f"Preview marker {run}-{time.time_ns()}"
            with edited(EDITED_PAGE, f"\n{marker}\n"):
                seconds = wait_for(lambda: marker in fetch(url), timeout=60)
            return seconds, [0]

        return median_time("preview", runs, once)
    finally:
        server.terminate()
        server.wait()


def page_weight(page: Path) -> float:
    """The HTML + CSS + JS a page loads, fonts and images aside, in kB."""
    html = page.read_text(encoding="utf-8")
    assets = {(page.parent / href).resolve() for href in LOCAL_ASSET.findall(html)}
    size = len(html.encode()) + sum(a.stat().st_size for a in assets if a.is_file())
    return size / KB


def heaviest(pages: list[Path]) -> tuple[float, str]:
    """The weight and name of the heaviest of ``pages``."""
    return max((page_weight(page), page.relative_to(HTML).as_posix()) for page in pages)


def content_pages() -> list[Path]:
    """Every page of every language but the search pages and Sphinx's own files."""
    return [
        page
        for language in LANGUAGES
        for page in sorted((HTML / language).rglob("*.html"))
        if not page.relative_to(HTML / language).parts[0].startswith("_")
        and page.name != SEARCH_PAGE
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure")
    runs = parser.parse_args().runs
    sphinx_build = tool("docs", "sphinx-build")

    seconds = {
        "clean build, every language": clean_build(sphinx_build, runs),
        "rebuild after editing one page": edit_rebuild(sphinx_build, runs),
        "rebuild with nothing changed": unchanged_rebuild(sphinx_build, runs),
        "live preview, edit to served page": live_preview(runs),
    }
    # The preview wrote its own build: leave the site as `nox -s docs` does.
    timed_build(sphinx_build)
    weight, page = heaviest(content_pages())
    search_weight, search_page = heaviest(
        [HTML / language / SEARCH_PAGE for language in LANGUAGES]
    )
    kilobytes = {
        "heaviest page (HTML + CSS + JS)": weight,
        "search page with its index": search_weight,
    }

    print(f"\nMedians of {runs} runs; {len(EXAMPLES)} examples, languages {LANGUAGES}")
    print(f"heaviest page: {page}; heaviest search page: {search_page}")
    print(f"{'figure':<36}{'measured':>10}{'budget':>10}")
    over = []
    for label, value, unit in [
        *((label, value, "s") for label, value in seconds.items()),
        *((label, value, "kB") for label, value in kilobytes.items()),
    ]:
        verdict = "ok" if value <= BUDGETS[label] else "OVER BUDGET"
        if value > BUDGETS[label]:
            over.append(label)
        print(
            f"{label:<36}{value:>8.1f} {unit}{BUDGETS[label]:>7.0f} {unit}  {verdict}"
        )
    if over:
        sys.exit(f"over budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
