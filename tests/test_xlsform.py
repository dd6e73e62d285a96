"""A form from a spreadsheet (issue 18 §1): `werkplek form import` / `form export` (xlsform.py). Every form
of the default content and of another partnership survives YAML -> XLSX -> YAML; a kijkwijzer written in
Excel by someone who never saw the YAML imports, builds, is filled in offline in Chromium and counts for a
requirement; a bad workbook gets every problem in Dutch with sheet, row and column, and nothing is written."""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect
from pydantic import BaseModel
from werkplek.__main__ import cli
from werkplek.pipeline import build, load
from werkplek.schema.form import Form
from werkplek.xlsform import CHOICES_COLUMNS, SETTINGS_COLUMNS, SURVEY_COLUMNS, export_form, read_workbook

from .helpers import (
    CONTENT,
    FIXTURES,
    ROOT,
    edit,
    fill_every_item,
    open_page,
    pick_role,
    serve_directory,
    tree_digest,
    wait_for_worker,
)

FORM_DIRS = [CONTENT / "forms", FIXTURES / "partnership-full" / "forms"]
FORM_FILES = sorted(p for folder in FORM_DIRS for p in folder.glob("*.yml"))


def run(*args: str):
    return CliRunner().invoke(cli, [*args])


def form_of(path: Path) -> Form:
    return Form.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("form_file", FORM_FILES, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_every_form_survives_the_round_trip_through_a_workbook(form_file, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(form_file.parents[1], content)
    workbook = tmp_path / f"{form_file.stem}.xlsx"
    result = run("form", "export", form_file.stem, "--out", str(workbook), "--content", str(content))
    assert result.exit_code == 0, result.output
    assert load_workbook(workbook).sheetnames == ["survey", "choices", "settings"]
    result = run("form", "import", str(workbook), "--id", form_file.stem, "--content", str(content), "--replace")
    assert result.exit_code == 0, result.output
    written = content / "forms" / f"{form_file.stem}.yml"
    assert form_of(written) == form_of(form_file)
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schema/form.json\n")
    assert load(content).forms[form_file.stem] == form_of(form_file)  # and the build reads it


# Every field the form schema has, each set to something other than its default: export must write them all.
EVERY_FIELD = {
    "title": "Alles",
    "summary": "Een formulier met elk veld dat een formulier kan hebben.",
    "notice": "Een startpunt; het partnerschap vervangt het.",
    "source": "handleiding-wpb-n2",
    "source_part": "bijlage 3",
    "filled_by": ["so", "schoolleider"],
    "about": "student",
    "share_with": "wpb",
    "domains": ["lesobservaties"],
    "school_page": {"place": "plaats", "summary": "kort", "leave_out": ["telefoon", "extra"]},
    "scales": {
        "vier": {
            "labels": ["nooit", "soms", "vaak", "altijd"],
            "basis_note": "De bron noemt vier punten;\nde labels zijn van ons.",
            "na": True,
            "na_label": "kan ik niet zeggen",
        }
    },
    "metadata": [
        {
            "id": "school",
            "kind": "text",
            "text": "School",
            "size": "long",
            "fills": "school",
            "hint": "Voluit",
            "examples": ["De Vlinder", "Het Kompas"],
            "required": True,
        },
        {
            "id": "datum",
            "kind": "date",
            "text": "Datum",
            "fills": "date",
            "hint": "Van het bezoek",
            "examples": ["de eerste dag"],
            "required": True,
        },
        {
            "id": "rol",
            "kind": "choice",
            "text": "Rol",
            "options": ["schoolleider", "so"],
            "multiple": True,
            "other": True,
            "fills": "author",
            "hint": "Van wie invult",
            "examples": ["so"],
            "required": True,
        },
    ],
    "sections": [
        {
            "id": "algemeen",
            "title": "Algemeen",
            "intro": "Over de school.",
            "items": [
                {"id": "plaats", "kind": "text", "text": "Plaats", "hint": "Met postcode", "required": True},
                {"id": "kort", "kind": "text", "text": "In het kort", "size": "long", "examples": ["Een school"]},
                {"id": "telefoon", "kind": "text", "text": "Telefoon"},
                {
                    "id": "sfeer",
                    "kind": "scale",
                    "scale": "vier",
                    "text": "Sfeer",
                    "hint": "Kijk",
                    "examples": ["rustig"],
                    "required": True,
                },
                {
                    "id": "gezien",
                    "kind": "check",
                    "text": "Gezien",
                    "hint": "Vink",
                    "examples": ["ja"],
                    "required": True,
                },
                {
                    "id": "open",
                    "kind": "date",
                    "text": "Open dag",
                    "hint": "Wanneer",
                    "examples": ["in maart"],
                    "required": True,
                },
                {
                    "id": "aanbod",
                    "kind": "choice",
                    "text": "Aanbod",
                    "options": ["1", "nvt", "Dalton"],  # names that would read as a scale are not written as such
                    "multiple": True,
                    "other": True,
                    "hint": "Wat er is",
                    "examples": ["Dalton"],
                    "required": True,
                },
            ],
        },
        {  # a text that begins with '=' stays text in the workbook, not a formula
            "id": "extra",
            "title": "Extra",
            "items": [{"id": "meer", "kind": "text", "text": "= wat de bron zegt, en meer"}],
        },
    ],
}


def _models(annotation) -> set[type[BaseModel]]:
    """The models an annotation can hold (through lists, dicts, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    return {m for arg in typing.get_args(annotation) for m in _models(arg)}


def _set_fields(value, seen: set[tuple[type, str]]) -> None:
    """Every (model, field) that has a value other than its default somewhere in value."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            if field.is_required() or getattr(value, name) != field.default:
                seen.add((type(value), name))
            _set_fields(getattr(value, name), seen)
    elif isinstance(value, list | tuple):
        for v in value:
            _set_fields(v, seen)
    elif isinstance(value, dict):
        for v in value.values():
            _set_fields(v, seen)


def test_export_writes_every_field_of_the_form_schema(tmp_path):
    form = Form.model_validate(EVERY_FIELD)
    models, todo = set(), [Form]
    while todo:
        model = todo.pop()
        if model not in models:
            models.add(model)
            todo += [m for f in model.model_fields.values() for m in _models(f.annotation)]
    everything = {(model, name) for model in models for name in model.model_fields}
    seen: set[tuple[type, str]] = set()
    _set_fields(form, seen)
    assert everything - seen == set(), "EVERY_FIELD misses a field of the schema; add it (and carry it in xlsform.py)"
    workbook = tmp_path / "alles.xlsx"
    export_form(form, "alles", workbook)
    imported = read_workbook(workbook)
    assert imported.problems == []
    assert Form.model_validate(imported.data) == form
    export_form(Form.model_validate({**EVERY_FIELD, "share_with": False}), "alles", workbook)
    assert Form.model_validate(read_workbook(workbook).data).share_with is False


def test_an_empty_school_page_survives_the_round_trip(tmp_path):
    form = Form.model_validate({**EVERY_FIELD, "school_page": {}})  # a portrait, nothing left out
    workbook = tmp_path / "portret.xlsx"
    export_form(form, "portret", workbook)
    assert Form.model_validate(read_workbook(workbook).data).school_page == form.school_page


# -- a kijkwijzer made in Excel, as someone who never saw the YAML would write it --------------------------

SURVEY = [
    ("type", "name", "label", "hint", "required", "appearance", "fills"),
    ("text", "naam_student", "Naam van de student", None, "yes", None, "about"),
    ("text", "observator", "Jouw naam en rol", "Bijvoorbeeld: Sanne, werkplekbegeleider", "yes", None, "author"),
    ("date", "datum", "Datum van de les", None, "yes", None, "date"),
    ("begin_group", "klassenklimaat", "Klassenklimaat", None, None, None, None),
    ("note", "uitleg_klimaat", "Let op de sfeer in de klas en hoe de student die bewaakt.", None, None, None, None),
    ("select_one vierpunt", "sfeer", "De student zorgt voor een veilige, ontspannen sfeer.", None, None, None, None),
    ("select_one vierpunt", "regels", "De student hanteert duidelijke regels en afspraken.", None, None, None, None),
    ("end_group", None, None, None, None, None, None),
    ("begin group", "lesverloop", "Lesverloop", "Hoe verloopt de les van begin tot eind?", None, None, None),
    ("select_one vierpunt", "start", "De les begint op tijd en met een duidelijk doel.", None, None, None, None),
    ("select_multiple werkvormen", "werkvormen", "Welke werkvormen zag je?", None, None, None, None),
    ("end group", None, None, None, None, None, None),
    ("begin_group", "nabespreking", "Nabespreking", None, None, None, None),
    ("text", "sterk", "Wat ging er goed?", None, "TRUE", "multiline", None),
    ("text", "verbeter", "Wat kan er beter?", None, None, "multiline", None),
    ("date", "volgend_bezoek", "Datum van het volgende bezoek", None, True, None, None),
    ("end_group", None, None, None, None, None, None),
]
CHOICES = [
    ("list_name", "name", "label"),
    ("vierpunt", 1, "onvoldoende"),
    ("vierpunt", 2, "matig"),
    ("vierpunt", 3, "voldoende"),
    ("vierpunt", 4, "goed"),
    ("vierpunt", "nvt", "n.v.t."),
    ("werkvormen", "klassikaal", "Klassikale uitleg"),
    ("werkvormen", "groepjes", "Werken in groepjes"),
    ("werkvormen", "zelfstandig", "Zelfstandig werken"),
]
SETTINGS = [
    ("form_title", "form_id", "summary", "filled_by", "about", "domains"),
    (
        "Kijkwijzer klassenmanagement",
        "kijkwijzer_excel",
        "Voor een lesbezoek: kijk naar klimaat en lesverloop en bespreek het na de les.",
        "wpb so",
        "student",
        "lesobservaties",
    ),
]


def workbook_file(path: Path, survey=SURVEY, choices=CHOICES, settings=SETTINGS, sheets=None) -> Path:
    """A workbook as Excel writes it: one sheet per table, headers in row 1."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in (sheets or {"survey": survey, "choices": choices, "settings": settings}).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def test_a_kijkwijzer_from_excel_becomes_the_form_its_writer_meant(tmp_path, content_copy):
    workbook = workbook_file(tmp_path / "Kijkwijzer klassenmanagement.xlsx")
    result = run("form", "import", str(workbook), "--id", "kijkwijzer-excel", "--content", str(content_copy))
    assert result.exit_code == 0, result.output
    assert "kijkwijzer-excel.yml geschreven uit" in result.output
    form = load(content_copy).forms["kijkwijzer-excel"]
    assert form.title == "Kijkwijzer klassenmanagement"
    assert (form.filled_by, form.about, form.domains) == (["wpb", "so"], "student", ["lesobservaties"])
    # the list with names 1..4 and nvt is a scale; the other list stays a choice
    assert list(form.scales) == ["vierpunt"]
    scale = form.scales["vierpunt"]
    assert (scale.labels, scale.na, scale.na_label) == (["onvoldoende", "matig", "voldoende", "goed"], True, "n.v.t.")
    assert [(m.id, m.kind, m.fills, m.required) for m in form.metadata] == [
        ("naam-student", "text", "about", True),
        ("observator", "text", "author", True),
        ("datum", "date", "date", True),
    ]
    assert form.metadata[1].hint == "Bijvoorbeeld: Sanne, werkplekbegeleider"
    assert [(s.id, s.title, s.intro) for s in form.sections] == [
        ("klassenklimaat", "Klassenklimaat", "Let op de sfeer in de klas en hoe de student die bewaakt."),
        ("lesverloop", "Lesverloop", "Hoe verloopt de les van begin tot eind?"),
        ("nabespreking", "Nabespreking", None),
    ]
    items = {i.id: i for s in form.sections for i in s.items}
    assert [items[k].kind for k in ("sfeer", "regels", "start")] == ["scale"] * 3
    assert items["werkvormen"].kind == "choice" and items["werkvormen"].multiple
    assert items["werkvormen"].options == ["Klassikale uitleg", "Werken in groepjes", "Zelfstandig werken"]
    assert (items["sterk"].size, items["sterk"].required, items["verbeter"].required) == ("long", True, False)
    assert (items["volgend-bezoek"].kind, items["volgend-bezoek"].required) == ("date", True)
    text = (content_copy / "forms" / "kijkwijzer-excel.yml").read_text(encoding="utf-8")
    assert "# Ingelezen uit Kijkwijzer klassenmanagement.xlsx" in text
    assert "    labels: [onvoldoende, matig, voldoende, goed]\n" in text  # written as a person writes it
    # Exported again, the workbook reads back to the same form.
    again = tmp_path / "terug.xlsx"
    assert run("form", "export", "kijkwijzer-excel", "--out", str(again), "--content", str(content_copy)).exit_code == 0
    result = run("form", "import", str(again), "--id", "kijkwijzer-excel", "--content", str(content_copy), "--replace")
    assert result.exit_code == 0, result.output
    assert load(content_copy).forms["kijkwijzer-excel"] == form


def test_the_excel_kijkwijzer_is_filled_in_offline_and_counts_for_a_requirement(context, tmp_path, content_copy):
    workbook = workbook_file(tmp_path / "kijkwijzer.xlsx")
    assert (
        run("form", "import", str(workbook), "--id", "kijkwijzer-excel", "--content", str(content_copy)).exit_code == 0
    )
    programme = sorted((content_copy / "programmes").glob("*.yml"))[0]
    last_period = yaml.safe_load(programme.read_text(encoding="utf-8"))["periods"][-1]["id"]
    edit(
        programme,
        lambda data: data.setdefault("requirements", []).append(
            {
                "id": "kijkwijzer-uit-excel",
                "text": "De kijkwijzer klassenmanagement twee keer ingevuld",
                "forms": ["kijkwijzer-excel"],
                "count": 2,
                "per": "total",
                "by_period": last_period,
            }
        ),
    )
    www = tmp_path / "www"
    build(content_copy, www / "stage")
    page = context.new_page()
    page.clock.set_fixed_time("2026-01-15T12:00:00+01:00")
    with serve_directory(www) as root:
        base = root + "stage/"
        open_page(page, base)
        wait_for_worker(page)
        # Her role's pages (this form among them) are on the device before the network goes.
        assert pick_role(page, "Werkplekbegeleider (WPB)") == (programme.stem, "wpb")
        rule = page.locator("[data-requirement='kijkwijzer-uit-excel']")
        expect(rule.locator("[data-req-status]")).to_have_text("— nog geen invullingen op dit apparaat")
        context.set_offline(True)
        open_page(page, base + "formulieren/kijkwijzer-excel/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kijkwijzer klassenmanagement")
        expect(page.locator("[data-item='sfeer'] input[type=radio]")).to_have_count(5)  # four points and n.v.t.
        page.get_by_role("button", name="Afronden").click()
        missing = page.locator("[data-missing]")  # the required date (and the rest) first
        expect(missing).to_contain_text("Datum van het volgende bezoek", use_inner_text=True)
        fill_every_item(page)
        page.get_by_role("button", name="Afronden").click()
        page.locator("[data-entry-state]").filter(has_text="afgerond").wait_for()
        open_page(page, base)
        student = page.locator("[data-requirement='kijkwijzer-uit-excel'] [data-req-students] li")
        expect(student).to_have_count(1)
        expect(student).to_have_text(re.compile(r"^Antwoord 0: .*: 1 van 2 — nog 1 te gaan$"))


# -- bad workbooks: every problem at once, in Dutch, with sheet, row and column; nothing written ------------


def with_rows(table, *changes):
    rows = [list(r) for r in table]
    for change in changes:
        change(rows)
    return rows


def with_columns(table, first_value_row: int = 1, **columns):
    """The table with more columns: each header in row 1 and its value in row first_value_row (0-based)."""
    rows = [list(r) for r in table]
    for header, value in columns.items():
        for i, row in enumerate(rows):
            row.append(header if i == 0 else value if i == first_value_row else None)
    return rows


# A school's portrait needs the field the school's name goes in (fills: school), above the form.
PORTRAIT_SURVEY = with_rows(SURVEY, lambda r: r.insert(1, ["text", "school", "School", None, "yes", None, "school"]))


def test_a_portrait_and_a_scales_note_from_excel(tmp_path, content_copy):
    workbook = workbook_file(
        tmp_path / "portret.xlsx",
        survey=PORTRAIT_SURVEY,
        choices=with_columns(CHOICES, basis_note="De vier punten zijn van ons; de bron geeft alleen de vragen."),
        settings=with_columns(
            SETTINGS,
            school_page_place="volgend_bezoek",
            school_page_summary="sterk",
            school_page_leave_out="verbeter, lesverloop",
        ),
    )
    result = run("form", "import", str(workbook), "--id", "portret", "--content", str(content_copy))
    assert result.exit_code == 0, result.output
    form = load(content_copy).forms["portret"]
    assert form.school_page.model_dump() == {
        "place": "volgend-bezoek",  # the name as survey's name column makes it
        "summary": "sterk",
        "leave_out": ["verbeter", "lesverloop"],
    }
    assert form.scales["vierpunt"].basis_note == "De vier punten zijn van ons; de bron geeft alleen de vragen."
    # school_page yes and nothing else: a portrait that leaves nothing out
    workbook = workbook_file(
        tmp_path / "kaal.xlsx", survey=PORTRAIT_SURVEY, settings=with_columns(SETTINGS, school_page="ja")
    )
    result = run("form", "import", str(workbook), "--id", "portret", "--content", str(content_copy), "--replace")
    assert result.exit_code == 0, result.output
    assert load(content_copy).forms["portret"].school_page.model_dump() == {
        "place": None,
        "summary": None,
        "leave_out": [],
    }
    assert load(content_copy).forms["portret"].scales["vierpunt"].basis_note is None


BAD = {
    "missing-sheet": (
        dict(sheets={"survey": SURVEY, "choices": CHOICES}),
        ["settings: het blad 'settings' ontbreekt; daar staan de titel (form_title) en wie het invult (filled_by)"],
    ),
    "unknown-type": (
        dict(survey=with_rows(SURVEY, lambda r: r.insert(7, ["geopoint", "plek", "Waar was de les?"]))),
        ["survey, rij 8, kolom type: 'geopoint' kent Werkplek niet; Werkplek kent: text, date, acknowledge, note"],
    ),
    "kobo-metadata": (
        dict(survey=with_rows(SURVEY, lambda r: r.insert(1, ["start", "start"]))),
        ["survey, rij 2, kolom type: 'start' kent Werkplek niet; dit legt een formulierprogramma zelf vast"],
    ),
    "list-without-choices": (
        dict(survey=with_rows(SURVEY, lambda r: r.__setitem__(6, ["select_one vijfpunt", "sfeer", "Sfeer"]))),
        ["survey, rij 7, kolom type: de lijst 'vijfpunt' staat niet in het blad choices"],
    ),
    "duplicate-names": (
        dict(survey=with_rows(SURVEY, lambda r: r[7].__setitem__(1, "sfeer"))),
        ["survey, rij 8, kolom name: dubbele id 'sfeer' (ook bij survey, rij 7)"],
    ),
    "snake-case-collides": (
        dict(survey=with_rows(SURVEY, lambda r: r[15].__setitem__(1, "naam-student"))),  # naam_student in row 2
        ["survey, rij 16, kolom name: dubbele id 'naam-student' (ook bij survey, rij 2)"],
    ),
    "everything-at-once": (
        dict(
            survey=with_rows(
                SURVEY,
                lambda r: r[2].__setitem__(2, None),  # no label
                lambda r: r[7].__setitem__(0, "integer"),
                lambda r: r[15].__setitem__(5, "numbers"),
                lambda r: r.insert(9, ["note", "los", "Een losse notitie"]),
            ),
            choices=with_rows(CHOICES, lambda r: r.append(["werkvormen", "groepjes", "Nog eens groepjes"])),
            settings=with_rows(SETTINGS, lambda r: r[1].__setitem__(3, None)),
        ),
        [
            "survey, rij 3, kolom label: verplicht veld ontbreekt",  # the loader's own message, as for YAML
            "survey, rij 8, kolom type: 'integer' kent Werkplek niet; gebruik text",
            "survey, rij 10, kolom type: een notitie kan alleen direct na begin_group staan",
            "survey, rij 17, kolom appearance: 'numbers' kent Werkplek niet",
            "choices, rij 10, kolom name: de keuze 'groepjes' staat al in de lijst 'werkvormen'",
            "settings, rij 2, kolom filled_by: verplicht veld ontbreekt",
        ],
    ),
    "fills-in-a-group": (
        dict(survey=with_rows(SURVEY, lambda r: r[6].__setitem__(6, "about"))),
        ["survey, rij 7, kolom fills: fills kan alleen bij een veld boven het formulier (buiten een groep)"],
    ),
    "name-not-a-slug": (  # said once, in Werkplek's words; not again as the loader's "missing id"
        dict(survey=with_rows(SURVEY, lambda r: r[6].__setitem__(1, "één"))),
        ["survey, rij 7, kolom name: 'één' kan niet de naam van een vraag zijn: alleen letters a-z"],
    ),
    "one-option": (
        dict(choices=with_rows(CHOICES, lambda r: r.__delitem__(8), lambda r: r.__delitem__(7))),
        ["choices, rij 7, kolom list_name: moet minstens 2 elementen bevatten"],
    ),
    "two-languages": (
        dict(
            survey=with_rows(
                SURVEY,
                lambda r: r[0].__setitem__(2, "label::Nederlands (nl)"),
                lambda r: r[0].__setitem__(3, "label::English (en)"),
            )
        ),
        ["survey, rij 1, kolom label::English (en): een tweede taal kent Werkplek niet"],
    ),
    "repeat": (
        dict(
            survey=with_rows(
                SURVEY, lambda r: r[4].__setitem__(0, "begin_repeat"), lambda r: r[8].__setitem__(0, "end_repeat")
            )
        ),
        [
            "survey, rij 5, kolom type: 'begin_repeat' kent Werkplek niet; een herhaalde groep kent Werkplek niet",
            "survey, rij 9, kolom type: 'end_repeat' kent Werkplek niet",
        ],
    ),
    "unused-list": (
        dict(choices=with_rows(CHOICES, lambda r: r.append(["ja_nee", "ja", "Ja"]))),
        ["choices, rij 10, kolom list_name: de lijst 'ja_nee' gebruikt geen enkele vraag"],
    ),
    "unknown-role": (
        dict(settings=with_rows(SETTINGS, lambda r: r[1].__setitem__(3, "wpb stagiair"))),
        ["settings, rij 2, kolom filled_by: onbekende rol 'stagiair'"],
    ),
    # school_page: the loader's own messages, at the cell; naam_student is a field above the form, no question
    "school-page-place-unknown": (
        dict(survey=PORTRAIT_SURVEY, settings=with_columns(SETTINGS, school_page_place="plaats")),
        ["settings, rij 2, kolom school_page_place: onbekende vraag 'plaats' (geen vraag met dit id in dit formulier)"],
    ),
    "school-page-summary-not-a-question": (
        dict(survey=PORTRAIT_SURVEY, settings=with_columns(SETTINGS, school_page_summary="naam_student")),
        ["settings, rij 2, kolom school_page_summary: onbekende vraag 'naam-student' (geen vraag met dit id"],
    ),
    "school-page-leave-out-unknown": (
        dict(survey=PORTRAIT_SURVEY, settings=with_columns(SETTINGS, school_page_leave_out="sterk telefoon")),
        ["settings, rij 2, kolom school_page_leave_out: onbekende vraag of onbekend deel 'telefoon' in dit formulier"],
    ),
    "school-page-leave-out-not-a-name": (
        dict(survey=PORTRAIT_SURVEY, settings=with_columns(SETTINGS, school_page_leave_out="sterk, één")),
        ["settings, rij 2, kolom school_page_leave_out: 'één' kan niet de naam van een vraag of groep zijn"],
    ),
    "school-page-not-yes-or-no": (
        dict(survey=PORTRAIT_SURVEY, settings=with_columns(SETTINGS, school_page="misschien")),
        ["settings, rij 2, kolom school_page: 'misschien' is geen ja of nee"],
    ),
    "school-page-no-but-columns": (
        dict(survey=PORTRAIT_SURVEY, settings=with_columns(SETTINGS, school_page="no", school_page_place="sterk")),
        ["settings, rij 2, kolom school_page: 'no', maar school_page_place is ingevuld"],
    ),
    "school-page-without-a-school-field": (
        dict(settings=with_columns(SETTINGS, school_page="yes")),
        ["settings, rij 2, kolom school_page: een schoolportret heeft een veld met fills: school nodig"],
    ),
    # basis_note: on the list's first row, of a scale, and a text as the loader takes it
    "basis-note-not-on-the-first-row": (
        dict(choices=with_columns(CHOICES, first_value_row=3, basis_note="De punten zijn van ons.")),
        ["choices, rij 4, kolom basis_note: basis_note gaat over de hele schaal 'vierpunt'; zet hem in de eerste rij"],
    ),
    "basis-note-of-a-choice-list": (
        dict(choices=with_columns(CHOICES, first_value_row=6, basis_note="Van ons.")),
        ["choices, rij 7, kolom basis_note: basis_note hoort bij een schaal"],
    ),
    "basis-note-invisible-character": (
        dict(choices=with_columns(CHOICES, basis_note="Van\u200bons.")),
        ["choices, rij 2, kolom basis_note: bevat een onzichtbaar stuurteken (code U+200B"],
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_workbook_names_every_problem_and_writes_nothing(case, tmp_path, content_copy, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the message names the workbook as it was given
    options, expected = BAD[case]
    workbook = workbook_file(tmp_path / "fout.xlsx", **options)
    before = tree_digest(content_copy)
    result = run("form", "import", str(workbook), "--id", "kijkwijzer-excel", "--content", str(content_copy))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    for message in expected:
        assert any(
            line.startswith(f"Fout: fout.xlsx: {message}") or line.startswith(f"fout.xlsx: {message}") for line in lines
        ), (message, result.output)
    count = len(expected)  # each case names every problem it has: no more lines than that
    noun = "fout" if count == 1 else "fouten"
    assert lines[-1] == f"De werkmap bevat {count} {noun}; er is niets geschreven.", result.output
    assert tree_digest(content_copy) == before
    assert "Traceback" not in result.output and "Error" not in result.output


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("kijkwijzer.xlsx", b"type,name,label\ntext,naam,Naam\n", "dit is geen Excel-werkmap (.xlsx)"),
        ("kijkwijzer.csv", b"type,name,label\ntext,naam,Naam\n", "dit is geen Excel-werkmap (.xlsx)"),
        (
            "kijkwijzer.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "het oude Excel-formaat (.xls) kan Werkplek niet lezen",
        ),
    ],
)
def test_a_file_that_is_no_workbook_gets_a_dutch_message(name, data, message, tmp_path, content_copy, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / name
    path.write_bytes(data)
    before = tree_digest(content_copy)
    result = run("form", "import", str(path), "--id", "kijkwijzer-excel", "--content", str(content_copy))
    assert result.exit_code == 1
    assert result.output.startswith(f"Fout: {name}: {message}"), result.output
    assert result.output.rstrip().endswith("er is niets geschreven.")
    assert tree_digest(content_copy) == before


def test_import_does_not_replace_a_form_unless_asked(tmp_path, content_copy):
    workbook = workbook_file(tmp_path / "kijkwijzer.xlsx")
    target = content_copy / "forms" / "kijkwijzer-didactiek.yml"
    before = target.read_bytes()
    result = run("form", "import", str(workbook), "--id", "kijkwijzer-didactiek", "--content", str(content_copy))
    assert result.exit_code == 1
    assert "kijkwijzer-didactiek.yml bestaat al; geef --replace" in result.output
    assert target.read_bytes() == before


def test_export_of_an_unknown_form_says_which_forms_there_are(tmp_path, content_copy):
    result = run("form", "export", "kijkwijzer-x", "--out", str(tmp_path / "x.xlsx"), "--content", str(content_copy))
    assert result.exit_code == 1
    assert result.output.startswith("Fout: onbekend formulier 'kijkwijzer-x'"), result.output
    assert "kijkwijzer-didactiek" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_the_docs_page_names_every_column_the_import_reads():
    page = (ROOT / "docs" / "formulier-in-excel.md").read_text(encoding="utf-8")
    for column in (*SURVEY_COLUMNS, *CHOICES_COLUMNS, *SETTINGS_COLUMNS):
        assert f"`{column}`" in page, column


def test_export_writes_only_a_workbook(tmp_path, content_copy):
    out = tmp_path / "kijkwijzer.csv"
    result = run("form", "export", "kijkwijzer-didactiek", "--out", str(out), "--content", str(content_copy))
    assert result.exit_code == 1
    assert "geef een werkmap op die eindigt op .xlsx; er is niets geschreven." in result.output
    assert not out.exists()
