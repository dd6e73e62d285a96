"""The form engine in real Chromium: every default form filled in and read back (online and offline),
autosave that survives closing the page, two tabs on one entry, older form versions, results and radar."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from playwright.sync_api import expect
from werkplek.pipeline import build

from .helpers import (
    CONTENT,
    fill_every_item,
    open_page,
    read_every_item,
    ready,
    saved,
    serve_directory,
    wait_for_worker,
)

FORMS = sorted(p.stem for p in (CONTENT / "forms").glob("*.yml"))


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_every_form_filled_in_and_read_back_after_reload(context, built_site, tmp_path, offline):
    www = tmp_path / "www"
    shutil.copytree(built_site, www / "stage")
    page = context.new_page()
    requests: list[str] = []
    with serve_directory(www) as root:
        base = root + "stage/"
        open_page(page, base)
        if offline:  # changed with issue 17: a form in none of this device's groups is kept once opened
            for form_id in FORMS:
                open_page(page, base + f"formulieren/{form_id}/")
                wait_for_worker(page)
            context.set_offline(True)
        for form_id in FORMS:
            open_page(page, base + f"formulieren/{form_id}/")
            assert re.search(r"\?invulling=[0-9a-f-]{36}$", page.url), page.url
            record = lambda request: requests.append((request.method, request.url, request.post_data))  # noqa: E731
            page.on("request", record)
            expected = fill_every_item(page)
            saved(page)
            page.remove_listener("request", record)
            page.reload()
            ready(page)
            assert read_every_item(page) == expected, form_id
    # Filling in sends nothing: the only requests while typing, clicking and saving are the app's own code
    # that loads with the first rating (the results, from the worker's cache offline), never with data.
    assert all(
        method == "GET"
        and body is None
        and re.fullmatch(re.escape(base) + r"static/js/(lib|ui|pages)/[a-z-]+\.js", url)
        for method, url, body in requests
    ), requests


def test_closing_the_page_100_ms_after_typing_keeps_the_text(context, site_url):
    page = context.new_page()
    open_page(page, site_url + "formulieren/kijkwijzer-pedagogiek/")
    url = page.url
    field = page.get_by_role("textbox", name=re.compile("^Tops"))
    field.click()
    page.keyboard.type("De instructie was helder en kort.", delay=5)
    page.wait_for_timeout(100)
    page.close()
    page = context.new_page()
    open_page(page, url)
    expect(page.get_by_role("textbox", name=re.compile("^Tops"))).to_have_value("De instructie was helder en kort.")


def test_two_tabs_on_one_entry_end_with_the_newest_values(context, site_url):
    first = context.new_page()
    open_page(first, site_url + "formulieren/startgesprek/")
    url = first.url
    second = context.new_page()
    open_page(second, url)
    texts = first.locator("form[data-form] textarea")
    texts.nth(0).fill("Eerste tab")
    saved(first)
    second.wait_for_function("document.querySelectorAll('form[data-form] textarea')[0].value === 'Eerste tab'")
    second.locator("form[data-form] textarea").nth(1).fill("Tweede tab")
    saved(second)
    first.wait_for_function("document.querySelectorAll('form[data-form] textarea')[1].value === 'Tweede tab'")
    texts.nth(0).fill("Eerste tab, later")
    saved(first)
    second.wait_for_function("document.querySelectorAll('form[data-form] textarea')[0].value === 'Eerste tab, later'")
    for page in (first, second):
        page.reload()
        ready(page)
        values = page.locator("form[data-form] textarea").evaluate_all("t => t.slice(0, 2).map(x => x.value)")
        assert values == ["Eerste tab, later", "Tweede tab"]


def test_complete_says_what_is_missing_then_completes(context, site_url):
    page = context.new_page()
    open_page(page, site_url + "formulieren/kijkwijzer-didactiek/")
    page.get_by_role("button", name="Afronden").click()
    missing = page.locator("[data-missing]")
    missing.wait_for()
    expect(missing).to_have_text(re.compile("^" + re.escape("Nog niet ingevuld: Student")), use_inner_text=True)
    assert page.evaluate("document.activeElement.name") == "student"
    # The last gap is a question: the sentence ends with its question mark, not "?.".
    expect(missing).to_have_text(
        re.compile(re.escape(" en Feedforward: waar gaat de student de volgende les mee aan de slag?") + "$"),
        use_inner_text=True,
    )
    expect(missing).not_to_contain_text("?.", use_inner_text=True)
    fill_every_item(page)
    page.get_by_role("button", name="Afronden").click()
    page.locator("[data-entry-state]").filter(has_text="afgerond").wait_for()
    page.reload()
    ready(page)
    expect(page.locator("[data-entry-state]")).to_have_text("afgerond", use_inner_text=True)
    expect(page.get_by_role("button", name="Weer bewerken")).to_be_visible()


def test_an_entry_from_an_older_form_version_keeps_every_answer(context, tmp_path, content_copy):
    www = tmp_path / "www"
    build(content_copy, www / "stage")
    page = context.new_page()
    with serve_directory(www) as root:
        base = root + "stage/"
        open_page(page, base + "formulieren/startgesprek/")
        wait_for_worker(page)
        url = page.url
        form_file = content_copy / "forms" / "startgesprek.yml"
        data = yaml.safe_load(form_file.read_text(encoding="utf-8"))
        removed = data["sections"][0]["items"][0]
        field = page.locator(f"[data-item='{removed['id']}']").locator("input, textarea").first
        field.fill("Antwoord bij een vraag die straks verdwijnt")
        saved(page)
        # The partnership edits the form: the first question goes, a new one comes.
        data["sections"][0]["items"][0] = {"id": "nieuwe-vraag", "kind": "text", "text": "Een nieuwe vraag"}
        form_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        build(content_copy, www / "stage")
        page.reload()
        ready(page)
        page.locator("[data-update]").wait_for(state="visible", timeout=20000)
        with page.expect_navigation():
            page.get_by_role("button", name="vernieuwen").click()
        ready(page)
        assert page.url == url
        expect(page.get_by_label("Een nieuwe vraag")).to_have_value("")
        removed_section = page.locator("[data-removed]")
        expect(removed_section).to_be_visible()
        expect(removed_section).to_contain_text("Antwoord bij een vraag die straks verdwijnt", use_inner_text=True)


def test_results_and_radar_from_known_answers(context, site_url):
    page = context.new_page()
    open_page(page, site_url + "formulieren/zelfscan-werkplekopleider/")
    sections = page.locator(".form-section").filter(has=page.locator("[data-kind='scale']"))
    expected = []
    for s in range(sections.count()):
        items = sections.nth(s).locator("[data-kind='scale']")
        values = [(s + i) % 7 + 1 for i in range(items.count())]
        for i, value in enumerate(values):
            items.nth(i).locator(f"input[value='{value}']").check()
        expected.append(sum(values) / len(values))
    saved(page)
    rows = page.locator("[data-results-table] tbody tr")
    assert len(expected) == 5
    expect(rows).to_have_count(5)
    for s, average in enumerate(expected):
        expect(rows.nth(s).locator("td").first).to_have_text(
            f"{average:.1f}".replace(".", ",") + " van 7", use_inner_text=True
        )
    polygon = page.locator("[data-results] svg .radar-series")
    points = [tuple(map(float, p.split(","))) for p in polygon.get_attribute("points").split()]
    # The first axis points straight up from the centre (160, 160), at radius 90 for the top of the scale.
    assert points[0][0] == pytest.approx(160, abs=0.1)
    assert points[0][1] == pytest.approx(160 - 90 * (expected[0] - 1) / 6, abs=0.1)


def test_radar_lays_three_forms_over_each_other_and_flags_gaps(context, site_url):
    page = context.new_page()
    answers = {"zelfscan-werkplekopleider": 7, "feedback-wpb-van-student": 3, "feedback-wpb-van-so": 5}
    for form_id, value in answers.items():
        open_page(page, site_url + f"formulieren/{form_id}/")
        items = page.locator(".form-section [data-kind='scale']")
        for i in range(items.count()):
            items.nth(i).locator(f"input[value='{value}']").check()
        saved(page)
    open_page(page, site_url + "formulieren/radar/werkplekopleider/")
    rows = page.locator("[data-radar-table] tbody tr")
    expect(rows).to_have_count(5)
    for r in range(5):
        expect(rows.nth(r).locator("td")).to_have_text(
            ["7,0", "3,0", "5,0", "4,0 — groot verschil"], use_inner_text=True
        )
    expect(page.locator("[data-radar-chart] svg .radar-series")).to_have_count(3)


def test_completed_entries_move_the_requirements_on_the_start_page(context, site_url):
    page = context.new_page()
    page.clock.set_fixed_time("2026-01-15T12:00:00+01:00")
    open_page(page, site_url)
    page.get_by_label("Werkplekbegeleider (WPB)", exact=True).check()
    rule = page.locator("[data-requirement='kijkwijzers-p3']")
    # A WPB sees the progress per student; with no entries yet, there is no student.
    expect(rule.locator("[data-req-status]")).to_have_text("— nog geen invullingen op dit apparaat")

    open_page(page, site_url + "formulieren/kijkwijzer-pedagogiek/")
    fill_every_item(page)
    page.get_by_role("button", name="Afronden").click()
    page.locator("[data-entry-state]").filter(has_text="afgerond").wait_for()
    open_page(page, site_url + "formulieren/kijkwijzer-didactiek/")
    fill_every_item(page)  # a draft does not count
    saved(page)

    open_page(page, site_url)
    rule = page.locator("[data-requirement='kijkwijzers-p3']")
    # Both forms are about one student (the same name in the Student field): one line, for her.
    student = rule.locator("[data-req-students] li")
    expect(student).to_have_count(1)
    expect(student).to_have_text(
        re.compile(r"^Antwoord 0: .*: 1 van 3 — Kijkwijzer didactiek en Kijkwijzer vakdidactiek ontbreken nog$")
    )
    total = page.locator("[data-requirement='lesbezoeken-wpb'] [data-req-students] li")
    expect(total).to_have_text(re.compile("1 van 2 — nog 1 te gaan$"))
    open_page(page, site_url + "planning/hr-n2-2025-2026/")
    expect(page.locator("[data-requirement='kijkwijzers-p3']")).to_contain_text("1 van 3", use_inner_text=True)


def test_backup_carries_entries_to_another_device(browser, site_url, tmp_path):
    import json

    source = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = source.new_page()
    open_page(page, site_url + "formulieren/startgesprek/")
    expected = fill_every_item(page)
    saved(page)
    entry_url = page.url.split("/stage/")[1]
    open_page(page, site_url + "mijn-gegevens/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Back-up downloaden").click()
    path = tmp_path / "backup.json"
    download.value.save_as(path)
    backup = json.loads(path.read_text())
    assert backup["format"] == 3 and len(backup["entries"]) == 1
    source.close()

    target = browser.new_context(locale="nl-NL")
    page = target.new_page()
    open_page(page, site_url + "mijn-gegevens/")
    page.get_by_label("Back-up terugzetten").set_input_files(str(path))
    page.locator("[data-import-result]").filter(has_text="Formulieren: 1 nieuw, 0 bijgewerkt").wait_for()
    page.locator("[data-entry-count]").filter(has_text="1").wait_for()
    open_page(page, site_url + entry_url)
    assert read_every_item(page) == expected
    # The same file again changes nothing: the entry on the device is as new.
    open_page(page, site_url + "mijn-gegevens/")
    page.get_by_label("Back-up terugzetten").set_input_files(str(path))
    page.locator("[data-import-result]").filter(
        has_text="Formulieren: 0 nieuw, 0 bijgewerkt, 1 al in een nieuwere versie"
    ).wait_for()
    target.close()


def test_entries_list_newest_first_duplicate_and_delete_with_undo(context, site_url):
    page = context.new_page()
    for form_id, name in [("kijkwijzer-pedagogiek", "Sam"), ("startgesprek", "Noor")]:
        open_page(page, site_url + f"formulieren/{form_id}/")
        page.locator("fieldset.metadata input[type=text]").first.fill(name)
        saved(page)
    open_page(page, site_url + "formulieren/")
    entries = page.locator("[data-entry-list] li")
    entries.nth(1).wait_for()
    expect(entries.locator("[data-link]")).to_have_text(["Startgesprek", "Kijkwijzer pedagogiek"], use_inner_text=True)
    expect(entries.first.locator("[data-about]")).to_have_text("Noor", use_inner_text=True)
    entries.nth(1).get_by_role("button", name="Kopie maken").click()
    page.locator("[data-entry-list] li").nth(2).wait_for()
    expect(page.locator("[data-entry-list] li").first.locator("[data-link]")).to_have_text(
        "Kijkwijzer pedagogiek", use_inner_text=True
    )
    page.locator("[data-entry-list] li").first.get_by_role("button", name="Verwijderen").click()
    page.locator("[data-entries-status]").filter(has_text="Invulling verwijderd").wait_for()
    expect(page.locator("[data-entry-list] li")).to_have_count(2)
    page.get_by_role("button", name="Ongedaan maken").click()
    page.locator("[data-entry-list] li").nth(2).wait_for()


def test_a_full_disk_is_said_and_never_shown_as_saved(browser, site_url):
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(
        "IDBObjectStore.prototype.put = function () { throw new DOMException('vol', 'QuotaExceededError'); };"
    )
    page = context.new_page()
    open_page(page, site_url + "formulieren/startgesprek/")
    page.locator("form[data-form] textarea").first.fill("Dit past niet meer")
    page.locator("[data-notice='quota']").wait_for(state="visible")
    expect(page.locator("[data-save-state]")).to_have_text(
        "Niet opgeslagen: de app probeert het opnieuw", use_inner_text=True
    )
    context.close()


def test_the_first_field_of_every_form_is_on_the_first_screen_of_a_phone(browser, site_url):
    """A mentor on a 390 x 740 phone sees the first field without scrolling; the note for editors ('Vervang
    deze kijkwijzer door die van jullie opleiding') is folded below the form, not above the fields."""
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 390, "height": 740}
    )
    page = context.new_page()
    for form_id in FORMS:
        open_page(page, site_url + f"formulieren/{form_id}/")
        first = page.locator("form[data-form] :is(input, textarea, select):visible").first
        box = first.bounding_box()
        assert box["y"] + box["height"] <= 740, (form_id, box)
        notice = yaml.safe_load((CONTENT / "forms" / f"{form_id}.yml").read_text(encoding="utf-8")).get("notice")
        if notice:
            editors = page.locator("details.for-editors")
            expect(editors.locator("summary")).to_have_text("Voor de opleiding", use_inner_text=True)
            assert not editors.evaluate("d => d.open")
            assert page.evaluate("""() => document.querySelector('form[data-form]')
                .compareDocumentPosition(document.querySelector('details.for-editors'))
                & Node.DOCUMENT_POSITION_FOLLOWING""")
    context.close()


def test_a_reopened_form_offers_its_concepts_first_without_shifting_anything(browser, site_url):
    """Opened without ?invulling=, a form lists this device's concepts of that form above the fields, newest
    first, with who and the lesson date; the lines were reserved before the first paint (CLS 0)."""
    from .test_layout_shift import CLS

    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 390, "height": 740}
    )
    page = context.new_page()
    form_url = site_url + "formulieren/kijkwijzer-didactiek/"
    open_page(page, form_url)
    expect(page.locator("[data-concepts]")).to_be_hidden()  # none yet: nothing shown, nothing reserved
    for name, day in [("Sam de Vries", "2025-10-12"), ("", "2025-11-03"), ("Noor", ""), ("Lotte", "2025-12-01")]:
        open_page(page, form_url)
        if name:
            page.locator("#veld--student").fill(name)
        if day:
            page.locator("#veld--datum").fill(day)
        saved(page)
    open_page(page, site_url + "formulieren/startgesprek/")  # another form's concept is not listed there
    page.locator("#veld--student").fill("Elders")
    saved(page)

    open_page(page, form_url)
    concepts = page.locator("[data-concepts]")
    expect(concepts.get_by_role("heading")).to_have_text("Verder met je concept", use_inner_text=True)
    expect(concepts.locator("li")).to_have_text(
        [
            "Lotte · 1 december 2025",
            "Noor",
            "zonder naam · 3 november 2025",
        ],
        use_inner_text=True,
    )
    expect(concepts.get_by_role("link", name="Alle invullingen")).to_be_visible()  # the fourth is on formulieren/
    assert round(page.evaluate(CLS), 2) == 0
    # Above the fields, and the first field still on the first screen.
    assert concepts.bounding_box()["y"] < page.locator("fieldset.metadata").bounding_box()["y"]
    concepts.get_by_role("link", name="Noor").click()
    ready(page)
    assert "invulling=" in page.url
    expect(page.locator("#veld--student")).to_have_value("Noor")
    expect(page.locator("[data-concepts]")).to_be_hidden()  # an entry is open: no list
    context.close()
