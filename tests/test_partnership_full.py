"""A second, complete content set (tests/fixtures/partnership-full): another partnership with its own site.yml,
four roles in three groups, a programme of three trimesters in 2026-2027 with other stage days, period tasks
that lead to two forms of its own, requirements over those forms, lesson visits with its own roles and
observation form, a radar, hours for two roles, a page and domains of its own, and no schools/ or tracks/. It builds and renders with no code change, and nothing of our
default content (content/) shows up in it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from werkplek.hours import role_totals
from werkplek.pipeline import load
from werkplek.store import Store

from .helpers import (
    CONTENT,
    FIXTURES,
    cells,
    fill_every_item,
    load_index,
    open_page,
    read_every_item,
    ready,
    result_for,
    results,
    search,
    static_server,
    tables_of,
    visit_settings_of,
)
from .helpers import (
    built_pages as pages,
)

FULL = FIXTURES / "partnership-full"
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))
ROLES = ["stagiair", "praktijkmentor", "opleidingscoach", "stagecoordinator"]
PAGES = {
    "index.html",
    "planning/index.html",
    "rollen/index.html",
    *(f"rollen/{r}/index.html" for r in ROLES),
    "domeinen/index.html",
    "domeinen/klasmanagement/index.html",
    "domeinen/reflecteren/index.html",
    "domeinen/samenwerken/index.html",
    "formulieren/index.html",
    "formulieren/lesobservatie/index.html",
    "formulieren/startchecklist/index.html",
    "formulieren/radar/observaties/index.html",
    "inzet/index.html",
    "stagegids/index.html",
    "offline/index.html",
    "mijn-gegevens/index.html",
    "zoeken/index.html",
    "herinneringen/index.html",
    "ontvangen/index.html",
    "bronnen/index.html",
    "lesbezoek/index.html",
    "studenten/index.html",
    "groeidossier/index.html",
}


@pytest.fixture(scope="module")
def full_site(full_partnership_site) -> Path:
    return full_partnership_site


@pytest.fixture(scope="module")
def full_url(full_site):
    with static_server(full_site, "zuid") as url:
        yield url


def visible(html: str) -> str:
    """The page without its scripts (they hold storage keys such as 'werkplek:…', never shown)."""
    return re.sub(r"<script.*?</script>", "", html, flags=re.S)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", visible(html)).split())


def at(page, day: str) -> None:
    y, m, d = map(int, day.split("-"))
    page.clock.set_fixed_time(dt.datetime(y, m, d, 12, 0, tzinfo=AMSTERDAM))


# -- the build -----------------------------------------------------------------------------------------


def test_the_fixture_is_complete_and_has_no_schools_or_tracks():
    assert sorted(p.name for p in FULL.iterdir() if p.is_dir()) == [
        "documents",
        "domains",
        "forms",
        "hours",
        "pages",
        "programmes",
        "radars",
        "roles",
    ]
    assert not (FULL / "schools").exists() and not (FULL / "tracks").exists()


def test_every_page_is_built_with_its_title_and_every_link_resolves(full_site):
    built = pages(full_site)
    assert set(built) == PAGES
    for name, html in built.items():
        assert '<html lang="nl"' in html, name
        assert re.search(r"<title>[^<]*Stageroute Zuid</title>", html), name
        assert re.search(r"<h1[^>]*>\s*\S", html), name
        here = (full_site / name).parent
        for href in re.findall(r'\shref="([^"#?]+)[^"]*"', html):
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            target = (here / href).resolve()
            assert (target / "index.html" if href.endswith("/") else target).exists(), (name, href)


def test_none_of_our_default_content_leaks_in(full_site):
    ours = {
        yaml.safe_load(p.read_text(encoding="utf-8"))[key]
        for folder, key in (
            ("roles", "name"),
            ("forms", "title"),
            ("domains", "name"),
            ("pages", "title"),
            ("programmes", "name"),
            ("schools", "name"),
            ("tracks", "title"),
        )
        for p in (CONTENT / folder).glob("*.yml")
    }
    assert {"Werkplekbegeleider", "Schoolopleider", "Kijkwijzer pedagogiek"} <= ours
    assert not (full_site / "school").exists() and not (full_site / "ontwikkeling").exists()
    manifest = (full_site / "manifest.webmanifest").read_text(encoding="utf-8")
    index = (full_site / "zoeken" / "index.json").read_text(encoding="utf-8")
    files = [("manifest", manifest), ("zoeken/index.json", index)]
    for name, html in [*pages(full_site).items(), *files]:
        shown = visible(html)
        assert "Werkplek" not in shown, name
        for word in ("kijkwijzer", "schoolportret", "werkplekbegeleider", "schoolopleider", "hogeschool", "aankomend"):
            assert word not in shown.lower(), (name, word)
        for title in ours:
            assert title not in shown, (name, title)
        assert not re.search(r'href="[^"]*\b(school|ontwikkeling)/', html), name


def test_its_lesson_visits_come_from_its_own_yaml(full_site):
    """The same visit flow from another partnership's YAML: its planner, observers and form, no reports."""
    settings = visit_settings_of(full_site)
    roles = {r: yaml.safe_load((FULL / "roles" / f"{r}.yml").read_text(encoding="utf-8")) for r in ROLES}
    assert settings["programmes"] == {
        "zuid-2026-2027": {
            "name": "Stage in drie trimesters",
            "planned_by": "stagiair",
            "observers": [
                {"id": r, "name": roles[r]["name"], "abbreviation": roles[r].get("abbreviation")}
                for r in ("praktijkmentor", "opleidingscoach")
            ],
            "forms": [{"id": "lesobservatie", "title": "Lesobservatie Zuid"}],
            "reports": [],
        }
    }
    assert set(settings["roles"]) == set(ROLES)
    html = (full_site / "formulieren" / "lesobservatie" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-item="stagiair"[^>]*data-fills="about"', html)
    assert re.search(r'data-item="datum"[^>]*data-fills="date"', html)


def test_its_source_documents_are_shown_per_duty_and_task(full_site):
    """Two documents of its own: the mentor's duties are grouped per document, a task from the other
    document names it, a task that is the school's agreement says so, and bronnen/ lists both."""
    mentor = (full_site / "rollen/praktijkmentor/index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h3 id="taken--([a-z-]+)">Volgens <a [^>]+>([^<]+)</a>', mentor)
    assert headings == [("stagegids-zuid", "Stagegids Zuid"), ("mentorenhandboek", "Mentorenhandboek")]
    assert 'Bron: <a href="../../bronnen/#bron--stagegids-zuid">Stagegids Zuid</a>, bijlage inzet' in mentor
    planning = text_of((full_site / "planning/index.html").read_text(encoding="utf-8"))
    assert "Bron: Stagegids Zuid . Een taak die er niet letterlijk zo in staat, zegt dat erbij." in planning
    assert "Afspraak van de school. Op onze scholen gebeurt dit in de week voor de kerstvakantie." in planning
    assert planning.count("Bron: Mentorenhandboek") == 1  # at the one task from that document
    sources = text_of((full_site / "bronnen/index.html").read_text(encoding="utf-8"))
    assert "Stagegids Zuid 2026-2027 Instituut Zuid · 2026-2027 · in de app: Stagegids Zuid" in sources
    assert "Planning: Stage in drie trimesters 2026-2027 , 4 taken per periode, waarvan 1 uitgewerkt" in sources
    assert "Planning: Stage in drie trimesters 2026-2027 , 1 taak per periode" in sources  # the handbook's one
    assert "Rol Praktijkmentor : 1 taak of bekwaamheid" in sources  # from the handbook


def test_site_names_colours_and_role_groups_come_from_its_site_yml(full_site):
    manifest = json.loads((full_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert (manifest["name"], manifest["short_name"], manifest["theme_color"]) == (
        "Stageroute Zuid",
        "Stageroute",
        "#0f6e4a",
    )
    home = (full_site / "index.html").read_text(encoding="utf-8")
    assert '<meta name="theme-color" content="#0a1f17" media="(prefers-color-scheme: dark)">' in home
    assert "Je stage bij het samenwerkingsverband Zuid, stap voor stap en ook zonder internet." in home
    roles = (full_site / "rollen/index.html").read_text(encoding="utf-8")
    assert re.findall(r"<h2>(.*?)</h2>", roles) == [
        "Wie stage loopt",
        "Begeleiding in de praktijk",
        "Vanuit het instituut",
    ]
    # Its own page is published and linked from every other page (the footer).
    assert '<a href="stagegids/">Stagegids Zuid</a>' in home
    guide = text_of((full_site / "stagegids/index.html").read_text(encoding="utf-8"))
    assert "Stagegids Zuid" in guide and "Meld je ziek bij je praktijkmentor voor half acht." in guide
    for name, html in pages(full_site).items():
        assert name == "stagegids/index.html" or 'stagegids/">Stagegids Zuid</a>' in html, name


def test_planning_shows_its_trimesters_with_dutch_dates_and_stage_days(full_site):
    text = text_of((full_site / "planning/index.html").read_text(encoding="utf-8"))
    assert "Stagedagen: dinsdag en donderdag." in text
    assert "Stage in drie trimesters Instituut Zuid · 2026-2027" in text
    periods = re.findall(r"(Eerste|Tweede|Derde) trimester", text)
    assert periods[:3] == ["Eerste", "Tweede", "Derde"]
    # A start on a day and a start in a month, with Dutch weekday and month names.
    assert "Start: ma 7 september 2026 · Deadline student: vr 27 november 2026" in text
    assert "Start: december 2026 · Deadline student: vr 12 maart 2027" in text
    assert "Start: ma 15 maart 2027 · Deadline student: vr 25 juni 2027" in text
    assert re.search(
        r"Twee afgeronde lesobservaties vóór het einde van het tweede trimester ?, uiterlijk vr 12 maart 2027", text
    )


def test_role_pages_show_their_tasks_period_tasks_forms_and_hours(full_site):
    mentor = (full_site / "rollen/praktijkmentor/index.html").read_text(encoding="utf-8")
    text = text_of(mentor)
    assert "Praktijkmentor (PM)" in text
    for shown in (
        "Voert elke week een kort voortgangsgesprek met de stagiair.",
        "minstens één keer per trimester met de lesobservatie",
        "Eerste lesobservatie uitvoeren",
        "Geeft feedback die de stagiair verder helpt.",
    ):
        assert shown in text, shown
    assert 'href="../../formulieren/lesobservatie/">Start lesobservatie Zuid</a>' in mentor
    *_, summary = tables_of(mentor)
    assert summary[5] == ["Totaal", "—", "26,5 uur"]
    assert summary[6] == ["Zonder optionele taken", "—", "20,5 uur"]
    coach = (full_site / "rollen/opleidingscoach/index.html").read_text(encoding="utf-8")
    assert "Tussenbalans opmaken met elke stagiair" in coach
    assert tables_of(coach)[-1][5] == ["Totaal", "20 uur", "50 uur"]
    stagiair = (full_site / "rollen/stagiair/index.html").read_text(encoding="utf-8")
    assert "Startchecklist doorlopen met je praktijkmentor" in stagiair and "Portfolio inleveren" in stagiair
    assert 'id="inzet"' not in stagiair  # no hours for this role
    for role in ("stagiair", "stagecoordinator"):
        assert "inzet/" not in (full_site / f"rollen/{role}/index.html").read_text(encoding="utf-8"), role


def test_its_forms_radar_and_domains_are_listed_and_render_their_items(full_site):
    forms = text_of((full_site / "formulieren/index.html").read_text(encoding="utf-8"))
    assert "Lesobservatie Zuid" in forms and "Startchecklist stageplek" in forms and "Lesobservaties in beeld" in forms
    checklist = (full_site / "formulieren/startchecklist/index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-item="([^"]+)" data-kind="([^"]+)"', checklist) == [  # its metadata first
        ("datum", "date"),
        ("rooster", "check"),
        ("account", "check"),
        ("sleutel", "check"),
        ("dagdeel", "choice"),
    ]
    observation = (full_site / "formulieren/lesobservatie/index.html").read_text(encoding="utf-8")
    assert observation.count('data-kind="scale"') == 5 and observation.count('data-kind="text"') == 2
    assert all(label in observation for label in ("onvoldoende", "matig", "voldoende", "goed"))
    radar = text_of((full_site / "formulieren/radar/observaties/index.html").read_text(encoding="utf-8"))
    assert "Lesobservaties in beeld" in radar and all(axis in radar for axis in ("Start", "Uitleg", "Afsluiting"))
    domains = text_of((full_site / "domeinen/index.html").read_text(encoding="utf-8"))
    assert [d for d in ("Klasmanagement", "Reflecteren", "Samenwerken") if d in domains] == [
        "Klasmanagement",
        "Reflecteren",
        "Samenwerken",
    ]
    assert "Eerste lesobservatie uitvoeren" in (full_site / "domeinen/klasmanagement/index.html").read_text("utf-8")


def test_hours_add_up_for_two_numbers_of_students():
    store = Store(load(FULL))
    assert [doc["id"] for doc in store.hours_roles()] == ["praktijkmentor", "opleidingscoach"]

    def total(role: str, n: int):
        t = role_totals(store.hours(role)["all_tables"], n)
        return t["total"]["semester"], t["total"]["year"], t["required"]["year"]

    # Praktijkmentor, all per year: 12 + 4.5 + 2 = 18.5 per stagiair, 2 fixed, 6 optional (intervisie).
    # 1 stagiair: 18.5 + 2 + 6 = 26.5 (20.5 without intervisie); 3: 55.5 + 8 = 63.5 (57.5).
    assert total("praktijkmentor", 1) == (None, 26.5, 20.5)
    assert total("praktijkmentor", 3) == (None, 63.5, 57.5)
    # Opleidingscoach, per semester 1.5 + 0.5 = 2 per stagiair + 4 fixed, two semesters, + 10 a year.
    # 8 stagiairs: 16 + 4 = 20 a semester, 2 x 20 + 10 = 50 a year; 5: 14 and 38.
    assert total("opleidingscoach", 8) == (20, 50, 50)
    assert total("opleidingscoach", 5) == (14, 38, 38)


# -- in Chromium ---------------------------------------------------------------------------------------


def test_every_page_renders_in_chromium(page, full_url):
    for name in sorted(PAGES):
        path = name.removesuffix("index.html")
        open_page(page, full_url + path)
        expect(page.locator("h1").first, name).to_be_visible()
        assert page.title().endswith("Stageroute Zuid"), name
    # The page fixture fails the test on any JavaScript error on any of them.


def test_planning_says_tomorrow_for_a_trimester_that_starts_on_a_day(page, full_url):
    at(page, "2026-09-06")
    open_page(page, full_url + "planning/")
    first = page.locator("li.period").first
    expect(first.locator("h3")).to_have_text(re.compile("^" + re.escape("Eerste trimester")), use_inner_text=True)
    expect(first.locator(".dates")).to_contain_text("Start: ma 7 september 2026 (morgen)", use_inner_text=True)
    expect(first.locator("[data-status='future']")).to_be_visible()


def test_calculator_gives_its_roles_totals_for_two_numbers(page, full_url):
    open_page(page, full_url + "inzet/")
    role = page.get_by_label("Rol", exact=True)
    students = page.get_by_label("Aantal stagiairs")  # its own word for them (site.yml: learner)
    expect(role).to_have_value("praktijkmentor")
    expect(students).to_have_value("1")
    got = cells(page)
    assert (got["total-semester"], got["total-year"], got["required-year"]) == ("—", "26,5 uur", "20,5 uur")
    students.fill("3")  # see test_hours_add_up_for_two_numbers_of_students for the sums
    page.locator("[data-cell='total-year']").filter(has_text="63,5 uur").wait_for()
    assert cells(page)["required-year"] == "57,5 uur"

    role.select_option(label="Opleidingscoach")
    expect(students).to_have_value("8")  # the document's own number for this role
    got = cells(page)
    assert (got["total-semester"], got["total-year"]) == ("20 uur", "50 uur")
    students.fill("5")
    page.locator("[data-cell='total-year']").filter(has_text="38 uur").wait_for()
    assert cells(page)["total-semester"] == "14 uur"
    expect(page.locator("[data-hours-status]")).to_have_text(
        re.compile("^" + re.escape("Opleidingscoach, 5 stagiairs"))
    )


def test_its_form_fills_in_reads_back_and_moves_its_requirements(page, full_url):
    at(page, "2026-10-01")
    open_page(page, full_url + "formulieren/lesobservatie/")
    expect(page.locator("h1")).to_have_text("Lesobservatie Zuid", use_inner_text=True)
    expected = fill_every_item(page)
    assert set(expected) == {"stagiair", "datum", "orde", "doel", "helder", "controle", "terugblik", "tip"}
    page.get_by_role("button", name="Afronden").click()
    page.locator("[data-entry-state]").filter(has_text="afgerond").wait_for()
    page.reload()
    ready(page)
    assert read_every_item(page) == expected
    expect(page.locator("[data-entry-state]")).to_have_text("afgerond", use_inner_text=True)

    open_page(page, full_url)
    page.get_by_label("Praktijkmentor (PM)", exact=True).check()
    # A mentor sees the progress per stagiair: one line, for the one in the Stagiair field.
    total = page.locator("[data-requirement='observaties-t2'] [data-req-students] li")
    expect(total).to_have_text(re.compile(f"^{re.escape(expected['stagiair'])}: 1 van 2 — nog 1 te gaan$"))
    each = page.locator("[data-requirement='start-t1'] [data-req-students] li")
    expect(each).to_have_text(re.compile("1 van 2 — Startchecklist stageplek ontbreekt nog$"))


def test_search_finds_its_task_by_a_word_and_its_role_without_diacritics(page, full_site, full_url):
    task = next(d for d in load_index(full_site) if d["id"] == "taak:zuid-2026-2027:t1:eerste-observatie")
    open_page(page, full_url + "zoeken/")
    search(page, "stageweek")  # only in this task's text
    found = result_for(page, task["url"])
    found.wait_for()
    expect(found.get_by_role("link")).to_have_text("Eerste lesobservatie uitvoeren", use_inner_text=True)
    expect(found.locator(".result-kind")).to_have_text(re.compile("^" + re.escape("Taak · ")), use_inner_text=True)

    search(page, "stagecoordinator")  # the role is spelled Stagecoördinator
    role = result_for(page, "rollen/stagecoordinator/")
    role.wait_for()
    expect(role.locator(".result-kind")).to_have_text("Rol", use_inner_text=True)
    expect(role.get_by_role("link")).to_have_text(re.compile("^" + re.escape("Stagecoördinator")), use_inner_text=True)
    expect(results(page).first.get_by_role("link")).to_have_text(
        re.compile("^" + re.escape("Stagecoördinator")), use_inner_text=True
    )
