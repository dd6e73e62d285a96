"""Sources, visible: every role item, period task, form, hour table, track and school portrait names its
source document (content/documents/), the pages show it, and a period task that is our reading of the
source, or the school's own agreement, says so."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest
from werkplek.pipeline import build, load
from werkplek.store import Store

from .helpers import CONTENT, edit, open_page, problems_of, ready, wait_until_stored

HR = "handleiding-wpb-n2"
NH = "rolbeschrijvingen-noord-holland"


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


@pytest.fixture(scope="module")
def store(content):
    return Store(content)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_item_of_the_default_content_names_a_source_document(content, store):
    """Nothing in the app is without its document: the five seeds, each a document."""
    assert len(content.documents) == 5
    for role in store.roles():
        for item in role["tasks"] + role["competences"]:
            assert item["source"] in content.documents, (role["id"], item["id"])
    for task in store.period_tasks():
        assert task["source"] in content.documents, task["id"]
    named = [
        *content.forms.values(),
        *content.hours.values(),
        *content.tracks.values(),
        *content.schools.values(),
        *content.domains.values(),
    ]
    assert all(thing.source in content.documents for thing in named)
    # Every document is used by something; the leidraad gives the 20 domains and the quality scan.
    for doc in store.documents():
        assert any(store.document_uses(doc["id"]).values()), doc["id"]
    leidraad = store.document_uses("leidraad-leerwerkplek")
    assert len(leidraad["domains"]) == 20 and [f["id"] for f in leidraad["forms"]] == ["kwaliteitsscan-leerwerkplek"]


def test_the_hr_handbook_and_the_noord_holland_roles_are_kept_apart(content, store):
    """The WPB combines two documents of two partnerships; each duty keeps its own."""
    wpb = {item["id"]: item["source"] for item in store.role("wpb")["tasks"]}
    assert wpb["adviesformulier"] == NH  # the iPabo duty: twice a semester the adviesformulier
    assert wpb["lesbezoeken"] == HR and wpb["dagelijkse-begeleiding"] == HR
    assert {store.role(r)["source"] for r in ("wpb", "so", "io")} == {NH}
    assert store.role("student")["source"] == HR
    assert content.forms["adviesformulier-wpb"].source == NH


def test_role_page_groups_duties_per_source(built_site):
    html = read(built_site, "rollen/wpb")
    tasks = html[html.index('<h2 id="taken">') : html.index('<h2 id="bekwaamheden">')]
    headings = re.findall(
        r'<h3 id="taken--([a-z0-9-]+)">Volgens <a href="../../bronnen/#bron--\1">([^<]+)</a></h3>', tasks
    )
    assert headings == [(HR, "Handleiding WPB N2 (HR)"), (NH, "Rolbeschrijvingen Noord-Holland (iPabo)")]
    hr_part, nh_part = tasks.split("<h3 ")[1:]
    assert "Vult twee keer per semester het adviesformulier in." in nh_part
    assert "adviesformulier" not in hr_part
    assert "Legt minimaal twee lesbezoeken af" in hr_part
    assert "Deze taken komen uit 2 documenten" in tasks
    # A role from one document gets one list and one source line.
    student = read(built_site, "rollen/student")
    assert student.count("data-checklist") == 1 + student.count('class="period-block"')
    assert 'Bron: <a href="../../bronnen/#bron--handleiding-wpb-n2">Handleiding WPB N2 (HR)</a>' in student


def test_worked_out_tasks_say_what_the_source_says(content, built_site):
    programme = content.programmes["hr-n2-2025-2026"]
    worked_out = [t for p in programme.periods for t in p.tasks if t.basis == "uitwerking"]
    assert {t.id for t in worked_out} == {"lesbezoek-bijwonen", "formeel-lesbezoek", "formeel-lesbezoek-op3"}
    planning = read(built_site, "planning/hr-n2-2025-2026")
    assert planning.count('<p class="basis"><strong>Uitgewerkt uit de bron.</strong>') == len(worked_out) == 4
    assert "Afspraak van de school" not in planning
    text = text_of(planning)
    assert "Wie dit lesbezoek aflegt, de WPB of de SO, spreken jullie samen af." in text
    assert "Dat het formele lesbezoek van de SO in periode 2 of 3 valt, is onze lezing" in text
    assert "Bron: Handleiding WPB N2 (HR) . Een taak die er niet letterlijk zo in staat, zegt dat erbij." in text
    # The source's own "WPB of SO" stays in the task, where the source says it.
    assert text.count("Lesbezoek en driehoeksgesprek (WPB of SO)") == 2
    so = read(built_site, "rollen/so")  # the role page lists the SO's tasks of every programme
    so_worked_out = [t for prog in content.programmes.values() for p in prog.periods for t in p.tasks if t.role == "so"]
    assert so.count("Uitgewerkt uit de bron.") == sum(t.basis == "uitwerking" for t in so_worked_out) == 3


def test_sources_page_lists_every_document_with_what_comes_from_it(content, built_site):
    html = read(built_site, "bronnen")
    for doc_id, doc in content.documents.items():
        assert f'id="bron--{doc_id}"' in html and f"<h2 id=\"bron--{doc_id}--titel\">" in html
        assert doc.summary in html_module.unescape(text_of(html))
    text = text_of(html)
    assert "Planning: Werkplekleren Niveau 2 2025-2026 , 36 taken per periode, waarvan 4 uitgewerkt" in text
    assert "Rol Werkplekbegeleider : 6 taken en bekwaamheden" in text  # from the HR handbook
    assert "Formulier Kwaliteitsscan" in text
    assert 'href="../bronnen/"' in read(built_site, "planning")  # in the footer of every page
    assert "Begeleidingsdomeinen : 20" in text
    domains = read(built_site, "domeinen")
    assert 'Bron: <a href="../bronnen/#bron--leidraad-leerwerkplek">Leidraad goede leerwerkplek</a></p>' in domains


def test_an_agreement_and_a_task_from_another_document_are_marked(content_copy, tmp_path):
    (content_copy / "documents" / "afspraken.yml").write_text(
        "title: Afsprakenkaart opleidingsschool\nshort: Afsprakenkaart\nsummary: Wat onze school zelf afspreekt.\n",
        encoding="utf-8",
    )

    def change(data):
        task = data["periods"][0]["tasks"][0]
        task["basis"] = "afspraak"
        task["basis_note"] = "Bij ons voert de student dit gesprek in de eerste stageweek."
        data["periods"][1]["tasks"][0]["source"] = "afspraken"

    edit(content_copy / "programmes" / "hr-n2-2025-2026.yml", change)
    build(content_copy, tmp_path / "out")
    planning = text_of(read(tmp_path / "out", "planning/hr-n2-2025-2026"))
    assert "Afspraak van de school. Bij ons voert de student dit gesprek in de eerste stageweek." in planning
    assert planning.count("Bron: Afsprakenkaart") == 1
    home = read(tmp_path / "out", "")
    assert "Afspraak van de school." in home and 'href="bronnen/#bron--afspraken">Afsprakenkaart</a>' in home


def test_bad_source_references_are_refused_all_at_once(content_copy):
    edit(content_copy / "roles" / "wpb.yml", lambda d: d["tasks"][0].update(source="handboek"))
    edit(content_copy / "forms" / "startgesprek.yml", lambda d: d.update(source="Handleiding HR 2025"))

    def change(data):
        data["periods"][0]["tasks"][0]["basis"] = "uitwerking"
        data["periods"][0]["tasks"][1]["basis_note"] = "Zo staat het er."

    edit(content_copy / "programmes" / "hr-n2-2025-2026.yml", change)
    (content_copy / "documents" / "leeg.yml").write_text("title: Zonder korte naam\nsummary: x\n", encoding="utf-8")
    got = problems_of(content_copy)
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    known = "aos3r-werkplekleren, handleiding-wpb-n2, katern-werkplekopleider, leidraad-leerwerkplek, rolbeschrijvingen-noord-holland"
    assert sorted(got) == sorted(
        [
            f"{content_copy / 'documents' / 'leeg.yml'}: short: verplicht veld ontbreekt",
            f"{content_copy / 'forms' / 'startgesprek.yml'}: source: noem hier de id van een brondocument: de bestandsnaam "
            "in content/documents/ zonder .yml, bijvoorbeeld 'handleiding-2025'; de titel staat in dat bestand (gevonden: 'Handleiding HR 2025')",
            f"{content_copy / 'roles' / 'wpb.yml'}: tasks[0].source: onbekend brondocument 'handboek' (brondocumenten: {known})",
            f"{programme}: periods[0].tasks[0].basis_note: verplicht bij basis: uitwerking; schrijf wat de bron zelf zegt",
            f"{programme}: periods[0].tasks[1].basis_note: basis_note hoort bij basis: uitwerking of afspraak; "
            "laat hem weg of kies een van die",
        ]
    )


def test_ticks_in_each_source_group_are_kept_with_their_own_progress(page, site_url):
    open_page(page, site_url + "rollen/wpb/")
    section = page.locator("section[aria-labelledby='taken']")
    lists = section.locator("[data-checklist]")
    assert lists.count() == 2
    totals = [lists.nth(i).locator("input[type=checkbox]").count() for i in range(2)]
    lists.nth(0).locator("input[type=checkbox]").nth(1).check()
    lists.nth(1).locator("input[type=checkbox]").nth(0).check()
    wait_until_stored(page, 2)
    page.reload()
    ready(page)
    lists = page.locator("section[aria-labelledby='taken'] [data-checklist]")
    for i in range(2):
        assert lists.nth(i).locator("input:checked").count() == 1
        assert lists.nth(i).locator(".progress-line").inner_text().strip() == f"1 van {totals[i]} afgevinkt"
