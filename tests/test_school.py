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
        "aanbod-in-het-kort",
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


# --- werkplek school import: an exported portrait becomes the school's page ---------------------------------

ENTRY_ID = "0b9a3c5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"


def exported_portrait(built_site: Path, school: str = "Basisschool De Linde", **changes) -> dict:
    """The file "Download deze invulling" writes (backup.js makeBackup around one entries.js record), with an
    answer to every question of the built form (formulieren/schoolportret/vragen.json)."""
    import json

    questions = json.loads((built_site / "formulieren" / PORTRAIT / "vragen.json").read_text(encoding="utf-8"))
    answers: dict = {}
    for section in questions["sections"]:
        for item in section["items"]:
            if item["kind"] == "text":
                answers[item["id"]] = f"Over {item['text'].lower()} bij ons."
            elif item["kind"] == "choice":
                answers[item["id"]] = [item["options"][0], item["options"][-1], "anders"]
                answers[item["id"] + ":anders"] = f"Eigen antwoord bij {item['id']}"
    answers["postcode-plaats"] = "2011 AB Haarlem"
    answers["aanbod-in-het-kort"] = "Een kleine school waar je in elke groep mag meedraaien."
    answers["ligging"] = "Midden in de wijk.\n\nNaast het park."
    at = "2026-11-30T10:00:00.000Z"
    entry = {
        "id": ENTRY_ID,
        "form": PORTRAIT,
        "version": "0123456789abcdef",
        "created": at,
        "updated": at,
        "state": "afgerond",
        "completed": at,
        "meta": {"school": school, "ingevuld-door": "Anna Jansen, schoolopleider", "datum": "2026-11-30"},
        "answers": answers,
    }
    entry.update(changes)
    return {
        "app": "werkplek",
        "format": 3,
        "exported": at,
        "scope": "/",
        "ticks": {},
        "prefs": {},
        "entries": [entry],
        "visits": [],
        "profile": None,
    }


def run_import(*args):
    from click.testing import CliRunner
    from werkplek.__main__ import cli

    return CliRunner().invoke(cli, ["school", "import", *map(str, args)])


def write_json(path: Path, data) -> Path:
    import json

    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_exported_portrait_becomes_the_schools_page(built_site, content_copy, tmp_path):
    exported = exported_portrait(built_site)
    entry_file = write_json(tmp_path / "schoolportret-de-linde.json", exported)
    result = run_import(entry_file, "--content", content_copy)
    assert result.exit_code == 0, result.output
    target = content_copy / "schools" / "basisschool-de-linde.yml"
    assert f"{target} geschreven: Basisschool De Linde" in result.output
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert doc["name"] == "Basisschool De Linde" and doc["place"] == "2011 AB Haarlem"
    assert doc["summary"] == "Een kleine school waar je in elke groep mag meedraaien."
    assert doc["source"] == "aos3r-werkplekleren" and "example" not in doc
    out = tmp_path / "build"
    build(content_copy, out)
    html = (out / "school" / "basisschool-de-linde" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Basisschool De Linde</h1>" in html and "data-example" not in html
    assert "Wat heeft deze school jou te bieden? · 2011 AB Haarlem" in html
    assert '<p class="lead">Een kleine school waar je in elke groep mag meedraaien.</p>' in html
    # Every answer is on the page: texts as paragraphs (a blank line starts a new one), tick lists as lists
    # with the "anders, namelijk" text, one-line answers as "question: answer" under the part's title.
    portrait = load(content_copy).forms[PORTRAIT]
    answers = exported["entries"][0]["answers"]
    for section in portrait.sections:
        for item in section.items:
            if item.id in ("postcode-plaats", "aanbod-in-het-kort"):
                continue
            if item.kind == "choice":
                for option in (item.options[0], item.options[-1], f"Eigen antwoord bij {item.id}"):
                    assert f"<li>{html_escape(option)}</li>" in html, (item.id, option)
            elif item.size == "short":
                assert f"<li>{html_escape(item.text)}: {html_escape(answers[item.id])}</li>" in html, item.id
            elif item.id != "ligging":
                assert f"<p>{html_escape(answers[item.id])}</p>" in html, item.id
    assert "<p>Midden in de wijk.</p>" in html and "<p>Naast het park.</p>" in html
    assert "<h2>Algemene gegevens</h2>" in html and "<h2>Hoe en waar ligt de school?</h2>" in html
    assert "Anna Jansen" not in html  # who filled it in is not published
    listing = (out / "school" / "index.html").read_text(encoding="utf-8")
    assert 'href="basisschool-de-linde/"' in listing and 'href="voorbeeldcollege/"' in listing


def html_escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def test_dry_run_writes_nothing_and_an_existing_portrait_needs_force(built_site, content_copy, tmp_path):
    entry_file = write_json(tmp_path / "portret.json", exported_portrait(built_site, school="Het Voorbeeldcollege"))
    target = content_copy / "schools" / "het-voorbeeldcollege.yml"
    result = run_import(entry_file, "--content", content_copy, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "name: Het Voorbeeldcollege" in result.output
    assert f"Proef: zou {target} schrijven" in result.output and not target.exists()
    # --id picks the file: the hand-written example portrait is not replaced without --force.
    before = (content_copy / "schools" / "voorbeeldcollege.yml").read_bytes()
    result = run_import(entry_file, "--content", content_copy, "--id", "voorbeeldcollege")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Fout: {content_copy / 'schools' / 'voorbeeldcollege.yml'}: bestaat al; gebruik --force"
    )
    assert "er is niets geschreven" in result.output
    result = run_import(entry_file, "--content", content_copy, "--id", "voorbeeldcollege", "--dry-run")
    assert result.exit_code == 0 and "bestaat al; zonder --force vervangt import het niet" in result.output
    assert (content_copy / "schools" / "voorbeeldcollege.yml").read_bytes() == before
    result = run_import(entry_file, "--content", content_copy, "--id", "voorbeeldcollege", "--force")
    assert result.exit_code == 0 and "vervangen: Het Voorbeeldcollege" in result.output
    replaced = yaml.safe_load((content_copy / "schools" / "voorbeeldcollege.yml").read_text(encoding="utf-8"))
    assert replaced["place"] == "2011 AB Haarlem" and "example" not in replaced
    load(content_copy)  # the written portrait is content the build reads


def _bad_files(built_site: Path) -> list[tuple[str, object, str]]:
    good = exported_portrait(built_site)
    entry = good["entries"][0]

    def with_entry(**changes):
        return {**good, "entries": [{**entry, **changes}]}

    return [
        ("kapot", "{ niet af", "geen geldige JSON op regel 1, kolom 3 (is het bestand compleet?)"),
        ("ander-programma", {"name": "iets anders", "entries": []}, "dit is geen bestand van Werkplek"),
        ("nieuwer", {**good, "format": 9}, "het bestand komt uit een nieuwere versie van de app (formaat 9)"),
        ("vinkjes", {**good, "format": 1}, "dit bestand (formaat 1) bevat geen invullingen"),
        ("twee", {**good, "entries": [entry, entry]}, "het bestand bevat 2 invullingen; exporteer één schoolportret"),
        ("leeg", {**good, "entries": []}, "het bestand bevat geen invulling"),
        (
            "kijkwijzer",
            with_entry(form="kijkwijzer-pedagogiek"),
            "dit is een invulling van 'Kijkwijzer pedagogiek', geen schoolportret",
        ),
        (
            "vreemd-formulier",
            with_entry(form="enquete"),
            "de invulling hoort bij formulier 'enquete', dat deze inhoud niet heeft",
        ),
        ("zonder-naam", with_entry(meta={"datum": "2026-11-30"}), "het portret heeft geen schoolnaam"),
        (
            "verkeerde-keuze",
            with_entry(answers={**entry["answers"], "zorgteam": ["Tovenaar"]}),
            "'Tovenaar' is geen keuze bij 'Wie zitten er in het zorgteam?' in dit formulier",
        ),
        (
            "geen-tekst",
            with_entry(answers={**entry["answers"], "ligging": 42}),
            "het antwoord bij 'Hoe en waar ligt de school?' is geen tekst",
        ),
        ("leeg-portret", with_entry(answers={}), "het portret heeft nog geen antwoorden"),
    ]


def test_a_malformed_foreign_or_other_file_is_refused_in_dutch_and_nothing_is_written(
    built_site, content_copy, tmp_path
):
    before = {p.name: p.read_bytes() for p in (content_copy / "schools").iterdir()}
    for name, data, message in _bad_files(built_site):
        path = tmp_path / f"{name}.json"
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            write_json(path, data)
        result = run_import(path, "--content", content_copy)
        assert result.exit_code == 1, (name, result.output)
        # One Dutch line: the file, what is wrong, and that nothing was written.
        assert result.output.startswith(f"Fout: {path}: {message}"), (name, result.output)
        assert result.output.endswith("; er is niets geschreven.\n") and result.output.count("\n") == 1, name
        assert "Traceback" not in result.output and "Error" not in result.output
        assert {p.name: p.read_bytes() for p in (content_copy / "schools").iterdir()} == before, name
    missing = run_import(tmp_path / "bestaat-niet.json", "--content", content_copy)
    assert missing.exit_code == 1 and "bestand niet gevonden; er is niets geschreven." in missing.output


def test_a_school_page_naming_a_question_the_form_lacks_is_refused(content_copy):
    path = content_copy / "forms" / "schoolportret.yml"
    edit(path, lambda d: d["school_page"].update(place="plaats", leave_out=["telefoon", "geen-deel"]))
    problems = problems_of(content_copy)
    assert f"{path}: school_page.place: onbekende vraag 'plaats' (geen vraag met dit id in dit formulier)" in problems
    assert (
        f"{path}: school_page.leave_out[1]: onbekende vraag of onbekend deel 'geen-deel' in dit formulier" in problems
    )
    assert len(problems) == 2


def test_a_portrait_filled_in_and_downloaded_in_the_browser_becomes_the_schools_page(
    browser, site_url, content_copy, tmp_path
):
    """The whole way in real Chromium: fill in the schoolportret, "Download deze invulling", import, build."""
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    open_page(page, site_url + f"formulieren/{PORTRAIT}/")
    expected = fill_every_item(page)
    page.locator("[data-item='school'] input").fill("Basisschool Het Anker")
    page.locator("[data-item='postcode-plaats'] input").fill("1011 AA Amsterdam")
    saved(page)
    with page.expect_download() as download:
        page.locator("[data-export-entry]").click()
    exported = tmp_path / "portret.json"
    download.value.save_as(exported)
    context.close()

    result = run_import(exported, "--content", content_copy)
    assert result.exit_code == 0, result.output
    assert (content_copy / "schools" / "basisschool-het-anker.yml").is_file()
    out = tmp_path / "build"
    build(content_copy, out)
    html = (out / "school" / "basisschool-het-anker" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Basisschool Het Anker</h1>" in html and "· 1011 AA Amsterdam" in html
    portrait = load(content_copy).forms[PORTRAIT]
    author = next(m.id for m in portrait.metadata if m.fills == "author")
    summary = portrait.school_page.summary
    assert f'<p class="lead">{html_escape(expected[summary])}</p>' in html
    for section in portrait.sections:
        for item in section.items:
            if item.id in (summary, "postcode-plaats"):
                continue
            answer = html_escape(expected[item.id])
            if item.kind == "text" and item.size == "short":
                assert f"<li>{html_escape(item.text)}: {answer}</li>" in html, item.id
            elif item.kind == "text":
                assert f"<p>{answer}</p>" in html, item.id
            else:  # the first option, as fill_every_item ticks it
                assert f"<li>{answer}</li>" in html, item.id
    assert html_escape(expected[author]) not in html  # who filled it in is not published
    assert "<b>geen html</b>" not in html
