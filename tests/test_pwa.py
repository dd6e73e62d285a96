"""The offline-first PWA: manifest, service worker, offline use, safe updates, storage."""

from __future__ import annotations

import json
import re
import shutil
import struct
from pathlib import Path

import yaml
from playwright.sync_api import expect
from werkplek.pages import user_groups
from werkplek.pipeline import build
from werkplek.precache import built_worker

from .helpers import (
    CONTENT,
    cached_urls,
    group_urls,
    open_page,
    pick_role,
    ready,
    serve_directory,
    wait_for_worker,
    wait_until_stored,
)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


NOT_OFFLINE = "Deze pagina is niet offline beschikbaar"


def page_urls(site: Path) -> list[str]:
    """Every built page as the URL a browser asks for: 'rollen/wpb/'."""
    return sorted(str(p.parent.relative_to(site)) + "/" if p.parent != site else "" for p in site.rglob("index.html"))


def heading(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    text = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    text = re.sub(r"<span[^>]*\bhidden\b[^>]*>.*?</span>", "", text)  # the variant shown only on request
    return re.sub(r"<[^>]+>", "", text).replace("&amp;", "&").strip()


# -- manifest ------------------------------------------------------------------------------


def test_manifest_fields_and_icons(built_site):
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Werkplek"
    assert manifest["short_name"] == "Werkplek"
    assert manifest["lang"] == "nl"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "./" and manifest["scope"] == "./"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    purposes = {}
    for icon in manifest["icons"]:
        assert not icon["src"].startswith("/")
        width, height = png_size(built_site / icon["src"])
        assert icon["sizes"] == f"{width}x{height}"
        assert icon["type"] == "image/png"
        purposes.setdefault(icon["purpose"], set()).add(icon["sizes"])
    assert {"192x192", "512x512"} <= purposes["any"]
    assert "512x512" in purposes["maskable"]
    assert png_size(built_site / "static/icons/apple-touch-icon.png") == (180, 180)


def test_every_page_links_manifest_and_ios_tags(built_site):
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        depth = len(page.relative_to(built_site).parts) - 1
        up = "../" * depth
        assert f'<link rel="manifest" href="{up}manifest.webmanifest">' in html, page
        assert f'<link rel="apple-touch-icon" href="{up}static/icons/apple-touch-icon.png">' in html
        assert '<meta name="apple-mobile-web-app-capable" content="yes">' in html


def test_chromium_finds_the_app_installable(browser, tmp_path, site_url):
    """Chromium's own installability check (not possible in an incognito profile: use a real one)."""
    from .helpers import CHROMIUM, CHROMIUM_ARGS

    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profiel"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    page = context.new_page()
    open_page(page, site_url)
    wait_for_worker(page)
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == site_url + "manifest.webmanifest"
    assert not manifest["errors"]
    context.close()


# -- service worker as built -----------------------------------------------------------------


def worker_build(site: Path) -> dict:
    return built_worker(site)


def test_worker_precaches_every_file_with_its_hash(built_site):
    import hashlib

    build = worker_build(built_site)
    listed = dict(build["files"])
    # sw.js names its list (sw-files.json) by hash; the list names every other file, and the packs in
    # packs/ that hold them (test_offline_groups checks what each holds).
    files = [
        p for p in built_site.rglob("*") if p.is_file() and p.name not in ("sw.js", "sw-files.json", ".werkplek-build")
    ]
    packs = {p.relative_to(built_site).as_posix() for p in files if p.parent.name == "packs"}
    assert packs == {path for path, _ in build["packs"].values()}
    for pack in packs:
        assert pack == f"packs/{hashlib.sha256((built_site / pack).read_bytes()).hexdigest()[:12]}.bin"
    files = [p for p in files if p.parent.name != "packs"]
    assert len(listed) == len(files)
    for path in files:
        rel = path.relative_to(built_site).as_posix()
        url = "./" if rel == "index.html" else rel.removesuffix("index.html")
        assert listed[url] == hashlib.sha256(path.read_bytes()).hexdigest()[:12], rel
    assert "offline/" in listed


def test_worker_changes_exactly_when_the_site_changes(tmp_path, content_copy):
    build(content_copy, tmp_path / "a")
    build(content_copy, tmp_path / "b")
    assert (tmp_path / "a" / "sw.js").read_bytes() == (tmp_path / "b" / "sw.js").read_bytes()
    domain = content_copy / "domains" / "ict.yml"
    domain.write_text(domain.read_text().replace("name: ", "name: Digitaal en ", 1))
    build(content_copy, tmp_path / "c")
    assert worker_build(tmp_path / "c")["version"] != worker_build(tmp_path / "a")["version"]


# -- offline ---------------------------------------------------------------------------------


def test_every_page_of_the_users_groups_works_offline_after_one_visit(context, built_site, tmp_path):
    """Changed with issue 17: a device keeps its user's pages (core, her programme, her role), not every page."""
    www = tmp_path / "www"
    shutil.copytree(built_site, www / "stage")
    page = context.new_page()
    with serve_directory(www) as root:
        base = root + "stage/"
        open_page(page, base)
        wait_for_worker(page)
        programme, role = pick_role(page, "Werkplekbegeleider (WPB)")
    # The server is gone and the browser is offline: only the service worker can answer.
    context.set_offline(True)
    urls = page_urls(built_site)
    assert len(urls) == 69  # every page of the default content (tests/test_build.py counts them by kind)
    kept = group_urls(built_site, user_groups(programme, role))
    assert kept <= cached_urls(page)
    mine = [url for url in urls if url in kept]
    assert "rollen/wpb/" in mine and "rollen/so/" not in mine and len(mine) < len(urls)
    for url in mine:
        page.goto(base + url)
        ready(page)
        if page.url != base + url:  # planning/ forwards to her programme's planning, which is in `mine` too
            expect(page.locator("h1"), url).not_to_have_text(NOT_OFFLINE, use_inner_text=True)
            continue
        expect(page.locator("h1"), url).to_have_text(heading(built_site, url), use_inner_text=True)
        page.reload()
        expect(page.locator("h1"), url).to_have_text(heading(built_site, url), use_inner_text=True)
        ready(page)
    expect(page.locator("[data-offline-badge]")).to_be_visible()
    # Another role's page was never opened here: the offline page says so.
    page.goto(base + "rollen/so/")
    expect(page.locator("h1")).to_have_text("Deze pagina is niet offline beschikbaar", use_inner_text=True)

    # Links without the trailing slash and unknown pages still get an answer.
    page.goto(base + "rollen/wpb")
    expect(page.locator("h1")).to_have_text("Werkplekbegeleider (WPB)", use_inner_text=True)
    page.goto(base + "bestaat/niet/")
    expect(page.locator("h1")).to_have_text("Deze pagina is niet offline beschikbaar", use_inner_text=True)

    # Ticking works offline and survives a reload.
    open_page(page, base + "rollen/wpb/")
    page.locator("input[type=checkbox]").first.check()
    wait_until_stored(page, 1)
    page.reload()
    ready(page)
    expect(page.locator("input[type=checkbox]").first).to_be_checked()


# -- updates ---------------------------------------------------------------------------------


def test_update_prompt_then_new_content_and_ticks_kept(context, tmp_path, content_copy):
    www = tmp_path / "www"
    build(content_copy, www / "stage")
    page = context.new_page()
    with serve_directory(www) as root:
        base = root + "stage/"
        open_page(page, base + "rollen/wpb/")
        wait_for_worker(page)
        page.locator("input[type=checkbox]").nth(1).check()
        wait_until_stored(page, 1)
        first_text = page.locator(".checklist label").first.inner_text()

        role = content_copy / "roles" / "wpb.yml"
        data = yaml.safe_load(role.read_text(encoding="utf-8"))
        first = next(task for task in data["tasks"] if task["text"] == first_text)  # lists go per source document
        first["text"] = "Bijgewerkt: " + first["text"]
        role.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        build(content_copy, www / "stage")

        page.reload()  # a navigation is an update check
        ready(page)
        notice = page.locator("[data-update]")
        notice.wait_for(state="visible", timeout=20000)
        expect(notice).to_have_text("Nieuwe versie beschikbaar — vernieuwen", use_inner_text=True)
        # Until the user taps, the old version stays in charge: no mix of old and new.
        expect(page.locator(".checklist label").first).to_have_text(first_text, use_inner_text=True)

        with page.expect_navigation():
            page.get_by_role("button", name="vernieuwen").click()
        ready(page)
        expect(page.locator(".checklist label").first).to_have_text("Bijgewerkt: " + first_text, use_inner_text=True)
        expect(page.locator("input[type=checkbox]").nth(1)).to_be_checked()
        expect(page.locator("[data-update]")).to_be_hidden()
        caches = page.evaluate("caches.keys()")
        version = worker_build(www / "stage")["version"]
        assert caches == [f"werkplek:/stage/:{version}"]


def test_two_sites_on_one_origin_keep_apart(context, tmp_path, content_copy):
    www = tmp_path / "www"
    build(CONTENT, www / "stage")
    site = content_copy / "site.yml"
    site.write_text(site.read_text().replace("title: Werkplek", "title: Pabo Werkplek"))
    build(content_copy, www / "pabo")
    page = context.new_page()
    with serve_directory(www) as root:
        open_page(page, root + "stage/rollen/student/")
        wait_for_worker(page)
        page.locator("input[type=checkbox]").nth(0).check()
        wait_until_stored(page, 1)

        open_page(page, root + "pabo/rollen/student/")
        wait_for_worker(page)
        expect(page.locator("input:checked")).to_have_count(0)
        page.locator("input[type=checkbox]").nth(3).check()
        wait_until_stored(page, 1)

        open_page(page, root + "stage/rollen/student/")
        checked = page.locator("input[type=checkbox]").evaluate_all("boxes => boxes.map(b => b.checked)")
        assert checked[0] and not checked[3]
        names = sorted(page.evaluate("caches.keys()"))
        assert [n.rsplit(":", 1)[0] for n in names] == ["werkplek:/pabo/", "werkplek:/stage/"]
        databases = sorted(d["name"] for d in page.evaluate("indexedDB.databases()"))
        assert databases == ["werkplek:/pabo/", "werkplek:/stage/"]


# -- storage ---------------------------------------------------------------------------------


def test_my_data_page_shows_storage_state(context, site_url):
    page = context.new_page()
    open_page(page, site_url + "rollen/io/")
    page.locator("input[type=checkbox]").nth(0).check()
    page.locator("input[type=checkbox]").nth(1).check()
    wait_until_stored(page, 2)
    open_page(page, site_url + "mijn-gegevens/")
    info = page.locator("[data-storage-info]")
    expect(info.locator("[data-tick-count]")).to_have_text("2", use_inner_text=True)
    persisted = info.locator("[data-persisted]:visible")
    expect(persisted).to_have_count(1)
    expect(persisted).to_have_text(re.compile(r"^(?:Ja|Nee)(?::|$)"), use_inner_text=True)
    expect(info.locator("[data-usage]")).to_have_text(re.compile(r"^[\d,.]+ (byte|kB|MB|GB)$"), use_inner_text=True)
    expect(info.locator("[data-ios-advice]")).to_be_hidden()


def test_ios_safari_gets_the_install_and_backup_advice(browser, site_url):
    context = browser.new_context(
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
        locale="nl-NL",
    )
    page = context.new_page()
    open_page(page, site_url + "mijn-gegevens/")
    advice = page.locator("[data-ios-advice]")
    expect(advice).to_be_visible()
    expect(advice).to_contain_text("7 dagen", use_inner_text=True)
    expect(advice).to_contain_text("beginscherm", use_inner_text=True)
    context.close()


def test_no_storage_at_all_gives_a_warning(browser, site_url):
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(
        "IDBFactory.prototype.open = function () { throw new DOMException('geen', 'SecurityError'); };"
    )
    page = context.new_page()
    open_page(page, site_url + "rollen/wpb/")
    expect(page.locator("[data-notice='storage']")).to_be_visible()
    context.close()


def test_full_storage_warns_and_does_not_pretend(browser, site_url):
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(
        "IDBObjectStore.prototype.put = function () { throw new DOMException('vol', 'QuotaExceededError'); };"
    )
    page = context.new_page()
    open_page(page, site_url + "rollen/wpb/")
    box = page.locator("input[type=checkbox]").first
    box.click()
    page.locator("[data-notice='quota']").wait_for(state="visible")
    expect(box).not_to_be_checked()
    expect(page.locator(".progress-line").first).to_have_text(re.compile("^0 van"), use_inner_text=True)
    context.close()


def test_backup_export_and_import(browser, site_url, tmp_path):
    source = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = source.new_page()
    open_page(page, site_url)
    page.get_by_label("Schoolopleider (SO)", exact=True).check()
    open_page(page, site_url + "rollen/so/")
    for i in range(3):
        page.locator("input[type=checkbox]").nth(i).check()
    wait_until_stored(page, 3, role="so")
    open_page(page, site_url + "mijn-gegevens/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Back-up downloaden").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    backup = json.loads(path.read_text())
    assert backup["app"] == "werkplek" and backup["format"] == 3
    assert len(backup["ticks"]) == 3 and backup["prefs"]["role"] == "so"
    source.close()

    target = browser.new_context(locale="nl-NL")
    page = target.new_page()
    open_page(page, site_url + "rollen/so/")
    page.locator("input[type=checkbox]").nth(5).check()
    wait_until_stored(page, 1)
    open_page(page, site_url + "mijn-gegevens/")
    upload = page.get_by_label("Back-up terugzetten")

    broken = tmp_path / "kapot.json"
    for text, message in [
        ("{niet json", "geen geldige JSON"),
        (json.dumps({"app": "iets anders"}), "is geen back-up van Werkplek"),
        (json.dumps({**backup, "format": 99}), "nieuwere versie"),
        (json.dumps({**backup, "ticks": {**backup["ticks"], "rol:so:x": {"done": "ja"}}}), "ticks.rol:so:x"),
    ]:
        broken.write_text(text)
        upload.set_input_files(str(broken))
        result = page.locator("[data-import-result]")
        result.filter(has_text=message).wait_for()
        expect(result).to_contain_text("Er is niets veranderd.", use_inner_text=True)
        expect(page.locator("[data-tick-count]")).to_have_text("1", use_inner_text=True)

    upload.set_input_files(str(path))
    page.locator("[data-import-result]").filter(
        has_text="Back-up teruggezet: 3 vinkjes toegevoegd; 0 stonden er al"
    ).wait_for()
    page.locator("[data-tick-count]").filter(has_text="4").wait_for()
    open_page(page, site_url + "rollen/so/")
    checked = page.locator("input[type=checkbox]").evaluate_all("boxes => boxes.map(b => b.checked)")
    assert checked[:6] == [True, True, True, False, False, True]
    target.close()
