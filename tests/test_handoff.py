"""Entries leave the browser only as files the user asks for: one entry, a CSV per form, a printed A4
document; and a shared device is wiped clean, for this site only."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

from pypdf import PdfReader
from werkplek.pipeline import build

from .helpers import fill_every_item, open_page, saved, serve_directory, wait_for_worker, wait_until_stored


def test_csv_per_form_opens_in_dutch_excel(context, site_url, tmp_path):
    page = context.new_page()
    names = ["Sam; de \"Vries\"", "Noor"]
    for name in names:
        open_page(page, site_url + "formulieren/kijkwijzer-vakdidactiek/")
        fill_every_item(page)
        page.get_by_role("textbox", name="Student (verplicht)").fill(name)
        saved(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Alle invullingen van dit formulier (CSV)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("kijkwijzer-vakdidactiek-") and path.suffix == ".csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, *entries = rows
    items = page.locator("form[data-form] [data-item]").count()
    assert len(header) == 5 + items
    assert header[:6] == ["Invulling", "Status", "Aangemaakt", "Bijgewerkt", "Afgerond", "Student"]
    assert [row[5] for row in entries] == names
    assert all(len(row) == len(header) for row in entries)
    tops = header.index(next(h for h in header if h.startswith("Tops")))
    assert entries[1][tops].startswith("Antwoord ")


def test_one_entry_downloads_and_restores_elsewhere(browser, site_url, tmp_path):
    source = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = source.new_page()
    open_page(page, site_url + "formulieren/adviesformulier-wpb/")
    fill_every_item(page)
    saved(page)
    url = page.url.split("/stage/")[1]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download deze invulling").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    data = json.loads(path.read_text())
    assert data["format"] == 3 and len(data["entries"]) == 1 and data["ticks"] == {}
    source.close()
    target = browser.new_context(locale="nl-NL")
    page = target.new_page()
    open_page(page, site_url + "mijn-gegevens/")
    page.get_by_label("Back-up terugzetten").set_input_files(str(path))
    page.locator("[data-import-result]").filter(has_text="Formulieren: 1 nieuw").wait_for()
    open_page(page, site_url + url)
    assert page.locator("[data-save-state]").inner_text().startswith("Opgeslagen")
    target.close()


def pdf_of(page) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=False)))


def test_print_an_entry_and_a_blank_form_on_a4(context, site_url):
    page = context.new_page()
    open_page(page, site_url + "formulieren/kijkwijzer-pedagogiek/")
    blank = pdf_of(page)
    texts = page.locator(
        "form[data-form] [data-item] legend, form[data-form] [data-item] .question, "
        "form[data-form] [data-item] .check label"
    ).all_inner_texts()
    fill_every_item(page)
    page.get_by_role("textbox", name=re.compile("^Tops")).fill("Heldere uitleg. " * 40)
    saved(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    filled = pdf_of(page)
    assert requests == []  # printing is done in the browser: nothing is fetched or sent
    for pdf in (blank, filled):
        box = pdf.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
        text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
        for question in texts:
            words = " ".join(question.replace("(verplicht)", "").split())
            assert words[:40] in text, words
        assert "Afronden" not in text and "Hoofdmenu" not in text and "Planning" not in text
    filled_text = " ".join(" ".join(p.extract_text().split()) for p in filled.pages)
    assert filled_text.count("Heldere uitleg.") == 40  # a long answer is printed whole, not cut off
    assert len(filled.pages) >= len(blank.pages)


def test_wipe_removes_this_site_only(context, tmp_path, content_copy, built_site):
    www = tmp_path / "www"
    shutil.copytree(built_site, www / "stage")  # the default content as built
    site = content_copy / "site.yml"
    site.write_text(site.read_text().replace("title: Werkplek", "title: Pabo Werkplek"))
    build(content_copy, www / "pabo")
    page = context.new_page()
    with serve_directory(www) as root:
        for scope in ("stage", "pabo"):
            open_page(page, root + f"{scope}/formulieren/startgesprek/")
            wait_for_worker(page)
            page.locator("fieldset.metadata input[type=text]").first.fill(f"Invulling op {scope}")
            saved(page)
            open_page(page, root + f"{scope}/")
            page.get_by_label("Student", exact=True).check()
            page.wait_for_function(f"localStorage.getItem('werkplek:/{scope}/:prefs') !== null")
        open_page(page, root + "stage/mijn-gegevens/")
        page.locator("[data-entry-count]").filter(has_text="1").wait_for()
        page.get_by_role("button", name="Wis alles op dit apparaat").click()
        dialog = page.locator("[data-wipe-dialog]")
        assert dialog.is_visible() and dialog.get_by_role("button", name="Download eerst een back-up").is_visible()
        with page.expect_navigation():
            dialog.get_by_role("button", name="Ja, wis alles").click()
        page.wait_for_selector("html[data-ready]", state="attached")
        assert page.locator("[data-entry-count]").inner_text() == "0"
        state = page.evaluate("""async () => ({
            databases: (await indexedDB.databases()).map(d => d.name).sort(),
            caches: (await caches.keys()).map(n => n.split(':').slice(0, 2).join(':')).sort(),
            mirror: Object.keys(localStorage).sort(),
        })""")
        assert "werkplek:/pabo/:prefs" in state["mirror"] and "werkplek:/stage/:prefs" not in state["mirror"]
        assert "werkplek:/pabo/:concepts" in state["mirror"] and "werkplek:/stage/:concepts" not in state["mirror"]
        assert "werkplek:/pabo/" in state["databases"]
        assert "werkplek:/pabo/" in state["caches"]
        open_page(page, root + "pabo/formulieren/")
        assert page.locator("[data-entry-list] li").count() == 1
        open_page(page, root + "stage/formulieren/")
        assert page.locator("[data-entry-list] li").count() == 0


def test_export_wipe_import_gives_back_exactly_what_there_was(browser, site_url, tmp_path):
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    open_page(page, site_url)
    page.get_by_label("Werkplekbegeleider (WPB)", exact=True).check()
    open_page(page, site_url + "rollen/wpb/")
    page.locator("input[type=checkbox]").nth(1).check()
    wait_until_stored(page, 1, role="wpb")
    for form_id in ("kijkwijzer-didactiek", "zelfscan-werkplekopleider"):
        open_page(page, site_url + f"formulieren/{form_id}/")
        fill_every_item(page)
        saved(page)
    dump = """async () => {
        const s = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage-backup.js', document.baseURI).href);
        const data = await s.exportData();
        data.entries.sort((a, b) => a.id.localeCompare(b.id));
        return data;
    }"""
    open_page(page, site_url + "mijn-gegevens/")
    before = page.evaluate(dump)
    assert len(before["entries"]) == 2 and len(before["ticks"]) == 1 and before["prefs"]["role"] == "wpb"
    page.on("request", lambda r: requests.append(r.url))
    with page.expect_download() as download:
        page.get_by_role("button", name="Back-up downloaden").click()
    path = tmp_path / "alles.json"
    download.value.save_as(path)
    page.get_by_role("button", name="Wis alles op dit apparaat").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, wis alles").click()
    page.wait_for_selector("html[data-ready]", state="attached")
    assert page.evaluate(dump) == {"ticks": {}, "prefs": {}, "entries": [], "visits": [], "profile": None}
    requests.clear()
    page.get_by_label("Back-up terugzetten").set_input_files(str(path))
    page.locator("[data-import-result]").filter(has_text="Formulieren: 2 nieuw").wait_for()
    assert page.evaluate(dump) == before
    # Export and import never sent anything: the only request is for the app's own answer rules (the wipe
    # took the offline copy too), a plain GET with no query, fragment or body.
    assert all(re.fullmatch(re.escape(site_url) + r"formulieren/[a-z0-9-]+/vragen\.json", url) for url in requests), (
        requests
    )
    context.close()
