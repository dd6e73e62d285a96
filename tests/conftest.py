"""Shared fixtures: content trees, builds, a real static server, and real Chromium."""

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

import pytest

from werkplek.pipeline import build

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


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the default content, to change in a test."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "build"
    build(CONTENT, out)
    return out


@pytest.fixture(scope="session")
def partnership_site(tmp_path_factory) -> Path:
    """Another partnership's small content set (tests/fixtures/partnership), built once per session."""
    out = tmp_path_factory.mktemp("partnership") / "build"
    build(FIXTURES / "partnership", out)
    return out


def built_pages(site: Path) -> dict[str, str]:
    """Every built page (its index.html, relative to the site root) and its HTML."""
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("index.html"))}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve_directory(www: Path) -> Iterator[str]:
    """Python's static file server on `www`, as any static host would serve it; yields its root URL."""
    handler = functools.partial(_QuietHandler, directory=str(www))
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


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with static_server(built_site) as url:
        yield url


BROWSER_FIXTURES = {"browser", "context", "page"}


def pytest_collection_modifyitems(config, items):
    """A test that drives Chromium (it asks for browser, context or page, directly or through another
    fixture) is marked `browser`; `./dev test --fast` leaves those out (-m "not browser")."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: empty IndexedDB, no service worker."""
    ctx = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
