"""Hours per role (content/hours/, seed 004): the content reproduces every total the document prints,
Python and the browser count alike, role pages show the tables, the calculator inzet/ recalculates live,
a partnership without hours gets no inzet/, and bad hours content is refused with file and field."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml
from playwright.sync_api import expect
from werkplek.errors import ContentError
from werkplek.hours import calculator_data, role_totals
from werkplek.pipeline import build, load
from werkplek.store import Store

from .helpers import CONTENT, FIXTURES, ROOT, cells, open_page, tables_of


@pytest.fixture(scope="module")
def store() -> Store:
    return Store(load(CONTENT))


def totals(store: Store, role_id: str, students: int | None = None) -> dict[str, dict[str, float | None]]:
    doc = store.hours(role_id)
    return role_totals(doc["all_tables"], doc["students"] if students is None else students)


def table_totals(store: Store, role_id: str) -> list[tuple[str, float]]:
    return [(t["per"], t["total"]) for t in store.hours(role_id)["all_tables"]]


# -- the document's own totals -----------------------------------------------------------------------


def test_every_role_with_an_hour_table_in_seed_004_has_hours(store):
    assert [doc["id"] for doc in store.hours_roles()] == ["wpb", "so", "cso", "io", "cio"]
    assert {doc["source"] for doc in store.hours_roles()} == {"rolbeschrijvingen-noord-holland"}
    assert store.documents()[1]["title"] == "Rolbeschrijvingen Samen Opleiden Noord-Holland"


def test_werkplekbegeleider_32_5_per_semester_plus_18_per_school_year(store):
    assert store.hours("wpb")["students"] == 1  # the table is for guiding one aankomend leraar
    assert table_totals(store, "wpb") == [("semester", 32.5), ("year", 18)]
    t = totals(store, "wpb")
    assert t["total"]["semester"] == 32.5
    assert t["total"]["year"] == 2 * 32.5 + 18  # two semesters a year; the document prints no year total


def test_schoolopleider_with_10_students(store):
    assert store.hours("so")["students"] == 10
    # 97 per semester, 12 overig en onvoorzien, 56 overige taken
    assert table_totals(store, "so") == [("semester", 97), ("year", 12), ("year", 56)]
    t = totals(store, "so")
    assert (t["total"]["semester"], t["total"]["year"], t["required"]["year"]) == (97, 262, 229)
    assert t["optional"]["year"] == 18 + 15  # traject werkplekbegeleiders, praktijkoriëntatiedagen
    assert (t["rate"]["semester"], t["scaled"]["semester"], t["fixed"]["semester"]) == (7.75, 77.5, 19.5)
    assert totals(store, "cso")["total"]["year"] == 266


def test_instituutsopleider_and_coordinerend_instituutsopleider(store):
    assert table_totals(store, "io") == [("year", 74), ("year", 14), ("year", 18)]
    assert totals(store, "io")["total"] == {"semester": None, "year": 74 + 14 + 18}
    assert table_totals(store, "cio")[-1] == ("year", 35)
    assert totals(store, "cio")["total"]["year"] == 141


def test_rows_add_up_to_every_printed_total(store):
    for doc in store.hours_roles():
        for table in doc["all_tables"]:
            assert table["printed_total"] in (None, table["total"]), (doc["id"], table["title"])
        for check in doc["printed_checks"]:
            assert check["printed"] == check["computed"], doc["id"]
    assert [(d["id"], len(d["printed_checks"])) for d in store.hours_roles()] == [
        ("wpb", 0),
        ("so", 2),
        ("cso", 1),
        ("io", 0),
        ("cio", 1),
    ]


def test_another_number_of_students_checked_by_hand(store):
    # SO, 12 students: per semester 12 x (1 + 2.25 + 3.5 + 1) = 93, + 19.5 werkpleklab = 112.5;
    # a year 2 x 112.5 + 12 + 56 = 293; without the optional 18 + 15: 260. CSO: + 4 = 297.
    so = totals(store, "so", 12)
    assert (so["total"]["semester"], so["total"]["year"], so["required"]["year"]) == (112.5, 293, 260)
    assert totals(store, "cso", 12)["total"]["year"] == 297
    # IO, 12 students: 39 werkpleklab + 12 x 3.5 WPA = 81, + 14 + 18 = 113; CIO + 35 = 148.
    assert totals(store, "io", 12)["total"]["year"] == 113
    assert totals(store, "cio", 12)["total"]["year"] == 148
    # WPB, 2 students: 2 x 30.5 + 2 = 63 per semester; a year 2 x 63 + 18 = 144.
    wpb = totals(store, "wpb", 2)
    assert (wpb["total"]["semester"], wpb["total"]["year"]) == (63, 144)
    # Zorg voor de aankomend leraar counts 2 students a year whatever the number: it is fixed.
    assert totals(store, "so", 0)["total"]["year"] == 2 * 19.5 + 12 + 56


def test_python_and_the_browser_module_count_alike(store):
    data = calculator_data(store.hours_roles())
    numbers = [0, 1, 7, 10, 12, 25]
    script = (
        "import { roleTotals } from './static/js/lib/hours.js';"
        f"const roles = {json.dumps(data)};"
        f"console.log(JSON.stringify(roles.map((r) => {json.dumps(numbers)}.map((n) => roleTotals(r.tables, n)))));"
    )
    run = subprocess.run(
        ["node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    in_browser = json.loads(run.stdout)
    in_python = [[role_totals(doc["all_tables"], n) for n in numbers] for doc in store.hours_roles()]
    assert in_browser == in_python


# -- pages -------------------------------------------------------------------------------------------


def test_role_page_shows_the_hour_tables(built_site):
    html = (built_site / "rollen/so/index.html").read_text(encoding="utf-8")
    assert '<section id="inzet"' in html
    semester, unforeseen, other, summary = tables_of(html)
    assert semester[0] == ["Wat", "Doel", "Duur", "Uren"]
    flits = semester[1]
    assert flits[0] == "Flitsbezoek met nagesprek"
    assert "startgesprek met aankomend leraar en werkplekbegeleider 45 minuten" in flits[2]
    assert flits[3] == "10 uur 1 uur per aankomend leraar"
    assert semester[2][3] == "19,5 uur"  # werkpleklab: fixed
    assert semester[-1] == ["Totaal per semester", "97 uur"]
    assert unforeseen[-1] == ["Totaal per schooljaar", "12 uur"]
    assert [row[0] for row in other if "optioneel" in row[0]] == [
        "Traject werkplekbegeleiders optioneel",
        "Praktijkoriëntatiedagen optioneel",
    ]
    assert other[-1] == ["Totaal per schooljaar", "56 uur"]
    assert summary[0] == ["Soort taak", "Per semester", "Per schooljaar"]
    assert summary[5] == ["Totaal", "97 uur", "262 uur"]
    assert summary[6] == ["Zonder optionele taken", "97 uur", "229 uur"]
    assert "Het document noemt 262 uur per schooljaar: dat is precies wat de rijen samen geven." in html
    assert 'href="../../inzet/#inzet--so"' in html
    assert "data-hours-mismatch" not in html


def test_included_hours_show_on_the_including_role(built_site):
    html = (built_site / "rollen/cso/index.html").read_text(encoding="utf-8")
    assert 'Deze rol doet ook alles van de rol <a href="../so/#inzet">Schoolopleider</a>' in html
    *_, extra, summary = tables_of(html)
    assert extra[1][0] == "Intern bestuurlijk overleg"
    assert summary[5] == ["Totaal", "97 uur", "266 uur"]


def test_roles_without_hours_have_no_hours_section(built_site):
    for role in ("student", "schoolleider", "stuurgroep"):
        html = (built_site / f"rollen/{role}/index.html").read_text(encoding="utf-8")
        assert 'id="inzet"' not in html and "inzet/" not in html, role
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="inzet/"' in home


def test_calculator_page_without_javascript_gives_every_role_at_the_documents_number(built_site):
    html = (built_site / "inzet/index.html").read_text(encoding="utf-8")
    assert 'class="calculator js-only"' in html
    summaries = {
        name: table for name, table in zip(["live", "wpb", "so", "cso", "io", "cio"], tables_of(html), strict=True)
    }
    assert summaries["wpb"][5] == ["Totaal", "32,5 uur", "83 uur"]
    assert summaries["so"][5] == ["Totaal", "97 uur", "262 uur"]
    assert summaries["cso"][5] == ["Totaal", "97 uur", "266 uur"]
    assert summaries["io"][5] == ["Totaal", "—", "106 uur"]
    assert summaries["cio"][5] == ["Totaal", "—", "141 uur"]
    assert summaries["live"] == summaries["wpb"]  # the calculator starts with the first role, laid out
    for role in ("wpb", "so", "cso", "io", "cio"):
        assert f'id="inzet--{role}"' in html


def test_printed_totals_that_do_not_add_up_are_said(tmp_path, content_copy):
    so = content_copy / "hours" / "so.yml"
    data = yaml.safe_load(so.read_text(encoding="utf-8"))
    data["tables"][0]["printed_total"] = 98
    data["printed_totals"]["year"] = 263
    so.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(content_copy, tmp_path / "out")
    html = (tmp_path / "out/rollen/so/index.html").read_text(encoding="utf-8")
    assert "Het document noemt onder deze tabel 98 uur, maar de rijen tellen op tot 97 uur." in html
    assert "Het document noemt 263 uur per schooljaar, maar de rijen tellen op tot 262 uur." in html
    assert "Het document noemt 229 uur per schooljaar zonder de optionele taken: dat is precies" in html


# -- the calculator in Chromium -----------------------------------------------------------------------


def test_calculator_recalculates_for_role_and_number(page, site_url):
    open_page(page, site_url + "inzet/")
    expect(page.get_by_label("Rol", exact=True)).to_have_value("wpb")
    assert cells(page)["total-semester"] == "32,5 uur"

    page.get_by_label("Rol", exact=True).select_option(label="Schoolopleider")
    students = page.get_by_label("Aantal aankomend leraren")
    expect(students).to_have_value("10")  # the document's number for this role
    got = cells(page)
    assert (got["total-semester"], got["total-year"], got["required-year"], got["optional-year"]) == (
        "97 uur",
        "262 uur",
        "229 uur",
        "33 uur",
    )
    assert (got["rate-semester"], got["scaled-semester"], got["fixed-semester"]) == ("7,75 uur", "77,5 uur", "19,5 uur")

    students.fill("12")
    got = cells(page)
    assert (got["total-semester"], got["total-year"], got["required-year"]) == ("112,5 uur", "293 uur", "260 uur")
    status = page.locator("[data-hours-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(
        "Schoolopleider, 12 aankomend leraren: 112,5 uur per semester, 293 uur per schooljaar; "
        "zonder optionele taken 260 uur per schooljaar."
    )

    page.get_by_label("Rol", exact=True).select_option(label="Coördinerend instituutsopleider")
    expect(students).to_have_value("10")
    assert (cells(page)["total-semester"], cells(page)["total-year"]) == ("—", "141 uur")
    students.press("End")
    students.press("Backspace")
    students.press("Backspace")
    students.type("12")  # by keyboard, as a user would
    assert cells(page)["total-year"] == "148 uur"
    expect(page.locator("[data-hours-role-link]")).to_have_attribute("href", "../rollen/cio/#inzet")

    students.fill("-3")
    expect(students).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-hours-hint]")).to_have_text("Vul een heel getal in, van 0 tot 999.")
    assert cells(page)["total-year"] == "—"


def test_a_role_page_link_opens_the_calculator_for_that_role(page, site_url):
    open_page(page, site_url + "rollen/cso/")
    page.get_by_role("link", name="Reken de uren uit voor een ander aantal aankomend leraren").click()
    page.wait_for_selector("html[data-ready]", state="attached")
    expect(page.get_by_label("Rol", exact=True)).to_have_value("cso")
    assert cells(page)["total-year"] == "266 uur"
    # Not left at the role's section further down (where a page without JavaScript lands): at the calculator.
    page.wait_for_function("Math.abs(document.getElementById('rekenen').getBoundingClientRect().top) < 5")


def test_without_javascript_the_tables_per_role_remain(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(site_url + "inzet/")
    expect(page.locator("[data-hours-calculator]")).to_be_hidden()
    expect(page.locator("#inzet--so table")).to_be_visible()
    expect(page.locator("#inzet--so")).to_contain_text("262 uur", use_inner_text=True)
    context.close()


# -- other content sets --------------------------------------------------------------------------------


def test_a_partnership_without_hours_has_no_calculator_and_no_links_to_it(tmp_path):
    build(FIXTURES / "partnership", tmp_path / "out")
    assert not (tmp_path / "out/inzet").exists()
    for page in (tmp_path / "out").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "inzet/" not in html and "Inzet in uren" not in html, page


def test_another_partnerships_hours_render_without_code_changes(tmp_path):
    """Other roles, other figures, trimesters: nothing of ours is assumed."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "partnership", content)
    (content / "hours").mkdir()
    (content / "documents").mkdir()
    (content / "documents" / "handboek.yml").write_text(
        "title: Handboek mentoren Noord\nshort: Handboek Noord\nsummary: Wat mentoren doen, en hoeveel uur.\n",
        encoding="utf-8",
    )
    (content / "hours" / "mentor.yml").write_text(
        "source: handboek\n"
        "source_part: hoofdstuk 4\n"
        "students: 4\n"
        "semesters_per_year: 3\n"
        "tables:\n"
        "  - title: Per trimester\n"
        "    per: semester\n"
        "    printed_total: 13\n"
        "    rows:\n"
        "      - {what: Gesprekken, per_student: 2.5}\n"
        "      - {what: Overleg, hours: 2}\n"
        "  - title: Per jaar\n"
        "    per: year\n"
        "    rows:\n"
        "      - {what: Scholing, hours: 6, optional: true}\n",
        encoding="utf-8",
    )
    build(content, tmp_path / "out")
    mentor = (tmp_path / "out/rollen/mentor/index.html").read_text(encoding="utf-8")
    # 4 x 2.5 + 2 = 12 per trimester, not the 13 printed; a year 3 x 12 + 6 = 42
    assert "Het document noemt onder deze tabel 13 uur, maar de rijen tellen op tot 12 uur." in mentor
    summary = tables_of(mentor)[-1]
    assert summary[5] == ["Totaal", "12 uur", "42 uur"]
    assert "Per schooljaar tellen de taken per semester 3 keer mee." in mentor
    assert 'Bron: <a href="../../bronnen/#bron--handboek">Handboek Noord</a>, hoofdstuk 4' in mentor
    calculator = (tmp_path / "out/inzet/index.html").read_text(encoding="utf-8")
    assert calculator.count("<option ") == 1
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert 'href="inzet/"' in home


# -- bad content ---------------------------------------------------------------------------------------


def test_bad_hours_are_refused_with_file_and_field_all_at_once(content_copy):
    hours = content_copy / "hours"
    so = yaml.safe_load((hours / "so.yml").read_text(encoding="utf-8"))
    so["tables"][2]["rows"][0]["hours"] = True  # not a number
    so["tables"][2]["per"] = "maand"
    (hours / "so.yml").write_text(yaml.safe_dump(so, allow_unicode=True, sort_keys=False), encoding="utf-8")
    wpb = yaml.safe_load((hours / "wpb.yml").read_text(encoding="utf-8"))
    del wpb["students"], wpb["semesters_per_year"]
    (hours / "wpb.yml").write_text(yaml.safe_dump(wpb, allow_unicode=True, sort_keys=False), encoding="utf-8")
    io = yaml.safe_load((hours / "io.yml").read_text(encoding="utf-8"))
    io["tables"][0]["rows"][0]["per_student"] = -1
    (hours / "io.yml").write_text(yaml.safe_dump(io, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (hours / "onbekend.yml").write_text(
        "includes: onbekend\ntables:\n  - {title: T, per: year, rows: [{what: W, hours: 1}]}\n", encoding="utf-8"
    )
    (hours / "cso.yml").write_text(
        (hours / "cso.yml").read_text(encoding="utf-8").replace("includes: so", "includes: niemand"), encoding="utf-8"
    )

    with pytest.raises(ContentError) as caught:
        load(content_copy)
    got = sorted(str(p) for p in caught.value.problems)
    path = {name: hours / f"{name}.yml" for name in ("so", "wpb", "io", "cio", "cso", "onbekend")}
    assert got == sorted(
        [
            f"{path['so']}: tables[2].per: moet een van deze waarden zijn: 'semester' of 'year' (gevonden: 'maand')",
            f"{path['so']}: tables[2].rows[0].hours: moet een getal zijn (bijvoorbeeld 2 of 19.5) (gevonden: True)",
            f"{path['io']}: tables[0].rows[0].per_student: moet minstens 0 zijn (gevonden: -1)",
            f"{path['wpb']}: semesters_per_year: verplicht veld ontbreekt: er is een tabel per semester; "
            "hoeveel semesters heeft een schooljaar?",
            f"{path['wpb']}: students: verplicht veld ontbreekt: een rij heeft per_student; "
            "met hoeveel aankomend leraren rekent het document?",
            f"{path['cso']}: includes: onbekende rol met uren 'niemand' (geen content/hours/niemand.yml)",
            f"{path['onbekend']}: onbekende rol 'onbekend': een urenbestand heet naar zijn rol "
            "(geen content/roles/onbekend.yml)",
            f"{path['onbekend']}: includes: kringverwijzing (onbekend -> onbekend): een rol kan zichzelf niet bevatten",
        ]
    )


def test_rows_need_hours_or_per_student_and_included_numbers_agree(content_copy):
    hours = content_copy / "hours"
    so = yaml.safe_load((hours / "so.yml").read_text(encoding="utf-8"))
    so["tables"][0]["rows"][0]["hours"] = 1
    del so["tables"][1]["rows"][0]["hours"]
    (hours / "so.yml").write_text(yaml.safe_dump(so, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (hours / "cio.yml").write_text((hours / "cio.yml").read_text(encoding="utf-8") + "students: 11\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(content_copy)
    assert sorted(str(p) for p in caught.value.problems) == sorted(
        [
            f"{hours / 'so.yml'}: tables[0].rows[0].per_student: geef hours (vast) óf per_student "
            "(per aankomend leraar), niet allebei",
            f"{hours / 'so.yml'}: tables[1].rows[0].hours: geef de uren: hours (vast) of per_student (per aankomend leraar)",
            f"{hours / 'cio.yml'}: students: 'io' rekent met 10 aankomend leraren en dit bestand met 11; "
            "geef één aantal (of laat students hier weg)",
        ]
    )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("hours", "1.0e+307", "mag hoogstens 2000 zijn"),  # check said yes, build overflowed
        ("hours", "1" + "0" * 400, "moet een getal zijn"),  # an int too large for a float
        ("hours", ".nan", "moet een gewoon getal zijn"),
        ("hours", ".inf", "moet een gewoon getal zijn"),
        ("per_student", "1.0e+300", "mag hoogstens 2000 zijn"),
        ("students", "1" + "0" * 300, "mag hoogstens 10000 zijn"),
        ("semesters_per_year", "1" + "0" * 300, "mag hoogstens 4 zijn"),
    ],
)
def test_absurd_numbers_are_refused_by_check_and_build_alike(content_copy, tmp_path, field, value, message):
    from click.testing import CliRunner
    from werkplek.__main__ import cli

    so = content_copy / "hours" / "so.yml"
    data = yaml.safe_load(so.read_text(encoding="utf-8"))
    row = data["tables"][0]["rows"][0]
    if field in ("hours", "per_student"):
        row.pop("hours", None), row.pop("per_student", None)
        row[field] = "@@"
        target = "tables nr. 1 › rows nr. 1 › " + field
    else:
        data[field] = "@@"
        target = field
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace("'@@'", value)
    so.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    for command in (
        ["check", "--content", str(content_copy)],
        ["build", "--content", str(content_copy), "--out", str(out)],
    ):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1, (command[0], result.output)
        assert isinstance(result.exception, SystemExit), (command[0], result.exception)
        lines = [line for line in result.output.splitlines() if str(so) in line]
        # as an editor counts: the line of the value, list positions from 1
        line = next(i for i, text in enumerate(so.read_text(encoding="utf-8").splitlines(), 1) if value in text)
        assert len(lines) == 1 and f"so.yml:{line}: {target}: {message}" in lines[0], (command[0], result.output)
    assert not out.exists()
