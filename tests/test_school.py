"""The quality scan and the school portrait (seeds 000 and 001): both forms are complete and work in the form
engine; a published portrait renders as school/<id>/ with its Voorbeeld notice; without portraits there is no
school page and no link to one; a broken portrait is refused with file and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from playwright.sync_api import expect
from werkplek.pipeline import build, load

from .helpers import CONTENT, FIXTURES, edit, fill_every_item, open_page, problems_of, read_every_item, ready, saved

SCAN = "kwaliteitsscan-leerwerkplek"
PORTRAIT = "schoolportret"
# The 14 groups of the leidraad "goede leerwerkplek" and how many criteria each has (counted in the seed).
SEED_GROUPS = {
    "Visie": 2,
    "Positionering": 2,
    "Werkplekcurriculum": 5,
    "Kwaliteit personeel": 8,
    "Begeleiding richt zich op": 19,
    "Flexibel opleiden": 1,
    "Veiligheid": 7,
    "Beoordeling": 2,
    "Randvoorwaarden": 8,
    "Communicatie": 4,
    "Observeren en oriëntatie": 5,
    "Deelname aan activiteiten in de dagelijkse schoolpraktijk": 5,
    "Praktisch": 8,
    "Kwaliteitszorg": 3,
}
# The parts of the template "De leerwerkplek" (seed 001), in order.
PORTRAIT_PARTS = [
    "algemeen",
    "organisatie",
    "expertise",
    "zorgteam",
    "netwerk",
    "voorzieningen",
    "karakteristiek",
    "onderwijsconcept",
    "opleidingsteam",
    "theorie-praktijk",
    "leermogelijkheden",
    "externe-partners",
    "onderzoek",
]


def items_of(section, kind):
    return [item for item in section.items if item.kind == kind]


def test_the_quality_scan_has_all_14_groups_with_the_seed_criteria():
    content = load(CONTENT)
    scan = content.forms[SCAN]
    groups, last = scan.sections[:-1], scan.sections[-1]
    assert {s.title: len(items_of(s, "scale")) for s in groups} == SEED_GROUPS
    assert [s.title for s in groups] == list(SEED_GROUPS)  # in the seed's order
    assert sum(SEED_GROUPS.values()) == 79
    for section in groups:
        # every criterion rated, then one short remark for the group
        assert [i.kind for i in section.items] == ["scale"] * SEED_GROUPS[section.title] + ["text"], section.title
        assert section.items[-1].text == "Opmerking" and section.items[-1].size == "short"
    assert [(i.kind, i.size, i.text) for i in last.items] == [("text", "long", "Verbeterpunten")]
    # Point 1 is the lowest, so an average reads worse-to-better; n.v.t. stays out of it.
    [scale] = scan.scales.values()
    assert scale.labels == ["voldoet niet", "voldoet deels", "voldoet"] and scale.na
    assert set(scan.filled_by) == {"so", "schoolleider"} and scan.about is None
    document = content.documents[scan.source]
    assert "goede leerwerkplek" in document.title and "3 november 2021" in document.publisher
    # The begeleidingsdomeinen come from this leidraad: the scan links every one of them.
    assert set(scan.domains) == set(content.domains)


def test_the_school_portrait_has_every_part_with_tick_lists_and_open_questions():
    portrait = load(CONTENT).forms[PORTRAIT]
    assert [s.id for s in portrait.sections] == PORTRAIT_PARTS
    choices = [i for s in portrait.sections for i in items_of(s, "choice")]
    assert len(choices) == 8
    assert all(c.multiple and c.other for c in choices)  # tick lists with "anders, namelijk"
    long_texts = {i.id for s in portrait.sections for i in items_of(s, "text") if i.size == "long"}
    assert {
        "ligging",
        "schoolpopulatie",
        "visie-missie",
        "speerpunten",
        "concept",
        "didactiek",
        "pedagogiek",
        "ouders",
        "professionele-cultuur",
        "schoolcultuur",
        "onderzoeksonderwerpen",
    } == long_texts
    assert "so" in portrait.filled_by and portrait.about is None
    document = load(CONTENT).documents[portrait.source]
    assert "AOS3R" in document.publisher and "opleiden in de context van de school" in document.title


def test_both_forms_fill_in_reload_and_show_a_result_per_group(context, site_url):
    page = context.new_page()
    for form_id in (SCAN, PORTRAIT):
        open_page(page, site_url + f"formulieren/{form_id}/")
        assert re.search(r"\?invulling=[0-9a-f-]{36}$", page.url), page.url
        expected = fill_every_item(page)
        if form_id == PORTRAIT:  # "anders, namelijk" with its own text, kept under <id>:anders
            page.locator("[data-item='netwerk'] input[value='anders']").check()
            page.locator("input[name='netwerk:anders']").fill("Sportvereniging in de wijk")
        saved(page)
        page.reload()
        ready(page)
        assert read_every_item(page) == expected, form_id
        if form_id == PORTRAIT:
            expect(page.locator("input[name='netwerk:anders']")).to_have_value("Sportvereniging in de wijk")
            expect(page.locator("[data-item='netwerk'] input[value='anders']")).to_be_checked()
        else:
            # The results: one row per group of criteria, the remarks and improvements not counted.
            rows = page.locator("[data-results-table] tbody tr")
            expect(rows).to_have_count(14)
            expect(rows.nth(0).locator("th")).to_have_text("Visie", use_inner_text=True)
            expect(rows.nth(0).locator("td").first).to_have_text(re.compile(r"^\d,\d van 3$"), use_inner_text=True)


def test_the_school_page_shows_the_example_as_an_example(built_site):
    doc = yaml.safe_load((CONTENT / "schools" / "voorbeeldcollege.yml").read_text(encoding="utf-8"))
    assert doc["example"] is True
    listing = (built_site / "school" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Wat heeft deze school jou te bieden?</h1>" in listing
    assert 'href="voorbeeldcollege/"' in listing and '<span class="badge">Voorbeeld</span>' in listing
    html = (built_site / "school" / "voorbeeldcollege" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="notice" data-example><strong>Voorbeeld\.</strong> Deze school bestaat niet', html)
    assert f"<h1>{doc['name']}</h1>" in html
    assert re.search(
        r'Bron: <a href="../../bronnen/#bron--aos3r-werkplekleren">Werkplekleren AOS3R</a>, '
        r'sjabloon De leerwerkplek; de inhoud is een eigen voorbeeld',
        html,
    )
    for section in doc["sections"]:
        assert f"<h2>{section['heading']}</h2>" in html
        for item in section.get("items", []):
            assert f"<li>{item}</li>" in html
    # Linked from the start page's cards and from the footer of every page.
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<li class="card"><h3><a href="school/">Scholen</a></h3>', home)
    assert '<li><a href="../../school/">Scholen</a></li>' in (built_site / "rollen" / "wpb" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_portrait_without_the_example_flag_has_no_notice(content_copy, tmp_path):
    edit(content_copy / "schools" / "voorbeeldcollege.yml", lambda d: d.pop("example"))
    build(content_copy, tmp_path / "build")
    html = (tmp_path / "build" / "school" / "voorbeeldcollege" / "index.html").read_text(encoding="utf-8")
    assert "data-example" not in html and "<strong>Voorbeeld.</strong>" not in html
    listing = (tmp_path / "build" / "school" / "index.html").read_text(encoding="utf-8")
    assert "Het Voorbeeldcollege" in listing and '<span class="badge">Voorbeeld</span>' not in listing


def test_without_portraits_there_is_no_school_page_and_no_link(content_copy, tmp_path):
    for name, content in (("partnership", FIXTURES / "partnership"), ("default", content_copy)):
        if name == "default":
            shutil.rmtree(content_copy / "schools")
        out = tmp_path / name
        build(content, out)
        assert not (out / "school").exists(), name
        for page in out.rglob("index.html"):
            html = page.read_text(encoding="utf-8")
            assert not re.search(r'href="[./]*school/', html), (name, page)
            assert "Scholen" not in html, (name, page)


def test_a_broken_portrait_fails_with_file_and_field(content_copy):
    path = content_copy / "schools" / "voorbeeldcollege.yml"

    def breaks(doc):
        doc.pop("summary")
        doc["example"] = "ja"
        doc["sections"][1]["items"] = "taalgericht vakonderwijs"
        doc["adres"] = "Straat 1"

    edit(path, breaks)
    problems = problems_of(content_copy)
    assert f"{path}: summary: verplicht veld ontbreekt" in problems
    assert f"{path}: adres: onbekend veld (typefout in de naam?)" in problems
    assert any(p.startswith(f"{path}: example: ") for p in problems), problems
    assert any(p.startswith(f"{path}: sections[1].items: ") for p in problems), problems
    assert len(problems) == 4


def test_an_empty_portrait_list_of_sections_is_refused(content_copy):
    path = content_copy / "schools" / "voorbeeldcollege.yml"
    edit(path, lambda d: d.update(sections=[]))
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{path}: sections: ")


def test_the_json_schema_for_portraits_is_written(tmp_path):
    from click.testing import CliRunner
    from werkplek.__main__ import cli

    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "school.json").read_bytes() == (Path(CONTENT).parent / "schema" / "school.json").read_bytes()
