"""Offline edge cases: the offline page at any depth, a host that does not serve one file, a page that
only a newer version has, a backup from elsewhere, and two tabs open at once."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import ThreadingHTTPServer

from playwright.sync_api import expect
from werkplek.pipeline import build

from .helpers import CONTENT, QuietHandler, open_page, ready, serve_directory, wait_for_worker, wait_until_stored


def test_offline_page_works_at_any_depth(context, built_site, tmp_path):
    www = tmp_path / "www"
    shutil.copytree(built_site, www / "stage")
    page = context.new_page()
    with serve_directory(www) as root:
        base = root + "stage/"
        open_page(page, base)
        wait_for_worker(page)
    context.set_offline(True)
    for url in ("rollen/onbekend/", "domeinen/a/b/"):
        open_page(page, base + url)
        expect(page.locator("h1")).to_have_text("Deze pagina is niet offline beschikbaar", use_inner_text=True)
        # Its stylesheet applies (the skip link is moved off screen by main.css) ...
        assert page.locator(".skip").evaluate("a => getComputedStyle(a).position") == "absolute"
        # ... and its links lead into the app, not to rollen/planning/.
        page.get_by_role("link", name="Planning").first.click()
        page.wait_for_url(base + "planning/")
        expect(page.locator("h1")).to_have_text("Planning", use_inner_text=True)


class _CountingHandler(QuietHandler):
    """A static host that does not know some kinds of file (answers 404) and counts what is asked."""

    missing: tuple[str, ...] = ()  # endings of the paths it does not serve
    counts: dict[str, int] = {}

    def do_GET(self):
        type(self).counts[self.path] = type(self).counts.get(self.path, 0) + 1
        if self.path.endswith(self.missing):
            self.send_error(404)
            return
        super().do_GET()


def test_a_file_the_host_does_not_serve_is_said_and_not_fetched_twice(context, built_site, tmp_path):
    www = tmp_path / "www"
    shutil.copytree(built_site, www / "stage")
    # Such a host knows neither .webmanifest nor .bin: without the packs the worker fetches file by file.
    missing = ("manifest.webmanifest", ".bin")
    handler_class = type("Handler", (_CountingHandler,), {"missing": missing, "counts": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/stage/"
    try:
        page = context.new_page()
        open_page(page, base)
        notice = page.locator("[data-notice='no-offline']")
        notice.wait_for(state="visible", timeout=20000)
        expect(notice).to_contain_text("Offline gebruik is nog niet beschikbaar", use_inner_text=True)
        css = "/stage/static/css/main.css"
        fetched = handler_class.counts[css]
        # The next visit tries again, but what was fetched and checked is not downloaded again.
        page.reload()
        ready(page)
        notice.wait_for(state="visible", timeout=20000)
        assert handler_class.counts[css] <= fetched + 1  # the page's own request, not the worker's
        assert handler_class.counts["/stage/manifest.webmanifest"] >= 2
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_only_the_new_version_has_is_never_shown_with_old_assets(context, tmp_path, content_copy):
    www = tmp_path / "www"
    build(content_copy, www / "stage")
    page = context.new_page()
    with serve_directory(www) as root:
        base = root + "stage/"
        open_page(page, base)
        wait_for_worker(page)
        # A new version adds a page and changes the CSS.
        (content_copy / "pages" / "nieuw.yml").write_text("title: Nieuwe pagina\nintro: Alleen in de nieuwe versie.\n")
        static = tmp_path / "static"
        shutil.copytree(CONTENT.parent / "static", static)
        (static / "css" / "main.css").write_text((static / "css" / "main.css").read_text() + "\n/* v2 */\n")
        build(content_copy, www / "stage", static_dir=static)

        open_page(page, base + "nieuw/")
        expect(page.locator("h1")).to_have_text("Deze pagina hoort bij een nieuwe versie", use_inner_text=True)
        page.locator("[data-update]").wait_for(state="visible", timeout=20000)
        with page.expect_navigation():
            page.get_by_role("button", name="vernieuwen").click()
        ready(page)
        expect(page.locator("h1")).to_have_text("Nieuwe pagina", use_inner_text=True)


def test_backup_from_another_site_or_with_unknown_things_changes_only_what_it_says(browser, site_url, tmp_path):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    open_page(page, site_url)
    page.get_by_label("Schoolopleider (SO)", exact=True).check()
    wait_until_stored(page, 0, role="so")
    open_page(page, site_url + "mijn-gegevens/")
    upload = page.get_by_label("Back-up terugzetten")
    result = page.locator("[data-import-result]")
    scope = page.evaluate("new URL(document.documentElement.dataset.root, document.baseURI).pathname")
    tick = {"done": True, "at": "2025-10-01T10:00:00.000Z"}
    backup = {
        "app": "werkplek",
        "format": 1,
        "exported": "2025-10-01T10:00:00.000Z",
        "scope": scope,
        "ticks": {"rol:so:bestaat-niet": tick, "rol:wpb:tijd-vrijmaken": tick},
        "prefs": {"role": "verdwenen-rol"},
    }
    path = tmp_path / "b.json"

    path.write_text(json.dumps({**backup, "scope": "/pabo/"}))
    upload.set_input_files(str(path))
    result.filter(has_text="hoort bij een andere Werkplek-site (/pabo/)").wait_for()
    expect(result).to_contain_text("Er is niets veranderd.", use_inner_text=True)

    path.write_text(json.dumps(backup) + " " * (5 * 1024 * 1024))
    upload.set_input_files(str(path))
    result.filter(has_text="groter dan 5 MB").wait_for()
    expect(page.locator("[data-tick-count]")).to_have_text("0", use_inner_text=True)

    path.write_text(json.dumps(backup))
    upload.set_input_files(str(path))
    result.filter(has_text="1 vinkje toegevoegd").wait_for()
    expect(result).to_contain_text(
        "Overgeslagen: 1 vinkje uit de back-up bij taken die deze site niet (meer) heeft.", use_inner_text=True
    )
    expect(result).to_contain_text("je gekozen rol is niet veranderd", use_inner_text=True)
    page.locator("[data-tick-count]").filter(has_text="1").wait_for()
    open_page(page, site_url)
    expect(page.get_by_label("Schoolopleider (SO)", exact=True)).to_be_checked()
    context.close()


def test_two_tabs_stay_in_step(context, site_url):
    first = context.new_page()
    second = context.new_page()
    open_page(first, site_url + "rollen/wpb/")
    open_page(second, site_url + "rollen/wpb/")
    first.locator("input[type=checkbox]").nth(2).check()
    second.locator("input[type=checkbox]").nth(2).and_(second.locator(":checked")).wait_for(state="attached")
    progress = second.locator("[data-checklist]").first.locator("[data-done]")
    expect(progress).to_have_text("1", use_inner_text=True)
    second.locator("input[type=checkbox]").nth(2).uncheck()
    first.wait_for_function("!document.querySelectorAll('input[type=checkbox]')[2].checked")
