"""Shared fixtures and the browser marker hook: content trees, builds, a real static server, and real Chromium.
Plain helpers (paths, servers, waiting for the page) are in helpers.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkplek.pipeline import build

from .helpers import CHROMIUM, CHROMIUM_ARGS, CONTENT, FIXTURES, static_server


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
