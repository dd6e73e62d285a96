"""Shared fixtures and the browser marker hook: content trees, builds, a real static server, and real Chromium.
Plain helpers (paths, servers, waiting for the page) are in helpers.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
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
    exactly what the lock names, with its hashes, without fetching the package index again. Not under
    pytest-xdist: there the other worker goes on with other tests while the script waits on the network."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.error = ""
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self.folder = Path(tempfile.mkdtemp(prefix="werkplek-wheels-"))
            self._thread = threading.Thread(target=self._download, daemon=True)
            self._thread.start()

    def _download(self) -> None:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "-d", self.folder]
        for args in (
            ["--no-deps", "--require-hashes", "-r", ROOT / "requirements-serve.lock"],
            ["setuptools>=40.8.0", "wheel"],  # what pip builds a package without pyproject.toml with
        ):
            try:
                result = subprocess.run([*map(str, pip), *map(str, args)], capture_output=True, text=True, timeout=600)
            except (OSError, subprocess.SubprocessError) as exc:
                self.error = str(exc)
                return
            if result.returncode != 0:
                self.error = result.stderr[-2000:]
                return

    def wait(self) -> Path | None:
        """The folder once the download is done; None if it failed (pip then fetches as it would anyway)."""
        self.start()
        self._thread.join()
        return None if self.error else self.folder

    def remove(self) -> None:
        if self._thread is not None:
            self._thread.join()
            shutil.rmtree(self.folder, ignore_errors=True)


_SERVE_WHEELS = _Wheelhouse()


def pytest_unconfigure(config):
    _SERVE_WHEELS.remove()


@pytest.fixture(scope="session")
def serve_wheels(request) -> Path | None:
    """A folder with the packages of requirements-serve.lock (see _Wheelhouse), or None under pytest-xdist
    or if it could not be downloaded (pip then fetches them from the index, as the script does anyway)."""
    return None if hasattr(request.config, "workerinput") else _SERVE_WHEELS.wait()


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
