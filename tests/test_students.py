"""Mijn studenten (studenten/, issue 16 point 7): what the build emits (the page, its forms and requirements from
content, the link for mentor roles, another partnership's roles), and in Chromium a schoolopleider with four
students, none with all three kijkwijzers: per student her visits, her entries with the lesson date and her
requirement progress, where only the WPB's entries count for the requirement written by the WPB; a student and
someone without a profile get an explanation; on formulieren/ the filter and the name search find one student's
entries, and each entry shows the lesson date or says that it is the last edit."""

from __future__ import annotations

import json
import os
import re
import uuid

from playwright.sync_api import expect

from .helpers import ROOT, open_page

PROGRAMME = "hr-n2-2025-2026"
SO = {"name": "Sara Bos", "role": "so"}  # her id is the one her profile gets on this device
WPB = {"id": str(uuid.uuid4()), "name": "Piet Jansen", "role": "wpb"}
STUDENTS = {name: str(uuid.uuid4()) for name in ("Anna de Vries", "Bram Ösel", "Chris Smit", "Dewi Kok")}
SHOT = os.environ.get("STUDENTS_SCREENSHOT")  # a path: keep a picture of the page at 320 px (for a look)
PED, DID, VAK = "kijkwijzer-pedagogiek", "kijkwijzer-didactiek", "kijkwijzer-vakdidactiek"


def info(site, page: str = "studenten") -> dict:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="studenten-gegevens">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_page_carries_the_forms_about_a_student_and_the_requirements(built_site):
    html = (built_site / "studenten" / "index.html").read_text(encoding="utf-8")
    data = info(built_site)
    assert data["learners"] == ["student"]
    assert {PED, DID, VAK} <= set(data["forms"])
    assert "feedback-wpb-van-so" not in data["forms"]  # about a WPB, not a student
    assert data["forms"][PED]["fills"]["date"] == "datum"
    assert "<h1>Mijn studenten</h1>" in html
    # the requirements as content, with the role whose entries count
    assert re.search(r'data-requirement="lesbezoeken-wpb"[^>]*data-per="total"[^>]*data-author-role="wpb"', html)
    assert re.search(r'data-requirement="kijkwijzers-p3"[^>]*data-per="each"', html)
    assert 'data-mark="kijkwijzer-vakdidactiek">Kijkwijzer vakdidactiek' in html
    # the explanation for a student shows from the first paint, by the role the head script read
    assert 'html[data-role="student"] main:not([data-students-known]) [data-students-learner]' in html
    # linked from the footer of every page, and from the start page for the roles that fill in forms about her
    start = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="studenten/">Mijn studenten</a>' in start
    assert re.findall(r'html\[data-role="([a-z]+)"\] \[data-students-card\]', start) == ["io", "so", "wpb"]
    assert 'href="../studenten/">Mijn studenten</a>' in (built_site / "planning" / "index.html").read_text("utf-8")
    # names stay on the device: nothing of this page is in the search index
    assert "studenten/" not in (built_site / "zoeken" / "index.json").read_text(encoding="utf-8")


def test_another_partnership_has_its_own_learner_and_mentor_roles(full_partnership_site):
    out = full_partnership_site
    data = info(out)
    assert data["learners"] == ["stagiair"]
    assert set(data["forms"]) == {"lesobservatie", "startchecklist"}
    start = (out / "index.html").read_text(encoding="utf-8")
    mentors = re.findall(r'html\[data-role="([a-z-]+)"\] \[data-students-card\]', start)
    assert mentors and "stagiair" not in mentors


def entry(form, student, author, *, state="afgerond", lesson="2026-02-12", visit=None, people=True):
    """A record as entries.js createEntry makes it, with the metadata the form fills from the people."""
    at = "2026-03-02T09:00:00.000Z"
    record = {
        "id": str(uuid.uuid4()),
        "form": form,
        "version": "test",
        "created": at,
        "updated": at,
        "state": state,
        "completed": at if state == "afgerond" else None,
        "meta": {"student": student, "datum": lesson, "observator": f"{author['name']} ({author['role']})"},
        "answers": {},
    }
    if people:
        record.update(about={"id": STUDENTS[student], "name": student}, author=author, visit=visit)
    return record


STORAGE = (
    "await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href)"
)


def set_profile(page, profile: dict) -> dict:
    """'Wie ben je?' through the app's own storage module; returns the profile as stored (with its id)."""
    return page.evaluate(f"async (profile) => {{ const s = {STORAGE}; return s.saveProfile(profile); }}", profile)


def put(page, entries, visits=()) -> None:
    """Entries and visits into IndexedDB through the app's own storage module."""
    page.evaluate(
        f"""async ([entries, visits]) => {{
            const s = {STORAGE};
            const v = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage-visits.js', document.baseURI).href);
            await s.putEntries(entries);
            for (const visit of visits) await v.updateVisit(visit.id, () => visit);
        }}""",
        [list(entries), list(visits)],
    )


def test_a_schoolopleider_sees_each_of_her_students(browser, site_url):
    ctx = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.clock.set_fixed_time("2026-03-02T10:00:00+01:00")
    dewi_visit = {
        "id": str(uuid.uuid4()),
        "created": "2026-03-01T08:00:00.000Z",
        "updated": "2026-03-01T08:00:00.000Z",
        "programme": PROGRAMME,
        "student": {"id": STUDENTS["Dewi Kok"], "name": "Dewi Kok"},
        "key": "B" + "A" * 86,
        "date": "2026-03-10",
        "time": "10:30",
        "school": "De Regenboog",
        "class": "groep 6",
        "subject": "taal",
        "focus": "",
        "observers": [{"role": "so", "name": ""}],
        "forms": [PED, VAK],
        "meeting": False,
        "answers": [],
        "reports": [],
        "own": False,
        "invited": "2026-03-01T08:00:00.000Z",
    }
    try:
        open_page(page, site_url)
        profile = set_profile(page, {**SO, "programme": PROGRAMME})
        so = {"id": profile["id"], **SO}
        entries = [
            entry(PED, "Anna de Vries", so),
            entry(DID, "Anna de Vries", WPB),
            entry(PED, "Bram Ösel", WPB, lesson="2026-01-20"),
            entry(DID, "Bram Ösel", WPB),
            entry(VAK, "Chris Smit", so),
            entry(PED, "Chris Smit", so, state="concept"),
            # from before people were in the record: her name only in the metadata, written here
            entry(DID, "Dewi Kok", so, people=False),
            entry(VAK, "Dewi Kok", so, state="concept", lesson="2026-03-10", visit=dewi_visit["id"]),
            # about a WPB, not a student: on formulieren/, not on studenten/
            {
                **entry("feedback-wpb-van-so", "Anna de Vries", so),
                "about": {"id": WPB["id"], "name": WPB["name"]},
                "meta": {"werkplekbegeleider": WPB["name"]},
            },
        ]
        put(page, entries, [dewi_visit])
        page.reload()
        expect(page.locator("[data-students-card]")).to_be_visible()  # the start page links it for an SO
        page.locator("[data-students-card] a").click()
        expect(page.locator("[data-student-list] > li")).to_have_count(4)
        expect(page.locator("[data-student-name]")).to_have_text(
            ["Anna de Vries", "Bram Ösel", "Chris Smit", "Dewi Kok"]
        )
        expect(page.locator("[data-students-no-profile]")).to_be_hidden()

        def marks(name: str, requirement: str):
            return page.locator(f"[data-student='{name}'] [data-requirement='{requirement}']")

        expected = {  # per student: which kijkwijzers count (afgerond, in the window), and the WPB's total of 2
            "Anna de Vries": ({PED, DID}, 1),
            "Bram Ösel": ({PED, DID}, 2),
            "Chris Smit": ({VAK}, 0),
            "Dewi Kok": ({DID}, 0),
        }
        for name, (done, by_wpb) in expected.items():
            row = marks(name, "kijkwijzers-p3")
            for form in (PED, DID, VAK):
                mark = row.locator(f"[data-mark='{form}']")
                expect(mark.locator("[data-symbol]")).to_have_text("✓" if form in done else "✗")
                expect(mark.locator("[data-said]")).to_have_text(": gedaan" if form in done else ": ontbreekt nog")
            expect(row).not_to_have_class(re.compile("is-met"))  # nobody has all three
            total = marks(name, "lesbezoeken-wpb").locator("[data-total]")
            expect(total.locator("[data-done]")).to_have_text(str(by_wpb))
            expect(total.locator("[data-said]")).to_have_text(": gedaan" if by_wpb >= 2 else ": ontbreekt nog")
        # a screen reader hears words, not only symbols
        assert (
            page.locator(
                "[data-student='Anna de Vries'] [data-mark='kijkwijzer-vakdidactiek'] [data-symbol]"
            ).get_attribute("aria-hidden")
            == "true"
        )

        # her entries: form, state and the lesson date (not the last edit), with a link to open them
        anna = page.locator("[data-student='Anna de Vries'] [data-student-entries]")
        expect(anna.locator("li")).to_have_count(2)  # the feedback on the WPB is not about her
        expect(anna.locator("li", has_text="pedagogiek")).to_have_text(
            re.compile(r"^Kijkwijzer pedagogiek afgerond les van do 12 februari 2026$")
        )  # her own: no "door"
        expect(anna).to_contain_text("Kijkwijzer didactiek afgerond les van do 12 februari 2026 · door Piet Jansen")
        bram = page.locator("[data-student='Bram Ösel'] [data-student-entries] li")
        expect(bram.last).to_contain_text("les van di 20 januari 2026")
        expect(page.locator("[data-student='Chris Smit'] [data-student-entries]")).to_contain_text("concept")
        expect(page.locator("[data-student='Anna de Vries'] [data-student-visits-box]")).to_be_hidden()

        # Dewi's visit, opened here: date and forms, with this device's entry for each
        visit = page.locator("[data-student='Dewi Kok'] [data-visit]")
        expect(visit).to_contain_text("Lesbezoek di 10 maart 2026, 10:30")
        expect(visit.locator(f"[data-visit-form='{PED}']")).to_contain_text(
            "Vul in: Kijkwijzer pedagogiek (nog niet ingevuld)"
        )
        expect(visit.locator(f"[data-visit-form='{VAK}']")).to_contain_text("Kijkwijzer vakdidactiek (concept)")
        # the whole page fits a 320 px phone, and axe finds nothing with the device's data in it
        page.set_viewport_size({"width": 320, "height": 740})
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right
                > document.documentElement.clientWidth + 1 && !el.closest('.visually-hidden'))
                .map((el) => `${el.tagName} ${el.className} ${el.textContent.slice(0, 40)}`)"""
        )
        assert not wide, wide
        page.screenshot(path=str(SHOT), full_page=True) if SHOT else None
        page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        found = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            ".then((r) => r.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]))"
        )
        assert not found, found

        # the entry of the visit opens on its form page, where the answer goes (again) to the student
        visit.get_by_role("link", name="Kijkwijzer vakdidactiek").click()
        expect(page.get_by_role("heading", name="Stuur je antwoord naar Dewi Kok")).to_be_visible()

        # formulieren/: filter by student and search by name, on this device only
        open_page(page, site_url + "formulieren/")
        rows = page.locator("[data-entry-list] > li")
        expect(rows).to_have_count(len(entries))
        page.get_by_label("Over wie").select_option(label="Bram Ösel")
        expect(rows).to_have_count(2)
        expect(rows.first.locator("[data-about]")).to_have_text("Bram Ösel")
        expect(page.locator("[data-filter-count]")).to_have_text(f"2 van {len(entries)} invullingen")
        page.get_by_label("Over wie").select_option(label="Iedereen")
        page.get_by_label("Zoek op naam").fill("dewi")
        expect(rows).to_have_count(2)
        expect(rows.locator("[data-about]")).to_have_text(["Dewi Kok", "Dewi Kok"])
        assert sorted(rows.locator("[data-date]").all_text_contents()) == [
            "les van di 10 maart 2026",
            "les van do 12 februari 2026",
        ]
        page.get_by_label("Zoek op naam").fill("jansen")
        expect(rows).to_have_count(1)  # the feedback about the WPB
        page.get_by_label("Zoek op naam").fill("")
        expect(rows).to_have_count(len(entries))
    finally:
        ctx.close()
    assert not errors, errors


def test_the_date_says_when_it_is_the_last_edit(page, site_url):
    open_page(page, site_url)
    at = "2026-03-02T09:00:00.000Z"
    scan = {
        "id": str(uuid.uuid4()),
        "form": "kwaliteitsscan-leerwerkplek",
        "version": "test",
        "created": at,
        "updated": at,
        "state": "concept",
        "completed": None,
        "meta": {},
        "answers": {},
    }
    put(page, [scan])
    open_page(page, site_url + "formulieren/")
    expect(page.locator("[data-entry-list] [data-date]")).to_have_text("laatst bewerkt ma 2 maart 2026")
    expect(page.locator("[data-entry-filter]")).to_be_hidden()  # about nobody: nothing to filter by


def test_a_student_and_someone_without_a_profile_get_an_explanation(browser, site_url):
    ctx = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = ctx.new_page()
    try:
        open_page(page, site_url + "studenten/")
        expect(page.locator("[data-students-no-profile]")).to_be_visible()
        expect(page.locator("[data-students]")).to_be_hidden()
        set_profile(page, {"name": "Anna de Vries", "role": "student", "programme": ""})
        open_page(page, site_url + "studenten/")
        expect(page.locator("[data-students-learner]")).to_be_visible()
        expect(page.locator("[data-students-learner]")).to_contain_text("Deze pagina is voor wie studenten begeleidt")
        expect(page.locator("[data-students-no-profile]")).to_be_hidden()
        expect(page.locator("[data-students]")).to_be_hidden()
        open_page(page, site_url)
        expect(page.locator("[data-students-card]")).to_be_hidden()
    finally:
        ctx.close()
