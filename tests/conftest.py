"""Shared fixtures and the browser marker hook: content trees, builds, a real static server, and real Chromium.
Plain helpers (paths, servers, waiting for the page) are in helpers.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkplek.pipeline import build

from .helpers import CHROMIUM, CHROMIUM_ARGS, CONTENT, FIXTURES, ROOT, static_server


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


@pytest.fixture(scope="session")
def full_partnership_site(tmp_path_factory) -> Path:
    """The complete other partnership (tests/fixtures/partnership-full), built once per session; read only."""
    out = tmp_path_factory.mktemp("partnership-full") / "build"
    build(FIXTURES / "partnership-full", out)
    return out


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
    if not hasattr(config, "workerinput") and any("serve_wheels" in getattr(i, "fixturenames", ()) for i in items):
        _SERVE_WHEELS.start()


class _Wheelhouse:
    """The files requirements-serve.lock names (checked against its hashes), and the build backend its
    source-only packages need, downloaded once into a folder in a background thread that starts when the
    tests are collected: the download waits on the network while the browser tests run. A test that runs
    publish/publish.sh gives pip this folder (PIP_NO_INDEX, PIP_FIND_LINKS), so the script still installs
    exactly what the lock names, with its hashes, without fetching the package index again. Under
    pytest-xdist the controller downloads (it sees every worker's collection) and tells the workers where."""

    STARTED, DONE = ".started", ".done"  # DONE holds pip's error, empty when every file is there

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="werkplek-wheels-"))
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            (self.folder / self.STARTED).touch()
            self._thread = threading.Thread(target=self._download, daemon=True)
            self._thread.start()

    def _download(self) -> None:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "-d", self.folder]
        error = "not downloaded"
        try:
            for args in (
                ["--no-deps", "--require-hashes", "-r", ROOT / "requirements-serve.lock"],
                ["setuptools>=40.8.0", "wheel"],  # what pip builds a package without pyproject.toml with
            ):
                result = subprocess.run([*map(str, pip), *map(str, args)], capture_output=True, text=True, timeout=600)
                error = (result.stderr[-2000:] or "pip failed") if result.returncode else ""
                if error:
                    break
        except Exception as exc:  # whatever went wrong, the waiting test falls back to the index
            error = str(exc) or type(exc).__name__
        finally:
            (self.folder / self.DONE).write_text(error, encoding="utf-8")

    @classmethod
    def wait_for(cls, folder: Path) -> Path | None:
        """The folder once its download is done (by this process or the xdist controller); None if it was
        never started or failed (pip then fetches from the index, as it would anyway)."""
        if not (folder / cls.STARTED).exists():
            return None
        done = folder / cls.DONE
        while not done.exists():  # written by another thread or process once pip is done
            time.sleep(0.2)
        return None if done.read_text(encoding="utf-8") else folder

    def remove(self) -> None:
        if self._thread is not None:
            self._thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)


_SERVE_WHEELS = _Wheelhouse()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist controller: every worker is told where the controller downloads the wheels."""
    node.workerinput["serve_wheels"] = str(_SERVE_WHEELS.folder)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    """xdist controller: start the download once a worker has collected the test that needs it (before any
    test is handed out)."""
    if any(i.startswith("tests/test_publish.py::test_the_script_publishes") for i in ids):
        _SERVE_WHEELS.start()


def pytest_unconfigure(config):
    _SERVE_WHEELS.remove()


@pytest.fixture(scope="session")
def serve_wheels(request) -> Path | None:
    """A folder with the packages of requirements-serve.lock (see _Wheelhouse), or None if they could not be
    downloaded (pip then fetches them from the index, as the script does anyway)."""
    if _SERVE_WHEELS._thread is None and not hasattr(request.config, "workerinput"):
        _SERVE_WHEELS.start()  # not started at collection (the test was selected by a plugin later on)
    worker = getattr(request.config, "workerinput", {})
    return _Wheelhouse.wait_for(Path(worker.get("serve_wheels", _SERVE_WHEELS.folder)))


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
