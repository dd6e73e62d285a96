"""Plain helpers for the tests (no fixtures: those are in conftest.py): where the content and fixtures are,
Chromium's path and flags, a static server for a built site, and waiting for the page, its service worker
and its storage."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under folder."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def built_pages(site: Path) -> dict[str, str]:
    """Every built page (its index.html, relative to the site root) and its HTML."""
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("index.html"))}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve_directory(www: Path) -> Iterator[str]:
    """Python's static file server on `www`, as any static host would serve it; yields its root URL."""
    handler = functools.partial(QuietHandler, directory=str(www))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def static_server(site: Path, prefix: str = "stage") -> Iterator[str]:
    """Serve a copy of `site` at http://127.0.0.1:<port>/<prefix>/: the site knows nothing of the sub-path."""
    with tempfile.TemporaryDirectory(prefix="werkplek-www-") as www:
        shutil.copytree(site, Path(www) / prefix)
        with serve_directory(Path(www)) as root:
            yield f"{root}{prefix}/"


def ready(page) -> None:
    """Wait until the page's JavaScript has finished starting (it sets <html data-ready>)."""
    page.wait_for_selector("html[data-ready]", state="attached")


def open_page(page, url: str) -> None:
    page.goto(url)
    ready(page)


def wait_for_worker(page) -> None:
    """Wait until a service worker controls the page (it has precached the whole site by then)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", polling=100, timeout=20000)


def wait_until_stored(page, count: int, role: str | None = None) -> None:
    """Writes are asynchronous; before a reload, wait until IndexedDB holds `count` ticks
    (and the chosen role), read through the app's own storage module."""
    page.wait_for_function(
        """async ([count, role]) => {
            const storage = await import(new URL(document.documentElement.dataset.root
                + 'static/js/storage.js', document.baseURI).href);
            const ticks = await storage.tickedKeys();
            return ticks.size === count && (!role || await storage.loadPref('role') === role);
        }""", arg=[count, role], polling=50)
