"""The groeidossier (groeidossier/, issue 16): what the build emits for it (the page, its periods and forms, the
links to it, "Schrijf je reflectie" on the forms a reflection answers); and in Chromium a student's records put in
through the app's own storage module shown per period, a reflection written beside a received kijkwijzer and filed
under the same visit, the printout as a PDF with every answer as text and no form controls, and the copy (a backup
file) read back on a second device through Mijn gegevens, where the same dossier appears."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from werkplek.pipeline import load

from .helpers import CONTENT, ROOT, open_page, ready

STUDENT, OBSERVER, ADVISER = "Anna de Vries", "Piet Jansen", "Sanne Bakker"
KIJKWIJZER, ADVICE, REPORT, REFLECTION = (
    "kijkwijzer-pedagogiek",
    "adviesformulier-wpb",
    "driehoeksgesprek",
    "reflectie-lesbezoek",
)
PROGRAMME = "hr-n2-2025-2026"
STUDENT_ID, OBSERVER_ID, ADVISER_ID = (f"0b6a2c1e-9f3d-4c1a-8e2b-{n:012d}" for n in (1, 2, 3))
VISIT_ID = "0b6a2c1e-9f3d-4c1a-8e2b-000000000010"
NOW = "2026-03-20T10:00:00+01:00"


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


def dossier_json(site: Path) -> dict:
    html = (site / "groeidossier" / "index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="dossier-gegevens">(.*?)</script>', html, re.S)[1])


def questions(site: Path, form: str) -> dict:
    return json.loads((site / "formulieren" / form / "vragen.json").read_text(encoding="utf-8"))


# -- what the build emits ---------------------------------------------------------------------------


def test_the_page_carries_the_periods_and_forms_and_is_linked(built_site, content):
    info = dossier_json(built_site)
    programme = content.programmes[PROGRAMME]
    assert [p["id"] for p in info["programmes"][PROGRAMME]["periods"]] == [p.id for p in programme.periods]
    first = info["programmes"][PROGRAMME]["periods"][0]
    assert first["start"] == programme.periods[0].start_date.isoformat()
    assert first["deadline"] == programme.periods[0].deadline.isoformat()
    assert info["forms"][KIJKWIJZER]["about_role"] == "student"
    assert info["forms"][KIJKWIJZER]["fills"]["date"] == "datum"
    assert info["forms"][REPORT]["filled_by"] == ["student"]
    assert info["for_roles"] == sorted({f.about for f in content.forms.values() if f.about})
    html = (built_site / "groeidossier" / "index.html").read_text(encoding="utf-8")
    for period in programme.periods:
        assert f'data-dossier-period="{period.id}"' in html
    assert 'data-requirement="kijkwijzers-p3"' in html
    for page in ("index.html", "formulieren/index.html"):
        text = (built_site / page).read_text(encoding="utf-8")
        assert 'href="groeidossier/"' in text or 'href="../groeidossier/"' in text, page


def test_a_received_kijkwijzer_offers_the_reflection_but_the_reflection_does_not(built_site, partnership_site):
    kijkwijzer = (built_site / "formulieren" / KIJKWIJZER / "index.html").read_text(encoding="utf-8")
    assert f'data-reflection="{PROGRAMME}"' in kijkwijzer
    assert f'href="../{REFLECTION}/" data-reflection-link>Schrijf je reflectie</a>' in kijkwijzer
    own = (built_site / "formulieren" / REFLECTION / "index.html").read_text(encoding="utf-8")
    assert "data-reflection=" not in own
    # A partnership without forms (tests/fixtures/partnership) has no dossier, and no link to one.
    assert not (partnership_site / "groeidossier").exists()
    assert "groeidossier/" not in (partnership_site / "index.html").read_text(encoding="utf-8")


# -- in the browser ------------------------------------------------------------------------------------


def kijkwijzer_entry(site: Path) -> tuple[dict, list[str]]:
    """A completed kijkwijzer by the WPB for the visit: every rating 3, each text its own sentence. Returns the
    entry and the answer texts the dossier must show."""
    form = questions(site, KIJKWIJZER)
    answers, expected = {}, []
    for section in form["sections"]:
        for i, item in enumerate(section["items"]):
            if item["kind"] == "scale":
                answers[item["id"]] = "3"
                expected.append(f"3 van {item['points']}: {item['labels'][2]}")
            elif item["kind"] == "text":
                answers[item["id"]] = f"Observatie {section['id']} {i}: de leerlingen werkten geconcentreerd."
                expected.append(answers[item["id"]])
    meta = {
        "student": STUDENT,
        "datum": "2026-03-12",
        "observator": f"{OBSERVER}, werkplekbegeleider",
        "school": "De Regenboog",
    }
    entry = {
        "id": "0b6a2c1e-9f3d-4c1a-8e2b-000000000020",
        "form": KIJKWIJZER,
        "version": "v",
        "created": "2026-03-12T09:00:00.000Z",
        "updated": "2026-03-12T15:00:00.000Z",
        "state": "afgerond",
        "completed": "2026-03-12T15:00:00.000Z",
        "meta": meta,
        "answers": answers,
        "about": {"id": STUDENT_ID, "name": STUDENT},
        "author": {"id": OBSERVER_ID, "name": OBSERVER, "role": "wpb"},
        "visit": VISIT_ID,
    }
    return entry, [*set(expected), "De Regenboog"]


def advice_entry() -> dict:
    """The WPB's advice in period 1, with no lesson date: it falls in the period it was completed in."""
    return {
        "id": "0b6a2c1e-9f3d-4c1a-8e2b-000000000021",
        "form": ADVICE,
        "version": "v",
        "created": "2025-10-20T09:00:00.000Z",
        "updated": "2025-10-20T10:00:00.000Z",
        "state": "afgerond",
        "completed": "2025-10-20T10:00:00.000Z",
        "meta": {"student": STUDENT, "werkplekbegeleider": ADVISER, "semester": "semester 1"},
        "answers": {"voorbereiding": "2", "voorbereiding-toelichting": "Bereidt haar lessen nog te kort voor."},
        "about": {"id": STUDENT_ID, "name": STUDENT},
        "author": {"id": ADVISER_ID, "name": ADVISER, "role": "wpb"},
    }


def report_entry() -> dict:
    return {
        "id": "0b6a2c1e-9f3d-4c1a-8e2b-000000000022",
        "form": REPORT,
        "version": "v",
        "created": "2026-03-13T09:00:00.000Z",
        "updated": "2026-03-13T10:00:00.000Z",
        "state": "concept",
        "completed": None,
        "meta": {"student": STUDENT, "datum": "2026-03-13", "deelnemers": f"{OBSERVER} (werkplekbegeleider)"},
        "answers": {"afspraken": "Volgende les plan ik drie open vragen vooraf."},
        "about": {"id": STUDENT_ID, "name": STUDENT},
        "author": {"id": STUDENT_ID, "name": STUDENT, "role": "student"},
        "visit": VISIT_ID,
    }


VISIT = {
    "id": VISIT_ID,
    "created": "2026-03-01T09:00:00.000Z",
    "updated": "2026-03-01T09:00:00.000Z",
    "programme": PROGRAMME,
    "student": {"id": STUDENT_ID, "name": STUDENT},
    "key": "B" * 87,
    "date": "2026-03-12",
    "time": "09:15",
    "school": "De Regenboog",
    "class": "groep 5",
    "subject": "rekenen",
    "focus": "Stel ik open vragen?",
    "observers": [{"role": "wpb", "name": ""}],
    "forms": [KIJKWIJZER],
    "meeting": True,
    "answers": ["0b6a2c1e-9f3d-4c1a-8e2b-000000000020"],
    "reports": [],
    "own": True,
    "invited": None,
}

PUT_RECORDS = """async ([profile, visit, received, own]) => {
    const storage = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href);
    const visits = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage-visits.js', document.baseURI).href);
    await storage.saveProfile(profile);
    await visits.updateVisit(visit.id, () => visit);
    for (const entry of received) await visits.receiveEntry(entry);
    await storage.putEntries(own);
}"""


def new_context(browser):
    ctx = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", accept_downloads=True)
    page = ctx.new_page()
    page.clock.set_fixed_time(NOW)
    return ctx, page


def period(page, period_id: str):
    return page.locator(f"[data-dossier-programme='{PROGRAMME}'] [data-dossier-period='{period_id}']")


def pdf_text(page) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split()), reader


def test_her_dossier_per_period_printed_and_carried_to_another_device(browser, site_url, built_site, tmp_path):
    errors: list[str] = []
    contexts = []
    try:
        ctx, page = new_context(browser)
        contexts.append(ctx)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        open_page(page, site_url + "groeidossier/")
        expect(page.locator("[data-profile-missing]")).to_be_visible()
        kijkwijzer, answer_texts = kijkwijzer_entry(built_site)
        profile = {"name": STUDENT, "role": "student", "roleName": "Student", "programme": PROGRAMME}
        page.evaluate(PUT_RECORDS, [profile, VISIT, [kijkwijzer, advice_entry()], [report_entry()]])
        open_page(page, site_url + "groeidossier/")
        expect(page.locator("[data-profile-missing]")).to_be_hidden()
        expect(page.locator("h1")).to_have_text(f"Groeidossier van {STUDENT}")

        # Period 1: the advice (completed then); period 2: nothing; period 3: the visit, the kijkwijzer, the report.
        p1, p2, p3 = period(page, "p1"), period(page, "p2"), period(page, "p3")
        expect(p1.locator("[data-dossier-entry]")).to_have_count(1)
        expect(p1).to_contain_text(f"{ADVISER} (werkplekbegeleider)")
        expect(p2).to_contain_text("Nog niets in deze periode.")
        expect(p3.locator("[data-dossier-visit]")).to_contain_text("Lesbezoek do 12 maart 2026, 09:15")
        expect(p3.locator("[data-dossier-visit]")).to_contain_text(f"ontvangen van {OBSERVER} (werkplekbegeleider)")
        received = p3.locator(f"[data-dossier-entry='{kijkwijzer['id']}']")
        expect(received).to_contain_text(f"Ingevuld door{OBSERVER} (werkplekbegeleider)")
        expect(received).to_contain_text("Datum van de lesdo 12 maart 2026")
        expect(received).to_contain_text("Ontvangen20 maart 2026")
        report = p3.locator(f"[data-dossier-entry='{report_entry()['id']}']")
        expect(report).to_contain_text(f"{STUDENT} (student)")
        expect(report).to_contain_text("nog niet afgerond (concept)")
        # The answers are folded on screen; a tap shows them.
        expect(received.locator(".dossier-answers")).to_be_hidden()
        received.get_by_role("button", name="Toon de antwoorden").click()
        expect(received.locator(".dossier-answers")).to_contain_text(answer_texts[0])
        rule = page.locator(f"[data-dossier-programme='{PROGRAMME}'] [data-requirement='kijkwijzers-p3']")
        expect(rule.locator("[data-done]")).to_have_text("1")
        # Four new records and never a copy: the page says so and offers one.
        expect(page.locator("[data-copy-last]")).to_have_text("nog nooit")
        expect(page.locator("[data-copy-offer]")).to_contain_text("Er staan 4 stukken in je groeidossier")

        # Beside the received kijkwijzer: her reflection, filed under the same visit, dated from it.
        received.get_by_role("link", name="Kijkwijzer pedagogiek").click()
        ready(page)
        page.get_by_role("link", name="Schrijf je reflectie").click()
        ready(page)
        expect(page).to_have_url(re.compile(rf"formulieren/{REFLECTION}/\?.*lesbezoek={VISIT_ID}"))
        expect(page.locator("input[name='datum']")).to_have_value("2026-03-12")
        expect(page.locator("[data-visit-note]")).to_contain_text(STUDENT)
        page.locator("textarea[name='goed']").fill("Mijn open vragen werkten: de klas dacht mee.")
        page.locator("textarea[name='beter']").fill("Ik wacht nog te kort na een vraag.")
        page.locator("textarea[name='volgende-les']").fill("Ik tel tot vijf na elke vraag.")
        page.get_by_role("button", name="Afronden").click()
        expect(page.locator("[data-entry-state]")).to_have_text("afgerond")
        open_page(page, site_url + "groeidossier/")
        reflection = period(page, "p3").locator("[data-dossier-entry]").filter(has_text="Reflectie op het lesbezoek")
        expect(reflection).to_contain_text("Bij het lesbezoek vando 12 maart 2026, 09:15")
        expect(page.locator("[data-copy-offer]")).to_contain_text("Er staan 5 stukken")

        # On a 320 px phone, with every answer unfolded, nothing is wider than the screen.
        page.set_viewport_size({"width": 320, "height": 700})
        folded = page.get_by_role("button", name="Toon de antwoorden")
        for _ in range(folded.count()):
            folded.first.click()
        expect(folded).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.set_viewport_size({"width": 1280, "height": 720})
        # axe-core finds nothing on the filled dossier either (test_accessibility.py checks it empty).
        page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        found = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        assert not found["violations"], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found["violations"]]

        # The printout: "Afdrukken" prints, and print media shows every answer as text, no controls.
        page.evaluate("() => { window.print = () => { window.printed = true; }; }")
        page.get_by_role("button", name="Afdrukken of opslaan als pdf").click()
        page.wait_for_function("window.printed === true")
        text, reader = pdf_text(page)
        for expected in [
            *answer_texts,
            "Bereidt haar lessen nog te kort voor.",
            "2 van 4: aandacht nodig",
            "Volgende les plan ik drie open vragen vooraf.",
            "Ik tel tot vijf na elke vraag.",
        ]:
            assert expected in text, expected
        for expected in (
            f"Groeidossier van {STUDENT}",
            f"{OBSERVER} (werkplekbegeleider)",
            f"{ADVISER} (werkplekbegeleider)",
            "Datum van de les do 12 maart 2026",
            "Afgerond 12 maart 2026",
            "Ontvangen 20 maart 2026",
            "Afgerond 20 oktober 2025",
            "Gezien, datum en handtekening",
            "Periode 3",
        ):
            assert expected in text, expected
        assert text.count("Gezien, datum en handtekening") == 4  # one line to sign under each entry
        for absent in (
            "(verplicht)",
            "Toon de antwoorden",
            "Afdrukken of opslaan",
            "Download het dossier",
            "Afronden",
            "Mijn gegevens",
            "○",
            "●",
            "☐",
            "☑",
            "◯",
        ):
            assert absent not in text, absent
        assert not reader.get_fields()

        # The copy for the portfolio: a backup file with her visits and entries; the page remembers it.
        with page.expect_download() as caught:
            page.get_by_role("button", name="Download het dossier als bestand").click()
        download = caught.value
        assert re.fullmatch(r"groeidossier-anna-de-vries-2026-03-20\.json", download.suggested_filename)
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        copy = json.loads(path.read_text(encoding="utf-8"))
        assert copy["app"] == "werkplek" and copy["format"] == 3
        assert [v["id"] for v in copy["visits"]] == [VISIT_ID]
        assert len(copy["entries"]) == 4 and copy["profile"]["name"] == STUDENT
        expect(page.locator("[data-copy-last]")).to_contain_text("20 maart 2026")
        expect(page.locator("[data-copy-offer]")).to_be_hidden()

        # Another device: the file goes in through Mijn gegevens, and the same dossier is there.
        other_ctx, other = new_context(browser)
        contexts.append(other_ctx)
        other.on("pageerror", lambda exc: errors.append(str(exc)))
        open_page(other, site_url + "mijn-gegevens/")
        other.get_by_label("Back-up terugzetten").set_input_files(path)
        result = other.locator("[data-import-result]")
        expect(result).to_contain_text("Formulieren: 4 nieuw")
        expect(result).to_contain_text("Lesbezoeken: 1 nieuw")
        expect(result).to_contain_text(f"Je naam op dit apparaat is nu: {STUDENT}")
        open_page(other, site_url + "groeidossier/")
        expect(other.locator("h1")).to_have_text(f"Groeidossier van {STUDENT}")
        expect(period(other, "p1").locator("[data-dossier-entry]")).to_have_count(1)
        expect(period(other, "p3").locator("[data-dossier-visit]")).to_contain_text("Lesbezoek do 12 maart 2026")
        expect(period(other, "p3").locator("[data-dossier-entry]")).to_have_count(3)
        expect(period(other, "p3")).to_contain_text(f"{OBSERVER} (werkplekbegeleider)")
        open_page(other, site_url + "lesbezoek/")
        expect(other.locator("[data-visit]")).to_have_count(1)
    finally:
        for ctx in contexts:
            ctx.close()
    assert not errors, errors
