"""How the browser tests serve the built site and open its pages in Chromium."""

import sys
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Serving the site below a prefix proves that no link assumes it sits at "/".
PREFIX = "/hosted/under/a/prefix/"
DESKTOP = {"width": 1400, "height": 900}
# What the browser tests add to the browser's arguments: every host name but
# the local address resolves to nothing, so no page fetches from elsewhere.
LOCAL_ONLY = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
# Addresses whose content is in the address itself: nothing is fetched.
INLINE_SCHEMES = ("data:", "blob:")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    """A server that says nothing when a client hangs up mid-transfer.

    A browser that moves on to the next page closes the connections of the
    one it leaves; any other error is still reported.
    """

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serving(directory: Path, handler):
    """Serve ``directory`` on a free local port; yield the server's origin."""
    server = QuietServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


class Visit:
    """A browser tab that records console errors and requests to other hosts.

    The browser resolves no host but the local one (``LOCAL_ONLY``), so a
    request to another host fails in the browser and downloads nothing;
    the tab records it. Nothing is routed through this process: routing
    would turn off the browser's cache, and every page would load its
    style sheets, scripts and fonts anew.
    """

    def __init__(self, browser, base_url, **context_options):
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_url = base_url
        context_options.setdefault("viewport", DESKTOP)
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside_requests: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                message.type == "error" and self.errors.append(message.text)
            ),
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.failed_responses: list[str] = []
        self.page.on(
            "response",
            lambda response: (
                response.status >= 400 and self.failed_responses.append(response.url)
            ),
        )
        self.page.on("request", self._record_outside)

    def _record_outside(self, request):
        url = request.url
        if not url.startswith((self.origin + "/", *INLINE_SCHEMES)):
            self.outside_requests.append(url)

    def open(self, path: str, wait_until: str = "load"):
        self.page.goto(self.base_url + path, wait_until=wait_until)
        return self.page

    def close(self):
        self.context.close()
