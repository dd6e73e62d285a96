"""A form as a spreadsheet: `werkplek form import` reads an XLSForm-style workbook into content/forms/<id>.yml,
`werkplek form export` writes a form back as that workbook (docs/formulier-in-excel.md has the columns).

The workbook has the sheets of XLSForm (the format of ODK and KoboToolbox):

- survey: one row per question (`type`, `name`, `label`, `hint`, `required`, plus `appearance`, and Werkplek's
  own `examples` and `fills`). Rows outside a group are the fields above the form (metadata); a group
  (`begin_group` … `end_group`) is a section. A `note` right after `begin_group` is the section's intro.
- choices: the lists (`list_name`, `name`, `label`). A list whose names are 1, 2, … n (and at most one
  `nvt`) is a rating scale; a `select_one` over it in a group is a scale item. What belongs to the scale as
  a whole (its `basis_note`) is a column filled on the list's first row.
- settings: one row of values under the headers: `form_title`, `form_id` and the form's own fields
  (summary, filled_by, about, share_with, …); `school_page` and its `school_page_…` columns for a school's
  portrait.

What has no equivalent in Werkplek is reported, never dropped: every problem at once, with sheet, row and
column. The form read is then validated exactly as a hand-written file (loader.py and checks.py), so the
messages are the same; only the place is named in the workbook instead of the YAML.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from .checks import check_content
from .errors import ContentError, Problem, WerkplekError, dutch_os_error
from .loader import load_content
from .schema.form import Form, Scale
from .sources import Source, display_path, read_sources

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
MAX_WORKBOOK_BYTES = 10_000_000  # a form with hundreds of questions is some tens of kilobytes
SHEET_ORDER = (SURVEY, CHOICES, SETTINGS)
SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "appearance", "fills", "examples")
CHOICES_COLUMNS = ("list_name", "name", "label", "basis_note")
CHOICE_COLUMNS = CHOICES_COLUMNS[:3]  # what every row of a list has; basis_note is the scale's, on its first row
# The settings sheet: XLSForm's form_title and form_id, then the form's own top-level fields.
SETTINGS_COLUMNS = {
    "form_title": "title",
    "form_id": None,  # the id is the file name; --id wins
    "summary": "summary",
    "notice": "notice",
    "source": "source",
    "source_part": "source_part",
    "filled_by": "filled_by",
    "about": "about",
    "share_with": "share_with",
    "domains": "domains",
    # school_page (a nested field): yes, or any of its own columns filled, makes the form a school's portrait
    "school_page": "school_page",
    "school_page_place": "school_page.place",
    "school_page_summary": "school_page.summary",
    "school_page_leave_out": "school_page.leave_out",
}
SETTINGS_IGNORED = ("version",)  # what XLSForm tools write for their own bookkeeping; a form here has no version
LIST_SETTINGS = ("filled_by", "domains")
LIST_SEPARATORS = re.compile(r"[\s,;]+")
NOBODY = ("niemand", "false")  # share_with: false, an entry of one's own
NA_NAMES = ("nvt", "n.v.t.", "na", "n/a")
NA_NAME = "nvt"
DEFAULT_NA_LABEL = Scale.model_fields["na_label"].default
TRUE_WORDS = ("yes", "true", "ja", "1", "true()")
FALSE_WORDS = ("no", "false", "nee", "0", "false()")
LONG_TEXT = "multiline"  # XLSForm's appearance for a text field with several lines
KNOWN_TYPES = "text, date, acknowledge, note, select_one LIJST, select_multiple LIJST, begin_group en end_group"
UNSUPPORTED_HINTS = {
    "integer": "gebruik text",
    "decimal": "gebruik text",
    "select_one_from_file": "zet de keuzes in het blad choices",
    "select_multiple_from_file": "zet de keuzes in het blad choices",
    "datetime": "gebruik date",
    "time": "gebruik text",
    # what ODK and KoboToolbox record by themselves (Kobo adds start and end to every form): no question
    **dict.fromkeys(
        ("start", "end", "today", "deviceid", "username", "phonenumber", "audit"),
        "dit legt een formulierprogramma zelf vast, Werkplek niet; haal de rij weg",
    ),
    **dict.fromkeys(("calculate", "hidden"), "een berekend of verborgen veld kent Werkplek niet; haal de rij weg"),
}
HEADER = "# yaml-language-server: $schema=../../schema/form.json\n"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FORM_KEYS = (
    *("title", "summary", "notice", "source", "source_part", "filled_by", "about", "share_with", "domains"),
    "school_page",
)
ITEM_KEYS = ("id", "kind", "scale", "size", "multiple", "other", "text", "options", "fills", "hint", "examples")
# Where a field of an item, a section or a scale point is written in the workbook.
ITEM_COLUMNS = {
    "id": "name",
    "kind": "type",
    "scale": "type",
    "options": "type",
    "multiple": "type",
    "other": "type",
    "text": "label",
    "hint": "hint",
    "examples": "examples",
    "required": "required",
    "size": "appearance",
    "fills": "fills",
}
SECTION_COLUMNS = {"id": "name", "title": "label", "intro": "hint", "items": "type"}


class WorkbookError(ContentError):
    """The workbook does not make a form: every problem, named by sheet, row and column; nothing written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        noun = "fout" if len(problems) == 1 else "fouten"
        lines = [p.for_editor() for p in problems]
        WerkplekError.__init__(
            self, "\n".join(lines) + f"\nDe werkmap bevat {len(problems)} {noun}; er is niets geschreven."
        )


@dataclass(frozen=True)
class Cell:
    """A place in the workbook: a sheet, a row (1-based, as Excel shows it) and a column by its header."""

    sheet: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.sheet]
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column is not None:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)


# -- reading the workbook -------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    values: dict[str, Any]  # header (lower case) -> value, only the non-empty cells


@dataclass
class Sheet:
    name: str  # as written in the workbook
    headers: dict[str, str]  # header (lower case, language suffix resolved) -> header as written
    rows: list[Row]


def _value(value: Any) -> Any:
    """A cell as the text a person typed: a number 1 is '1', a date is JJJJ-MM-DD; booleans stay booleans."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").strip()
    return text or None


class Reader:
    """Collects every problem with its place while reading."""

    def __init__(self) -> None:
        self.problems: list[tuple[Cell, str]] = []

    def problem(self, cell: Cell, message: str) -> None:
        self.problems.append((cell, message))

    def sheet(self, workbook, name: str, known: tuple[str, ...]) -> Sheet | None:
        found = [ws for ws in workbook.worksheets if ws.title.strip().lower() == name]
        if not found:
            return None
        ws = found[0]
        rows = list(ws.iter_rows())
        headers: dict[str, str] = {}
        columns: dict[int, str | None] = {}
        if not rows:
            return Sheet(ws.title, {}, [])
        header_cells = [c for c in rows[0] if _value(c.value) is not None]
        languages: dict[str, list] = {}
        for c in header_cells:
            written = str(_value(c.value))
            key = written.lower()
            if "::" in key:  # label::Nederlands (nl): one language is fine, several are not
                languages.setdefault(key.split("::", 1)[0], []).append((c, written))
                continue
            if key in headers:
                self.problem(Cell(ws.title, 1, written), f"de kolom '{written}' staat er twee keer")
                continue
            headers[key] = written
            columns[c.column] = key
        for base, cells in languages.items():
            if base in ("label", "hint") and base not in headers:
                headers[base] = cells[0][1]
                columns[cells[0][0].column] = base
                for c, written in cells[1:]:
                    columns[c.column] = None  # reported once here, not again per cell
                    self.problem(
                        Cell(ws.title, 1, written),
                        f"een tweede taal kent Werkplek niet; alleen de kolom '{cells[0][1]}' kan er staan",
                    )
            else:
                for c, written in cells:
                    headers[written.lower()] = written
                    columns[c.column] = written.lower()
        out = Sheet(ws.title, headers, [])
        for cells in rows[1:]:
            values = {}
            for c in cells:
                value = _value(c.value)
                if value is not None and c.column in columns:
                    if columns[c.column] is not None:
                        values[columns[c.column]] = value
                elif value is not None:
                    self.problem(
                        Cell(ws.title, c.row, c.column_letter),
                        "een waarde in een kolom zonder kop in rij 1; geef de kolom een naam of haal de waarde weg",
                    )
            if values:
                out.rows.append(Row(cells[0].row, values))
        for key, written in headers.items():
            if key not in known and any(key in r.values for r in out.rows):
                self.problem(
                    Cell(ws.title, 1, written),
                    f"de kolom '{written}' kent Werkplek niet; kolommen: " + ", ".join(known),
                )
        return out


def _slug(value: Any, cell: Cell, reader: Reader, what: str) -> str | None:
    """A name as Werkplek's id: lower case, '_' and spaces become '-' (XLSForm names are often snake_case)."""
    text = str(value)
    slug = re.sub(r"[_\s]+", "-", text.strip().lower())
    if not SLUG_RE.match(slug):
        reader.problem(
            cell, f"'{text}' kan niet {what} zijn: alleen letters a-z, cijfers, koppeltekens en liggende streepjes"
        )
        return None
    return slug


def _boolean(value: Any, cell: Cell, reader: Reader) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    reader.problem(cell, f"'{value}' is geen ja of nee; schrijf yes of laat de cel leeg")
    return False


@dataclass(frozen=True)
class ScalePoints:
    labels: list[str]
    na: bool
    na_label: str


@dataclass
class ChoiceList:
    name: str
    row: int  # its first row in choices
    choices: list[tuple[str, str, int]]  # (name, label, row)
    basis_note: str | None = None  # on the first row: what of this scale is the partnership's own

    def scale(self) -> ScalePoints | None:
        """A rating scale when the names are 1..n (n >= 2), with at most one 'nvt' beside them."""
        numbered: dict[int, str] = {}
        na = [label for name, label, _ in self.choices if name.lower() in NA_NAMES]
        for name, label, _ in self.choices:
            if name.lower() in NA_NAMES:
                continue
            if not name.isdigit():
                return None
            numbered[int(name)] = label
        if len(numbered) < 2 or sorted(numbered) != list(range(1, len(numbered) + 1)) or len(na) > 1:
            return None
        labels = [numbered[i] for i in sorted(numbered)]
        return ScalePoints(labels, bool(na), na[0] if na else DEFAULT_NA_LABEL)  # the loader validates the texts

    def scale_rows(self) -> list[int]:
        ordered = sorted((c for c in self.choices if c[0].lower() not in NA_NAMES), key=lambda c: int(c[0]))
        return [c[2] for c in ordered] + [c[2] for c in self.choices if c[0].lower() in NA_NAMES]


def _choice_lists(sheet: Sheet, reader: Reader) -> dict[str, ChoiceList]:
    lists: dict[str, ChoiceList] = {}
    for row in sheet.rows:

        def at(column: str) -> Cell:
            return Cell(sheet.name, row.number, sheet.headers.get(column, column))  # noqa: B023

        list_name, name, label = (row.values.get(k) for k in CHOICE_COLUMNS)
        for column, value in (("list_name", list_name), ("name", name), ("label", label)):
            if value is None:
                reader.problem(at(column), "leeg; elke keuze heeft een list_name, een name en een label")
        if list_name is None or name is None or label is None:
            continue
        list_name, name, label = str(list_name), str(name), str(label)
        choice_list = lists.setdefault(list_name, ChoiceList(list_name, row.number, []))
        if any(n == name for n, _, _ in choice_list.choices):
            reader.problem(at("name"), f"de keuze '{name}' staat al in de lijst '{list_name}'")
            continue
        choice_list.choices.append((name, label, row.number))
        note = row.values.get("basis_note")
        if note is None:
            continue
        if row.number != choice_list.row:
            reader.problem(
                at("basis_note"),
                f"basis_note gaat over de hele schaal '{list_name}'; zet hem in de eerste rij van de lijst "
                f"(rij {choice_list.row})",
            )
        else:
            choice_list.basis_note = str(note)
    return lists


@dataclass
class Imported:
    data: dict[str, Any]
    cells: dict[str, Cell]  # YAML location (format_loc) -> where it came from in the workbook
    problems: list[tuple[Cell, str]]


def read_workbook(path: Path) -> Imported:
    """Read the workbook into a form's data (as a YAML file holds it); the places of its fields; the problems."""
    try:
        if path.is_file() and path.stat().st_size > MAX_WORKBOOK_BYTES:
            raise WerkplekError(
                f"{display_path(path)}: het bestand is groter dan {MAX_WORKBOOK_BYTES // 1_000_000} MB; een formulier "
                "is veel kleiner (staat er een afbeelding in?). Er is niets geschreven."
            )
        workbook = load_workbook(path, read_only=False, data_only=True)
    except FileNotFoundError:
        raise WerkplekError(f"{display_path(path)}: het bestand bestaat niet; er is niets geschreven.") from None
    except InvalidFileException:  # openpyxl goes by the file name's extension
        what = (
            "het oude Excel-formaat (.xls) kan Werkplek niet lezen"
            if path.suffix.lower() == ".xls"
            else "dit is geen Excel-werkmap (.xlsx)"
        )
        raise WerkplekError(
            f"{display_path(path)}: {what}; sla het bestand in Excel of LibreOffice op als Excel-werkmap (.xlsx); "
            "er is niets geschreven."
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError):
        raise WerkplekError(
            f"{display_path(path)}: dit is geen Excel-werkmap (.xlsx), of het bestand is beschadigd; er is niets "
            "geschreven."
        ) from None
    except OSError as exc:
        raise WerkplekError(
            f"{display_path(path)}: lezen mislukt ({dutch_os_error(exc)}); er is niets geschreven."
        ) from None
    reader = Reader()
    survey = reader.sheet(workbook, SURVEY, SURVEY_COLUMNS)
    choices = reader.sheet(workbook, CHOICES, CHOICES_COLUMNS)
    settings = reader.sheet(workbook, SETTINGS, tuple(SETTINGS_COLUMNS) + SETTINGS_IGNORED)
    workbook.close()
    for name, sheet, what in (
        (SURVEY, survey, "de vragen (type, name, label, …)"),
        (SETTINGS, settings, "de titel (form_title) en wie het invult (filled_by)"),
    ):
        if sheet is None:
            reader.problem(Cell(name), f"het blad '{name}' ontbreekt; daar staan {what}")
    cells: dict[str, Cell] = {}
    data: dict[str, Any] = {}
    lists = _choice_lists(choices, reader) if choices else {}
    if settings is not None:
        _read_settings(settings, reader, data, cells)
    if survey is not None:
        _read_survey(survey, choices, lists, reader, data, cells)
    return Imported(_ordered(data), cells, reader.problems)


def _read_settings(sheet: Sheet, reader: Reader, data: dict[str, Any], cells: dict[str, Cell]) -> None:
    if not sheet.rows:
        reader.problem(
            Cell(sheet.name), "leeg; zet de koppen (form_title, filled_by, …) in rij 1 en de waarden in rij 2"
        )
        return
    row = sheet.rows[0]
    for extra in sheet.rows[1:]:
        reader.problem(Cell(sheet.name, extra.number), f"alleen rij {row.number} telt; zet alles in die ene rij")
    for column, field in SETTINGS_COLUMNS.items():
        if field is None or field.startswith("school_page"):
            continue
        cells[field] = Cell(sheet.name, row.number, sheet.headers.get(column, column))
        value = row.values.get(column)
        if value is None:
            continue
        if field in LIST_SETTINGS:
            data[field] = [part for part in LIST_SEPARATORS.split(str(value)) if part]
        elif field == "share_with" and str(value).strip().lower() in NOBODY:
            data[field] = False
        else:
            data[field] = value if isinstance(value, str) else str(value)
    _read_school_page(sheet, row, reader, data, cells)


def _read_school_page(sheet: Sheet, row: Row, reader: Reader, data: dict[str, Any], cells: dict[str, Cell]) -> None:
    """school_page: yes, or any of school_page_place, _summary and _leave_out filled, makes the form a school's
    portrait. Those columns name questions (leave_out also groups) as survey's name column does: naam_student
    is naam-student. Whether a name is a question of this form, checks.py says, at the cell."""

    def at(column: str) -> Cell:
        return Cell(sheet.name, row.number, sheet.headers.get(column, column))

    page: dict[str, Any] = {}
    given = [column for column in SETTINGS_COLUMNS if column.startswith("school_page_") and column in row.values]
    for column in given:
        field = SETTINGS_COLUMNS[column].removeprefix("school_page.")
        cells[f"school_page.{field}"] = at(column)
        value = str(row.values[column])
        if field == "leave_out":
            what = "de naam van een vraag of groep"
            names = [_slug(part, at(column), reader, what) for part in LIST_SEPARATORS.split(value) if part]
            page[field] = [name for name in names if name is not None]
        elif (name := _slug(value, at(column), reader, "de naam van een vraag")) is not None:
            page[field] = name
    marked = row.values.get("school_page")
    known = len(reader.problems)
    portrait = _boolean(marked, at("school_page"), reader) if marked is not None else None
    if len(reader.problems) > known:  # not yes or no: said; the columns beside it still count
        portrait = None
    if portrait is False and given:
        columns = " en ".join(sheet.headers[c] for c in given)
        verb = "is" if len(given) == 1 else "zijn"
        reader.problem(
            at("school_page"),
            f"'{marked}', maar {columns} {verb} ingevuld, en dat maakt het formulier een schoolportret: schrijf yes "
            f"of laat de cel leeg, of maak {columns} leeg",
        )
    elif portrait or given:
        data["school_page"] = page
        cells["school_page"] = at("school_page" if marked is not None else given[0])


def _read_survey(
    sheet: Sheet,
    choices: Sheet | None,
    lists: dict[str, ChoiceList],
    reader: Reader,
    data: dict[str, Any],
    cells: dict[str, Cell],
) -> None:
    metadata: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    section: dict[str, Any] | None = None
    section_row = 0
    used_lists: set[str] = set()
    scales: dict[str, ScalePoints] = {}
    scale_lists: dict[str, ChoiceList] = {}

    for row in sheet.rows:

        def at(column: str | None) -> Cell:
            return Cell(sheet.name, row.number, sheet.headers.get(column, column) if column else None)  # noqa: B023

        raw_type = row.values.get("type")
        if raw_type is None:
            reader.problem(at("type"), "leeg; geef het soort vraag op (" + KNOWN_TYPES + ")")
            continue
        words = str(raw_type).split()
        kind = words[0].lower()
        if kind in ("begin", "end") and len(words) > 1 and words[1].lower() in ("group", "repeat"):
            kind = f"{kind}_{words[1].lower()}"
            words = [kind, *words[2:]]
        if kind in ("begin_repeat", "end_repeat"):  # reported; read on as a group, so the rows after it make sense
            reader.problem(at("type"), f"'{raw_type}' kent Werkplek niet; een herhaalde groep kent Werkplek niet")
            kind = kind.replace("repeat", "group")
        if kind == "begin_group":
            if section is not None:
                reader.problem(
                    at("type"),
                    f"een groep in een groep kent Werkplek niet; sluit eerst de groep van rij {section_row} af met end_group",
                )
                continue
            loc = f"sections[{len(sections)}]"
            section = {"id": None, "title": row.values.get("label"), "items": []}
            section_row = row.number
            if row.values.get("name") is not None:
                section["id"] = _slug(row.values["name"], at("name"), reader, "de naam van een groep")
            else:
                reader.problem(at("name"), "leeg; een groep heeft een vaste naam (bijvoorbeeld 'instructie')")
            if row.values.get("hint") is not None:
                section["intro"] = row.values["hint"]
            for field, column in SECTION_COLUMNS.items():
                cells[f"{loc}.{field}"] = at(column)
            cells[loc] = at(None)
            _refuse(row, at, reader, ("type", "name", "label", "hint"), "bij begin_group")
            continue
        if kind == "end_group":
            if section is None:
                reader.problem(at("type"), "end_group zonder begin_group ervoor")
                continue
            sections.append(section)
            section = None
            continue
        if kind == "note":
            if section is not None and not section["items"] and "intro" not in section and "label" in row.values:
                section["intro"] = row.values["label"]
                cells[f"sections[{len(sections)}].intro"] = at("label")
                _refuse(row, at, reader, ("type", "name", "label"), "bij een notitie")
            else:
                reader.problem(
                    at("type"),
                    "een notitie kan alleen direct na begin_group staan, als inleiding van die groep; losse "
                    "notities tussen de vragen kent Werkplek niet (zet de tekst in de kolom hint van een vraag)",
                )
            continue

        item: dict[str, Any] = {"id": None}
        if section is None and sections:
            reader.problem(
                at("type"),
                "een vraag buiten een groep na de eerste groep; de velden buiten een groep staan boven het formulier: "
                "zet deze rij boven de eerste begin_group, of in een groep",
            )
            continue
        loc = f"sections[{len(sections)}].items[{len(section['items'])}]" if section else f"metadata[{len(metadata)}]"
        columns = ["type", "name", "label", "hint", "required"]
        if kind == "text":
            item["kind"] = "text"
            columns.append("appearance")
            appearance = row.values.get("appearance")
            if appearance is not None:
                if str(appearance).lower() == LONG_TEXT:
                    item["size"] = "long"
                else:
                    reader.problem(
                        at("appearance"),
                        f"'{appearance}' kent Werkplek niet; bij text kan alleen {LONG_TEXT} (een tekstvak met regels)",
                    )
        elif kind == "date":
            item["kind"] = "date"
        elif kind == "acknowledge":
            item["kind"] = "check"
        elif kind in ("select_one", "select_multiple"):
            columns.append("appearance")
            list_name = words[1] if len(words) > 1 else None
            extra = [w for w in words[2:] if w.lower() != "or_other"]
            other = len(words) > 2 and len(extra) < len(words) - 2
            if extra:
                reader.problem(at("type"), f"'{' '.join(extra)}' achter de lijstnaam kent Werkplek niet; wel or_other")
            appearance = row.values.get("appearance")
            if appearance is not None and str(appearance).lower() != "likert":
                reader.problem(at("appearance"), f"'{appearance}' kent Werkplek niet bij {kind}")
            if list_name is None:
                reader.problem(at("type"), f"noem de lijst met keuzes, bijvoorbeeld '{kind} schaal'")
                item["kind"] = "choice"
            elif list_name not in lists:
                where = "het blad choices" if choices is not None else "het blad choices (dat ontbreekt)"
                reader.problem(at("type"), f"de lijst '{list_name}' staat niet in {where}")
                item["kind"] = "choice"
            else:
                used_lists.add(list_name)
                choice_list = lists[list_name]
                scale = choice_list.scale()
                if kind == "select_one" and scale is not None and section is not None:
                    scale_id = _slug(list_name, at("type"), reader, "de naam van een schaal")
                    item["kind"] = "scale"
                    item["scale"] = scale_id
                    if other:
                        reader.problem(at("type"), "or_other bij een schaal kent Werkplek niet")
                    if scale_id is not None and scale_id not in scales:
                        scales[scale_id] = scale
                        scale_lists[scale_id] = choice_list
                else:
                    item["kind"] = "choice"
                    item["options"] = [label for _, label, _ in choice_list.choices]
                    cells[f"{loc}.options"] = Cell(choices.name, choice_list.row, choices.headers.get("list_name"))
                    for o, (_, _, choice_row) in enumerate(choice_list.choices):
                        cells[f"{loc}.options[{o}]"] = Cell(choices.name, choice_row, choices.headers.get("label"))
                    if kind == "select_multiple":
                        item["multiple"] = True
                    if other:
                        item["other"] = True
        else:
            reader.problem(
                at("type"),
                f"'{raw_type}' kent Werkplek niet; {UNSUPPORTED_HINTS.get(kind, f'Werkplek kent: {KNOWN_TYPES}')}",
            )
            continue
        if row.values.get("name") is not None:
            item["id"] = _slug(row.values["name"], at("name"), reader, "de naam van een vraag")
        else:
            reader.problem(at("name"), "leeg; elke vraag heeft een vaste naam, waaronder het antwoord bewaard wordt")
        if "label" in row.values:
            item["text"] = row.values["label"]
        if "hint" in row.values:
            item["hint"] = row.values["hint"]
        if "required" in row.values and _boolean(row.values["required"], at("required"), reader):
            item["required"] = True
        if "examples" in row.values:
            columns.append("examples")
            item["examples"] = [line.strip() for line in str(row.values["examples"]).split("\n") if line.strip()]
        if "fills" in row.values:
            columns.append("fills")
            if section is not None:
                reader.problem(at("fills"), "fills kan alleen bij een veld boven het formulier (buiten een groep)")
            else:
                item["fills"] = row.values["fills"]
        if section is None and item.get("kind") in ("scale", "check"):
            what = "een vinkje (acknowledge)" if item["kind"] == "check" else "een schaalvraag"
            reader.problem(
                at("type"),
                f"{what} hoort in een groep; boven het formulier (buiten een groep) kunnen alleen text, date en "
                "select_one of select_multiple",
            )
            continue
        _refuse(row, at, reader, tuple(columns), f"bij {kind}")
        for field, column in ITEM_COLUMNS.items():
            cells.setdefault(f"{loc}.{field}", at(column))
        cells[loc] = at(None)
        (section["items"] if section is not None else metadata).append(_ordered(item, ITEM_KEYS))

    if section is not None:
        reader.problem(Cell(sheet.name, section_row, sheet.headers.get("type", "type")), "begin_group zonder end_group")
        sections.append(section)
    if not sections:
        reader.problem(Cell(sheet.name), "geen enkele groep (begin_group … end_group); de vragen staan in groepen")
    for name, choice_list in lists.items():
        if name not in used_lists:
            reader.problem(
                Cell(choices.name, choice_list.row, choices.headers.get("list_name")),
                f"de lijst '{name}' gebruikt geen enkele vraag; haal haar weg of gebruik haar in survey",
            )
        elif choice_list.basis_note is not None and all(choice_list is not s for s in scale_lists.values()):
            reader.problem(
                Cell(choices.name, choice_list.row, choices.headers.get("basis_note")),
                f"basis_note hoort bij een schaal (een lijst met de namen 1, 2, … en een select_one in een groep); "
                f"de lijst '{name}' is een gewone keuzelijst",
            )
    if scales:
        data["scales"] = {}
        for scale_id, scale in scales.items():
            entry: dict[str, Any] = {"labels": list(scale.labels)}
            choice_list = scale_lists[scale_id]
            if choice_list.basis_note is not None:
                entry["basis_note"] = choice_list.basis_note
                cells[f"scales.{scale_id}.basis_note"] = Cell(
                    choices.name, choice_list.row, choices.headers.get("basis_note")
                )
            if scale.na:
                entry["na"] = True
                if scale.na_label != DEFAULT_NA_LABEL:
                    entry["na_label"] = scale.na_label
            data["scales"][scale_id] = entry
            rows = scale_lists[scale_id].scale_rows()
            for i, choice_row in enumerate(rows[: len(scale.labels)]):
                cells[f"scales.{scale_id}.labels[{i}]"] = Cell(choices.name, choice_row, choices.headers.get("label"))
            if scale.na:
                cells[f"scales.{scale_id}.na_label"] = Cell(choices.name, rows[-1], choices.headers.get("label"))
            cells[f"scales.{scale_id}"] = Cell(
                choices.name, scale_lists[scale_id].row, choices.headers.get("list_name")
            )
    if metadata:
        data["metadata"] = metadata
    data["sections"] = [_ordered(s, ("id", "title", "intro", "items")) for s in sections]


def _refuse(row: Row, at, reader: Reader, allowed: tuple[str, ...], where: str) -> None:
    """A value in a column this row has no use for is reported, not dropped."""
    for column in SURVEY_COLUMNS:
        if column not in allowed and column in row.values:
            reader.problem(at(column), f"'{row.values[column]}' in de kolom {column} kent Werkplek niet {where}")


def _ordered(data: dict[str, Any], keys: tuple[str, ...] = (*FORM_KEYS, "scales", "metadata", "sections")) -> dict:
    """The keys in the order a person reads them (as the hand-written forms have them); None left out."""
    ordered = {k: data[k] for k in keys if data.get(k) is not None}
    ordered.update({k: v for k, v in data.items() if k not in ordered and v is not None})
    if "required" in ordered:  # last, as in the hand-written files
        ordered["required"] = ordered.pop("required")
    return ordered


# -- checking it as the build does ------------------------------------------------------------------------


def _located(problem: Problem, form_path: str, workbook: str, cells: dict[str, Cell]) -> Problem:
    """A problem in the form read is named by its place in the workbook (the longest known part of its loc)."""
    if problem.path != form_path:
        return problem
    loc = problem.loc
    while loc and loc not in cells:
        cut = max(loc.rfind("."), loc.rfind("["))
        loc = loc[:cut] if cut > 0 else ""
    cell = cells.get(loc, Cell(SURVEY) if problem.loc.startswith(("sections", "metadata")) else Cell(SETTINGS))
    # 'dubbele id (ook bij sections[0].items[1])': the other place, too, as the workbook names it
    message = _LOC_IN_MESSAGE.sub(
        lambda m: str(cells[m.group(0)]) if m.group(0) in cells else m.group(0), problem.message
    )
    return Problem(workbook, str(cell), message)


_LOC_IN_MESSAGE = re.compile(r"\b(?:sections|metadata)\[[0-9]+\](?:\.items\[[0-9]+\])?")


def _content_problems(sources: list[Source], content_dir: Path) -> list[Problem]:
    content, problems = load_content(sources)
    return problems + check_content(content, content_dir)


def _sort_key(problem: Problem) -> tuple:
    sheet, _, rest = problem.loc.partition(",")
    row = re.search(r"rij (\d+)", rest)
    return (problem.path, SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else 9, int(row.group(1)) if row else 0)


def import_form(workbook_path: Path, form_id: str, content_dir: Path, replace: bool = False) -> Path:
    """Read the workbook, check the form as the build would, and write content/forms/<id>.yml; on any problem,
    raise a ContentError naming every one and write nothing."""
    if not SLUG_RE.match(form_id):
        raise WerkplekError(
            f"--id '{form_id}': de id wordt de bestandsnaam; gebruik alleen kleine letters, cijfers en koppeltekens. "
            "Er is niets geschreven."
        )
    if not content_dir.is_dir():
        raise WerkplekError(f"{display_path(content_dir)}: de inhoudsmap bestaat niet; er is niets geschreven.")
    target = content_dir / "forms" / f"{form_id}.yml"
    other_suffix = target.with_suffix(".yaml")
    if other_suffix.exists():
        raise WerkplekError(
            f"{display_path(other_suffix)} bestaat al; hernoem het naar {target.name} om het te vervangen, of kies een "
            "andere --id. Er is niets geschreven."
        )
    if target.exists() and not replace:
        raise WerkplekError(
            f"{display_path(target)} bestaat al; geef --replace om het te vervangen (de antwoorden staan onder de "
            "namen van de vragen: verander die niet voor een formulier dat al in gebruik is). Er is niets geschreven."
        )
    imported = read_workbook(workbook_path)
    shown = display_path(workbook_path)
    problems = [Problem(shown, str(cell), message) for cell, message in imported.problems]

    sources, _ = read_sources(content_dir)
    form_path = display_path(target)
    others = [s for s in sources if not (s.kind == "forms" and s.id == form_id)]
    before = set(_content_problems(sources, content_dir))
    after = _content_problems([*others, Source(form_path, "forms", form_id, imported.data)], content_dir)
    own = {str(cell) for cell, _ in imported.problems}  # a cell with a problem of its own: that one says it
    missing = {str(cell) for cell, _ in imported.problems if cell.row is None and cell.column is None}
    for problem in after:
        if problem in before and problem.path != form_path:
            continue  # already wrong before this form; `werkplek check` reports it
        if problem.path == form_path and problem.loc == "sections" and not imported.data.get("sections"):
            continue  # said above, with the sheet
        located = _located(problem, form_path, shown, imported.cells)
        if located.loc not in own and located.loc not in missing:
            problems.append(located)
    if problems:
        raise WorkbookError(sorted(dict.fromkeys(problems), key=_sort_key))
    text = form_yaml(imported.data, source=workbook_path.name)
    _write_atomically(target, text.encode("utf-8"))
    return target


# -- writing YAML a person reads ----------------------------------------------------------------------------

_RESOLVER = yaml.resolver.Resolver()
_NEEDS_QUOTES = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$")
WIDTH = 116


def _plain_would_change(text: str) -> bool:
    """PyYAML (YAML 1.1, as read_sources reads) would read this plain scalar as something else: yes, 1, 2025-01-01."""
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != "tag:yaml.org,2002:str"


def _scalar(text: str, indent: int) -> Any:
    if "\n" in text:
        return LiteralScalarString(text)
    if _plain_would_change(text):
        return DoubleQuotedScalarString(text)
    if len(text) + indent > WIDTH and "  " not in text and text == text.strip():
        folded = FoldedScalarString(text)
        positions, start, last = [], 0, None
        for i, char in enumerate(text):
            if char == " ":
                if i - start > WIDTH - indent - 2 and last is not None and last > start:
                    positions.append(last)
                    start = last + 1
                last = i
        if len(text) - start > WIDTH - indent - 2 and last is not None and last > start:
            positions.append(last)
        folded.fold_pos = positions
        return folded
    if _NEEDS_QUOTES.search(text):
        return DoubleQuotedScalarString(text)  # as the hand-written files quote
    return text


def _flow(values: list[str], indent: int) -> CommentedSeq | list:
    seq = CommentedSeq([_scalar(v, 0) if isinstance(v, str) else v for v in values])
    if sum(len(v) + 2 for v in values) + indent <= WIDTH and all(
        isinstance(v, str) and "\n" not in v and "," not in v and not _plain_would_change(v) for v in values
    ):
        seq.fa.set_flow_style()
    return seq


def _yaml_value(key: str, value: Any, indent: int) -> Any:
    if isinstance(value, dict):
        return CommentedMap((k, _yaml_value(k, v, indent + 2)) for k, v in value.items())
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value) and key in ("filled_by", "domains", "labels", "options"):
            return _flow(value, indent + len(key) + 2)
        if all(isinstance(v, str) for v in value):
            return CommentedSeq(_scalar(v, indent + 4) for v in value)
        return CommentedSeq(_yaml_value(key, v, indent + 2) for v in value)  # '- ' then the keys
    if isinstance(value, str):
        return _scalar(value, indent + len(key) + 2)
    return value


def form_yaml(data: dict[str, Any], source: str | None = None) -> str:
    """The form as YAML in the style of the hand-written files: the schema header, keys in reading order,
    short lists on one line, long texts folded."""
    writer = YAML()
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.width = WIDTH
    writer.allow_unicode = True
    stream = io.StringIO()
    stream.write(HEADER)
    if source:
        stream.write(f"# Ingelezen uit {source} (werkplek form import); pas het formulier daar of hier aan.\n")
    writer.dump(_yaml_value("", data, -2), stream)
    text = stream.getvalue()
    if yaml.safe_load(text) != data:  # the writer's own check: what the build reads is what was imported
        raise WerkplekError("het formulier kon niet ongewijzigd als YAML geschreven worden; er is niets geschreven.")
    return text


def _write_atomically(target: Path, content: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WerkplekError(
            f"{display_path(target)}: schrijven mislukt ({dutch_os_error(exc)}); er is niets geschreven."
        ) from None


# -- writing the workbook ---------------------------------------------------------------------------------


def _option_names(options: list[str]) -> list[str]:
    """A readable name per option (its label as a slug); never 1, 2, … (that list would read as a scale)."""
    names: list[str] = []
    for label in options:
        ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-") or "keuze"
        if base.isdigit() or base in NA_NAMES:
            base = f"keuze-{base}"
        name, n = base, 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.append(name)
    return names


def form_workbook(form: Form, form_id: str) -> Workbook:
    """The form as an XLSForm-style workbook that `read_workbook` reads back to the same form."""
    workbook = Workbook()
    survey = workbook.active
    survey.title = SURVEY
    choices = workbook.create_sheet(CHOICES)
    settings = workbook.create_sheet(SETTINGS)
    survey_rows: list[dict[str, Any]] = []
    choice_rows: list[tuple[str, str, str, str | None]] = []
    lists: set[str] = set()

    for scale_id, scale in form.scales.items():
        lists.add(scale_id)
        choice_rows += [  # the scale's own note on the list's first row
            (scale_id, str(i), label, scale.basis_note if i == 1 else None)
            for i, label in enumerate(scale.labels, start=1)
        ]
        if scale.na:
            choice_rows.append((scale_id, NA_NAME, scale.na_label, None))

    def item_row(item) -> dict[str, Any]:
        row: dict[str, Any] = {"name": item.id, "label": item.text, "hint": item.hint}
        if item.kind == "scale":
            row["type"] = f"select_one {item.scale}"
        elif item.kind == "choice":
            list_name, number = item.id, 2
            while list_name in lists:
                list_name, number = f"{item.id}-{number}", number + 1
            lists.add(list_name)
            names = _option_names(item.options)
            choice_rows.extend((list_name, name, label, None) for name, label in zip(names, item.options, strict=True))
            row["type"] = f"{'select_multiple' if item.multiple else 'select_one'} {list_name}"
            if item.other:
                row["type"] += " or_other"
        elif item.kind == "check":
            row["type"] = "acknowledge"
        else:
            row["type"] = item.kind
        if item.kind == "text" and item.size == "long":
            row["appearance"] = LONG_TEXT
        if item.required:
            row["required"] = "yes"
        if item.examples:
            row["examples"] = "\n".join(item.examples)
        if getattr(item, "fills", None):
            row["fills"] = item.fills
        return row

    survey_rows += [item_row(item) for item in form.metadata]
    for section in form.sections:
        survey_rows.append({"type": "begin_group", "name": section.id, "label": section.title, "hint": section.intro})
        survey_rows += [item_row(item) for item in section.items]
        survey_rows.append({"type": "end_group"})

    used = [
        c
        for c in SURVEY_COLUMNS
        if c in ("type", "name", "label", "hint", "required") or any(r.get(c) for r in survey_rows)
    ]
    _fill(survey, used, [[r.get(c) for c in used] for r in survey_rows])
    written = [c for i, c in enumerate(CHOICES_COLUMNS) if c in CHOICE_COLUMNS or any(r[i] for r in choice_rows)]
    _fill(choices, written, [list(r[: len(written)]) for r in choice_rows])  # basis_note, the last, only if any
    share = NOBODY[0] if form.share_with is False else form.share_with
    values = {
        "form_title": form.title,
        "form_id": form_id,
        "summary": form.summary,
        "notice": form.notice,
        "source": form.source,
        "source_part": form.source_part,
        "filled_by": " ".join(form.filled_by),
        "about": form.about,
        "share_with": share,
        "domains": " ".join(form.domains) or None,
    }
    if form.school_page is not None:  # only a school's portrait has these columns
        page = form.school_page
        values["school_page"] = "yes"
        values["school_page_place"] = page.place
        values["school_page_summary"] = page.summary
        values["school_page_leave_out"] = " ".join(page.leave_out) or None
    _fill(settings, list(values), [list(values.values())])
    return workbook


def _fill(sheet, headers: list[str], rows: list[list[Any]]) -> None:
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a text that begins with '=' is text, not a formula (read back as empty)
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for i, header in enumerate(headers):
        longest = max([len(header), *(len(str(r[i])) for r in rows if r[i] is not None)])
        sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width = min(max(10, longest + 2), 70)


def export_form(form: Form, form_id: str, out: Path) -> None:
    buffer = io.BytesIO()
    form_workbook(form, form_id).save(buffer)
    _write_atomically(out, buffer.getvalue())
