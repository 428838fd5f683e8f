"""The built site, answering at the address it was built for, as its static host would.

The site's commands and notebooks install the package from the site's own
address (``http://localhost:8000/`` unless the build was given another).
The tests do not bind that address: another server may hold the port on a
shared machine, and every pytest worker needs the host at once. Instead a
server on a free port acts as an HTTP proxy that knows one site: a process
whose ``http_proxy`` points at it sends it every request for an ``http://``
address, and it answers those for the site's address with the site's files,
and any other with an error. pip, in a reader's environment, then fetches
exactly the address the page shows.
"""

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Variables a process reads its proxies from, and the hosts it must not send
# through them; both spellings, as tools read one or the other.
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY")
NO_PROXY_VARIABLES = ("no_proxy", "NO_PROXY")


@dataclass
class Host:
    """A site answering at ``address`` through the proxy at ``proxy``."""

    address: str
    proxy: str
    # Each request the host answered: (address requested, status).
    requests: list[tuple[str, int]] = field(default_factory=list)

    def environment(self, base: dict[str, str]) -> dict[str, str]:
        """``base`` with its ``http://`` requests sent to this host."""
        environment = {
            name: value
            for name, value in base.items()
            if name not in NO_PROXY_VARIABLES
        }
        environment.update(dict.fromkeys(PROXY_VARIABLES, self.proxy))
        return environment


class SiteHandler(BaseHTTPRequestHandler):
    """Serve the files of ``site`` for requests to ``host.address``."""

    def __init__(self, *args, site: Path, host: Host, **kwargs):
        self.site = site.resolve()
        self.host = host
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.answer(with_body=True)

    def do_HEAD(self):
        self.answer(with_body=False)

    def answer(self, with_body: bool) -> None:
        status, path = self.resolve(self.path)
        self.host.requests.append((self.path, status))
        if path is None:
            self.send_error(status)
            return
        body = path.read_bytes()
        self.send_response(status)
        self.send_header(
            "Content-Type",
            mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        )
        self.send_header("Content-Length", str(len(body)))
        # Clients check again on every request, so each one reaches the host.
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def resolve(self, requested: str) -> tuple[int, Path | None]:
        """The status and file that answer a request for ``requested``."""
        site = urlsplit(self.host.address)
        wanted = urlsplit(requested)
        if (wanted.scheme, wanted.netloc) != (site.scheme, site.netloc):
            return 502, None
        if not wanted.path.startswith(site.path):
            return 404, self.not_found()
        path = (self.site / unquote(wanted.path[len(site.path) :])).resolve()
        if not path.is_relative_to(self.site):
            return 404, self.not_found()
        if path.is_dir():
            path = path / "index.html"
        return (200, path) if path.is_file() else (404, self.not_found())

    def not_found(self) -> Path | None:
        """The site's 404 page, which a static host serves for a missing file."""
        page = self.site / "404.html"
        return page if page.is_file() else None


@contextmanager
def hosting(site: Path, address: str) -> Iterator[Host]:
    """Answer for the site at ``address`` (an ``http://`` address) until the block ends."""
    if urlsplit(address).scheme != "http":
        raise ValueError(
            f"the site was built for {address}; its host can be stood in for "
            "only at an http:// address"
        )
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    host = Host(address=address, proxy=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = partial(SiteHandler, site=site, host=host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield host
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
