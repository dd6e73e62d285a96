"""Plain helpers for the tests (no fixtures: those are in conftest.py): where the content and fixtures are,
Chromium's path and flags, a static server for a built site, waiting for the page, its service worker and its
storage; and what more than one test file does: edit content and read its problems, fill in and read back a
form, search, read the hour tables and the calculator, measure layout shift."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from werkplek.errors import ContentError
from werkplek.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def copy_of_checkout(target: Path, names: list[str]) -> Path:
    """A copy of some top-level files and folders of the checkout (what a wheel or a release is made of),
    without caches and build metadata, so nothing of it can leak back into the checkout."""
    target.mkdir()
    for name in names:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, target / name)
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under folder."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def built_pages(site: Path) -> dict[str, str]:
    """Every built page (its index.html, relative to the site root) and its HTML."""
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("index.html"))}


class QuietHandler(SimpleHTTPRequestHandler):
    requests: list[str] | None = None  # when a test asks: every path served, in order

    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def log_request(self, code="-", size="-") -> None:
        if self.requests is not None:
            self.requests.append(self.path)


@contextlib.contextmanager
def serve_directory(www: Path, requests: list[str] | None = None) -> Iterator[str]:
    """Python's static file server on `www`, as any static host would serve it; yields its root URL.
    requests: a list to which every path asked for is added."""
    logging = type("LoggingHandler", (QuietHandler,), {"requests": requests})
    handler = functools.partial(logging, directory=str(www))
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


def new_device(browser, **options):
    """Another person's phone: a fresh browser profile with one page, and the JavaScript errors it throws."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, errors


def wait_for_worker(page) -> None:
    """Wait until a service worker controls the page and has stored what this device keeps offline: the
    core and the groups of the programme and role the page told it (<html data-offline="ready">)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", polling=100, timeout=20000)
    expect(page.locator("html")).to_have_attribute("data-offline", "ready", timeout=20000)


def wait_until_stored(page, count: int, role: str | None = None) -> None:
    """Writes are asynchronous; before a reload, wait until IndexedDB holds `count` ticks
    (and the chosen role), read through the app's own storage module."""
    page.wait_for_function(
        """async ([count, role]) => {
            const storage = await import(new URL(document.documentElement.dataset.root
                + 'static/js/lib/storage.js', document.baseURI).href);
            const ticks = await storage.tickedKeys();
            return ticks.size === count && (!role || await storage.loadPref('role') === role);
        }""",
        arg=[count, role],
        polling=50,
    )


# -- content: edit a copy, read the problems it gives --------------------------------------------------


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_of(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(content_dir)
    return [str(p) for p in caught.value.problems]


# -- forms in Chromium: answer every item, read them back, wait until saved ----------------------------


def fill_every_item(page) -> dict[str, object]:
    """Answer every item with a real user action; return what each control should hold."""
    expected: dict[str, object] = {}
    items = page.locator("form[data-form] [data-item]")
    for i in range(items.count()):
        item = items.nth(i)
        name, kind = item.get_attribute("data-item"), item.get_attribute("data-kind")
        if kind == "scale":
            value = str(i % int(item.get_attribute("data-points")) + 1)
            item.locator(f"input[value='{value}']").check()
            expected[name] = value
        elif kind == "check":
            item.locator("input[type=checkbox]").check()
            expected[name] = True
        elif kind == "choice":
            boxes = item.locator(f"input[name='{name}']")
            boxes.first.check()
            expected[name] = boxes.first.get_attribute("value")
        elif kind == "date":
            item.locator("input[type=date]").fill(f"2025-10-{i % 28 + 1:02d}")
            expected[name] = f"2025-10-{i % 28 + 1:02d}"
        else:
            field = item.locator("input[type=text], textarea").first
            field.fill(f"Antwoord {i}: gezien in de les, ëën ‘citaat’ <b>geen html</b>")
            expected[name] = field.input_value()
    return expected


def read_every_item(page) -> dict[str, object]:
    return page.evaluate("""() => {
        const out = {};
        for (const item of document.querySelectorAll('form[data-form] [data-item]')) {
            const name = item.dataset.item, kind = item.dataset.kind;
            const checked = [...item.querySelectorAll('input:checked')];
            if (kind === 'scale' || kind === 'choice') out[name] = checked.length ? checked[0].value : null;
            else if (kind === 'check') out[name] = checked.length === 1;
            else out[name] = item.querySelector('input, textarea').value;
        }
        return out;
    }""")


def saved(page) -> None:
    page.locator("[data-save-state]").filter(has_text=re.compile(r"^Opgeslagen \d\d:\d\d$")).wait_for()
    page.evaluate("""async () => { const s = await import(new URL(document.documentElement.dataset.root
        + 'static/js/lib/storage.js', document.baseURI).href); await s.whenSaved(); }""")


# -- search: the built index, the search page in Chromium ----------------------------------------------


def load_index(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "zoeken" / "index.json").read_text(encoding="utf-8"))


def search(page, text: str) -> None:
    box = page.get_by_label("Zoekwoord")
    box.fill("")
    box.press_sequentially(text, delay=20)


def results(page):
    return page.locator("[data-search-results] > li")


def result_for(page, url: str):
    """The result whose link goes to url (relative to the site root)."""
    return results(page).filter(has=page.locator(f'a[href$="/{url}"]'))


# -- hours: the tables on a page, the calculator's cells -----------------------------------------------


class TableText(HTMLParser):
    """The text of every cell of every <table>, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data + " ")


def tables_of(html: str) -> list[list[list[str]]]:
    parser = TableText()
    parser.feed(html)
    return parser.tables


def cells(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-hours-calculator] [data-cell]",
        "cells => Object.fromEntries(cells.map(c => [c.dataset.cell, c.textContent]))",
    )


# -- layout shift of a page in Chromium ----------------------------------------------------------------

CLS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


def visit_settings_of(site: Path) -> dict:
    """The settings lesbezoek/ carries for its script (werkplek.visits plus forms), read from the built page."""
    html = (site / "lesbezoek" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="lesbezoek-gegevens">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def pick_role(page, role_label: str) -> tuple[str, str]:
    """'Ik ben …' on the start page (already open): tick the role, wait until the profile holds it and the
    worker has stored that role's and programme's pages. Returns (programme id, role id) as stored."""
    picker = page.locator("[data-picker]")
    if not picker.evaluate("d => d.open"):
        picker.locator("summary").click()
    page.get_by_label(role_label, exact=True).check()
    page.wait_for_function(
        """async () => {
            const s = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href);
            const p = await s.loadProfile();
            return p && p.role;
        }""",
        polling=50,
    )
    wait_for_worker(page)
    return tuple(
        page.evaluate(
            """async () => {
                const s = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href);
                return [await s.loadPref('programme'), await s.loadPref('role')];
            }"""
        )
    )


def cached_urls(page) -> set[str]:
    """The URLs this site's current cache holds (relative to the site root, '' for the start page)."""
    return set(
        page.evaluate(
            """async () => {
                const root = new URL(document.documentElement.dataset.root, document.baseURI).href;
                const prefix = `werkplek:${new URL(root).pathname}:`;
                const names = (await caches.keys()).filter((n) => n.startsWith(prefix));
                const urls = [];
                for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url.slice(root.length));
                return urls;
            }"""
        )
    )


def group_urls(site: Path, groups) -> set[str]:
    """The URLs (as cached_urls gives them) of the built site's files in these offline groups (sw.js)."""
    from werkplek.precache import built_worker

    build = built_worker(site)
    indices = {i for group in groups for i in build["groups"].get(group, [])}
    return {("" if build["files"][i][0] == "./" else build["files"][i][0]) for i in indices}
