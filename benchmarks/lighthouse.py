"""Score representative pages of the built site with Lighthouse.

Run from the project root after `nox -s docs`, with Lighthouse installed
from benchmarks/package-lock.json (it drives Debian's Chromium and never
downloads a browser):

    npm ci --prefix benchmarks
    python benchmarks/lighthouse.py

The site is served as a static host serves it: gzip-compressed responses,
and 404.html for a missing page. It is served at the address it was built
for (its canonical links), http://localhost:8000/ unless the build was given
another PARAMGUIDE_BASE_URL, so that Lighthouse finds the canonical and
hreflang links on the page's own host. Each page is audited with
Lighthouse's mobile preset and simulated throttling; the four category
scores are printed, and under each score short of 100 the audits that cost
it points.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "docs"), str(ROOT / "tools")]
sys.path.insert(0, str(ROOT / "tests"))
from site_build import HTML, LANGUAGES
from support.project import CHROMIUM_ARGS

LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", *CHROMIUM_ARGS]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# One page of each kind, in every language.
PAGES = [
    "index.html",
    "guide/training.html",
    "auto_examples/plot_01_vit_parameters.html",
    "search.html",
]
COMPRESSED = re.compile(r"\.(html|css|js|svg|json|xml|txt)$")
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


class StaticHostHandler(SimpleHTTPRequestHandler):
    """Serve files gzip-compressed, and 404.html for a missing one."""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        body = path.read_bytes()
        compress = COMPRESSED.search(path.name) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if compress:
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


def built_base_url() -> str:
    """The address the site was built for, read from a canonical link."""
    language = LANGUAGES[0]
    html = (HTML / language / "index.html").read_text(encoding="utf-8")
    canonical = CANONICAL.search(html)
    if canonical is None:
        sys.exit(f"{HTML / language / 'index.html'} has no canonical link")
    return canonical.group(1).removesuffix(f"{language}/index.html")


@contextmanager
def serving(base_url: str, www: Path):
    """Serve the site at ``base_url``, a local address; ``www`` is scratch space."""
    parts = urlsplit(base_url)
    if parts.hostname not in {"localhost", "127.0.0.1"}:
        sys.exit(
            f"the site was built for {base_url}; build it for a local address, "
            "e.g. PARAMGUIDE_BASE_URL=http://localhost:8000/ nox -s docs"
        )
    # Mount the site at the path of its address, as its host would.
    directory = HTML
    if parts.path.strip("/"):
        directory = www
        mount = www / parts.path.strip("/")
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(HTML, target_is_directory=True)
    server = ThreadingHTTPServer(
        (parts.hostname, parts.port or 80),
        partial(StaticHostHandler, directory=str(directory)),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def audit(url: str) -> dict:
    """Run Lighthouse on ``url``; return its JSON report."""
    result = subprocess.run(
        [
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            "--form-factor=mobile",
            "--throttling-method=simulate",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        sys.exit(f"Lighthouse failed on {url}:\n{result.stderr}")
    return json.loads(result.stdout)


def lost_points(report: dict, category: str) -> list[str]:
    """The weighted audits of ``category`` that did not pass."""
    audits = report["audits"]
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        found = audits[ref["id"]]
        if ref["weight"] > 0 and found["score"] is not None and found["score"] < 1:
            value = found.get("displayValue", "")
            lost.append(f"{ref['id']} ({found['score']:.2f}) {value}".rstrip())
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix benchmarks` first")
    base_url = built_base_url()
    rows = []
    with tempfile.TemporaryDirectory() as www, serving(base_url, Path(www)):
        for language in LANGUAGES:
            for page in PAGES:
                report = audit(f"{base_url}{language}/{page}")
                scores = [
                    round(100 * report["categories"][category]["score"])
                    for category in CATEGORIES
                ]
                notes = [
                    f"{category}: {audit_line}"
                    for category, score in zip(CATEGORIES, scores, strict=True)
                    if score < 100
                    for audit_line in lost_points(report, category)
                ]
                rows.append((f"{language}/{page}", scores, notes))
                print(f"  {language}/{page}: {scores}", file=sys.stderr)

    version = report["lighthouseVersion"]
    print(f"Lighthouse {version}, mobile preset, simulated throttling")
    print(f"{'page':<46}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}")
    for page, scores, notes in rows:
        print(f"{page:<46}" + "".join(f"{score:>6}" for score in scores))
        for note in notes:
            print(f"    {note}")


if __name__ == "__main__":
    main()
