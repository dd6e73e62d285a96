"""`werkplek school import ENTRY.json`: a filled-in school portrait becomes the school's page.

The file is what the app's "Download deze invulling" writes under a form: a backup (static/js/lib/backup.js,
`app: werkplek`, format 2 or 3) with one entry (static/js/lib/entries.js). The entry must belong to a form
with `school_page:` (content/forms/, schema/form.py: SchoolPage); its answers become content/schools/<id>.yml
(schema/school.py), which the build reads like a hand-written portrait:

- the name is the metadata field with `fills: school`; the id is made from it unless --id is given;
- `school_page.place` and `school_page.summary` name the questions for the place and the summary line;
- every other answered question, in form order, becomes a section: a text answer its paragraphs, a choice its
  bullet list (with the "anders, namelijk" text), a tick its question; a part with one question is headed by
  the part's title, a part with several by each question. `school_page.leave_out` names what stays off.

Nothing is written unless everything checks out: the file, the entry, every answer against its question and
the resulting portrait against the School model. An existing portrait is only replaced with force.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import WerkplekError
from .migrate import slug
from .schema.base import MAX_TEXT
from .schema.form import CheckItem, ChoiceItem, DateItem, Form, ScaleItem, TextItem
from .schema.school import School

MAX_FILE_BYTES = 5 * 1024 * 1024  # as MAX_BACKUP_BYTES in backup.js
BACKUP_FORMATS = (2, 3)  # the backup formats that hold entries (backup.js)
OTHER = ":anders"  # the "anders, namelijk" text of a choice is kept under "<item id>:anders" (entries.js)
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class SchoolImportError(WerkplekError):
    """A file that cannot become a school page; the message says why and that nothing was written."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}; er is niets geschreven.")


@dataclass
class Plan:
    """What the import would write: the file, its text, the portrait, and what it noticed."""

    path: Path
    text: str
    school: School
    form_id: str
    notes: list[str]
    replaces: bool


def read_entry(path: Path) -> dict[str, Any]:
    """The one entry in an exported file, or an SchoolImportError saying in Dutch what is wrong with the file."""
    where = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SchoolImportError(where, "het bestand is groter dan 5 MB; dat is geen geëxporteerde invulling")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SchoolImportError(where, "bestand niet gevonden") from None
    except IsADirectoryError:
        raise SchoolImportError(where, "dit is een map, geen bestand") from None
    except OSError as exc:
        raise SchoolImportError(where, f"kan het bestand niet lezen ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SchoolImportError(where, "het bestand is geen tekst (UTF-8); kies het .json-bestand van de app") from None
    except json.JSONDecodeError as exc:
        raise SchoolImportError(
            where, f"geen geldige JSON op regel {exc.lineno}, kolom {exc.colno} (is het bestand compleet?)"
        ) from None
    if not isinstance(data, dict) or data.get("app") != "werkplek" or not isinstance(data.get("format"), int):
        raise SchoolImportError(
            where, "dit is geen bestand van Werkplek; exporteer het portret met 'Download deze invulling'"
        )
    if data["format"] > max(BACKUP_FORMATS):
        raise SchoolImportError(
            where, f"het bestand komt uit een nieuwere versie van de app (formaat {data['format']})"
        )
    if data["format"] not in BACKUP_FORMATS:
        raise SchoolImportError(where, f"dit bestand (formaat {data['format']}) bevat geen invullingen")
    entries = data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SchoolImportError(where, "de invullingen in het bestand zijn onleesbaar")
    if len(entries) != 1:
        raise SchoolImportError(
            where,
            f"het bestand bevat {len(entries)} invullingen; exporteer één schoolportret met 'Download deze invulling'"
            if entries
            else "het bestand bevat geen invulling",
        )
    entry = entries[0]
    for field in ("meta", "answers"):
        if not isinstance(entry.get(field, {}), dict):
            raise SchoolImportError(where, f"de invulling is onleesbaar ('{field}' is geen lijst van antwoorden)")
    if not isinstance(entry.get("form"), str):
        raise SchoolImportError(where, "de invulling noemt geen formulier")
    return entry


def _text(where: str, label: str, value: Any) -> str:
    if not isinstance(value, str):
        raise SchoolImportError(where, f"het antwoord bij '{label}' is geen tekst")
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise SchoolImportError(where, f"het antwoord bij '{label}' is langer dan {MAX_TEXT} tekens")
    return value


def _answer_lines(where: str, item: Any, answers: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(paragraphs, list items) for one question's answer; both empty when it has none."""
    value = answers.get(item.id)
    if isinstance(item, TextItem):
        if value is None:
            return [], []
        text = _text(where, item.text, value)
        return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()], []
    if isinstance(item, ChoiceItem):
        chosen = [] if value is None else value if isinstance(value, list) else [value]
        lines = []
        for choice in chosen:
            choice = _text(where, item.text, choice)
            if choice == "anders" and item.other:
                other = answers.get(item.id + OTHER)
                if other is not None and (other := _text(where, item.text, other)):
                    lines.append(other)
            elif choice in item.options:
                lines.append(choice)
            else:
                raise SchoolImportError(where, f"'{choice}' is geen keuze bij '{item.text}' in dit formulier")
        return [], lines
    if isinstance(item, CheckItem):
        if value is None or value is False:
            return [], []
        if value is not True:
            raise SchoolImportError(where, f"het antwoord bij '{item.text}' is geen vinkje")
        return [], [item.text]
    if isinstance(item, DateItem):
        if value is None:
            return [], []
        try:
            day = dt.date.fromisoformat(_text(where, item.text, value))
        except ValueError:
            raise SchoolImportError(where, f"het antwoord bij '{item.text}' is geen datum (JJJJ-MM-DD)") from None
        return [f"{day.day}-{day.month}-{day.year}"], []
    if isinstance(item, ScaleItem):
        return [], []  # a rating says nothing a student reads on a school page
    return [], []


def _one_line(item: Any) -> bool:
    return isinstance(item, DateItem) or (isinstance(item, TextItem) and item.size == "short")


def portrait_of(entry: dict[str, Any], form: Form, where: str) -> tuple[dict[str, Any], list[str]]:
    """The school file's data for an entry of a form with school_page, and notes for the user."""
    page = form.school_page
    assert page is not None
    meta, answers = entry.get("meta", {}), entry.get("answers", {})
    notes = []
    name_field = next((m for m in form.metadata if m.fills == "school"), None)
    name = _text(where, "School", meta.get(name_field.id, "")) if name_field else ""
    if not name:
        raise SchoolImportError(
            where, "het portret heeft geen schoolnaam; vul het veld 'School' in en exporteer opnieuw"
        )
    items = {item.id: item for section in form.sections for item in section.items}
    known = set(items) | {i + OTHER for i, item in items.items() if isinstance(item, ChoiceItem)}
    stale = sorted(k for k in answers if k not in known)
    if stale:
        notes.append(f"{len(stale)} antwoord(en) bij vragen die het formulier niet meer heeft, overgeslagen")
    taken = {page.place, page.summary} - {None}
    place = summary = None
    if page.place and page.place in items:
        paragraphs, lines = _answer_lines(where, items[page.place], answers)
        place = " ".join(paragraphs + lines) or None
    if page.summary and page.summary in items:
        paragraphs, lines = _answer_lines(where, items[page.summary], answers)
        summary = " ".join(paragraphs + lines) or None
    if summary is None:
        summary = f"Wat {name} een student te bieden heeft, uit het schoolportret."
        notes.append("geen korte inleiding ingevuld; de pagina krijgt een algemene zin")
    sections = []
    for section in form.sections:
        if section.id in page.leave_out:
            continue
        shown = [item for item in section.items if item.id not in page.leave_out and item.id not in taken]
        answered = [(item, *_answer_lines(where, item, answers)) for item in shown]
        answered = [(item, p, lines) for item, p, lines in answered if p or lines]
        if len(answered) == 1 and len(shown) == 1:
            item, paragraphs, lines = answered[0]
            sections.append({"heading": section.title, "paragraphs": paragraphs, "items": lines})
            continue
        # Several questions: one-line answers (name, address, who is who) as "question: answer" in one list
        # under the part's title; each longer answer or tick list under its own question.
        short = [(item, p) for item, p, lines in answered if _one_line(item) and len(p) == 1]
        if short:
            sections.append({"heading": section.title, "items": [f"{item.text}: {p[0]}" for item, p in short]})
        for item, paragraphs, lines in answered:
            if not (_one_line(item) and len(paragraphs) == 1):
                sections.append({"heading": item.text, "paragraphs": paragraphs, "items": lines})
    if not sections:
        raise SchoolImportError(where, "het portret heeft nog geen antwoorden; er is niets om te publiceren")
    data: dict[str, Any] = {"name": name}
    if place:
        data["place"] = place
    data["summary"] = summary
    if form.source:
        data["source"] = form.source
        if form.source_part:
            data["source_part"] = form.source_part
    data["sections"] = [{k: v for k, v in s.items() if v} for s in sections]
    if entry.get("state") != "afgerond":
        notes.append("de invulling is nog een concept (niet afgerond)")
    return data, notes


def plan(entry_path: Path, content_dir: Path, school_id: str | None = None, force: bool = False) -> Plan:
    """What importing entry_path into content_dir would write; raises SchoolImportError (nothing written)."""
    from .errors import ContentError
    from .pipeline import load

    where = str(entry_path)
    entry = read_entry(entry_path)
    try:
        content = load(content_dir)
    except ContentError as exc:
        count = len(exc.problems)
        first = exc.problems[0].for_editor() if exc.problems else ""
        raise SchoolImportError(
            str(content_dir),
            f"de inhoud bevat {count} {'fout' if count == 1 else 'fouten'} (eerst: {first}); los die op en "
            "controleer met werkplek check",
        ) from None
    form_id = entry["form"]
    form = content.forms.get(form_id)
    portraits = sorted(f for f, doc in content.forms.items() if doc.school_page)
    if form is None:
        raise SchoolImportError(where, f"de invulling hoort bij formulier '{form_id}', dat deze inhoud niet heeft")
    if form.school_page is None:
        which = ", ".join(f"'{content.forms[f].title}'" for f in portraits) or "geen"
        raise SchoolImportError(
            where, f"dit is een invulling van '{form.title}', geen schoolportret (schoolportretten: {which})"
        )
    data, notes = portrait_of(entry, form, where)
    school_id = school_id or slug(data["name"])
    if not ID.match(school_id):
        raise SchoolImportError(
            where, f"'{school_id}' is geen bruikbaar id; kies er een met --id (kleine letters, cijfers, -)"
        )
    try:
        school = School.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise SchoolImportError(where, f"het portret past niet in een schoolpagina (veld {field})") from None
    target = content_dir / "schools" / f"{school_id}.yml"
    replaces = target.exists()
    if replaces and not force:
        raise SchoolImportError(
            str(target), "bestaat al; gebruik --force om het te vervangen, of --id voor een andere school"
        )
    header = (
        "# yaml-language-server: $schema=../../schema/school.json\n"
        f"# Gemaakt met werkplek school import uit {entry_path.name} (invulling {entry.get('id', '?')}).\n"
    )
    text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    return Plan(target, text, school, form_id, notes, replaces)


def write(p: Plan) -> None:
    """Write the portrait at once (a temporary file renamed), so a failure leaves the old file as it was."""
    p.path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.path.parent, prefix=".", suffix=".yml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(p.text)
        os.replace(tmp, p.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
