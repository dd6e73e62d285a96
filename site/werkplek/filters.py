"""Pure Jinja filters: Dutch dates (via Babel's CLDR data, so no locale has to be installed) and lists."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup


def _as_date(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def date_long(value: dt.date | str) -> str:
    """12 november 2025"""
    return format_date(_as_date(value), "d MMMM y", locale="nl")


def date_weekday(value: dt.date | str) -> str:
    """wo 12 november 2025"""
    return format_date(_as_date(value), "EEE d MMMM y", locale="nl")


def month_year(value: dt.date | str) -> str:
    """september 2025"""
    return format_date(_as_date(value), "MMMM y", locale="nl")


def date_weekday_long(value: dt.date | str) -> str:
    """maandag 23 november 2026"""
    return format_date(_as_date(value), "EEEE d MMMM y", locale="nl")


def period_start(period: dict[str, Any]) -> str:
    """A period's start as precise as the content gives it: a month or a day."""
    if period["start_is_month"]:
        return month_year(period["start_date"])
    return date_weekday(period["start_date"])


def period_start_phrase(period: dict[str, Any]) -> str:
    """How a Dutch sentence says when a period starts: 'in september 2025', 'op maandag 23 november 2026'."""
    if period["start_is_month"]:
        return "in " + month_year(period["start_date"])
    return "op " + date_weekday_long(period["start_date"])


def dom_id(*parts: str) -> str:
    """An HTML id from slugs. Slugs never contain '--', so joining with it keeps ids apart:
    ('p1-a', 'b') and ('p1', 'a-b') give 'p1-a--b' and 'p1--a-b'."""
    return "--".join(str(part) for part in parts)


def iso(value: dt.date | str) -> str:
    return _as_date(value).isoformat()


def dutch_list(values: list[str], conjunction: str = "en") -> str:
    """maandag, dinsdag en woensdag; with conjunction='of': de WPB of de SO"""
    values = [str(v) for v in values]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + f" {conjunction} " + values[-1]


_ABBREVIATION = re.compile(r"^\W*[A-Z0-9]{2,}\W*$")


def in_sentence(name: str) -> str:
    """A name or title as it reads inside a sentence: the first letter in lower case ('Schoolopleider' ->
    'schoolopleider', 'Stuurgroep Samen Opleiden' -> 'stuurgroep Samen Opleiden'), but an abbreviation
    stays as it is ('WPB-gesprek', 'ICT-coördinator' start with one: 'LBF' stays 'LBF')."""
    first = re.split(r"[\s-]", name, maxsplit=1)[0]
    if _ABBREVIATION.match(first) and any(c.isalpha() for c in first):
        return name
    return name[:1].lower() + name[1:]


def hours_text(value: float | None) -> str:
    """32,5 uur; 1.234,5 uur; '—' for a column without any task. Intl.NumberFormat('nl-NL') writes the same."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.##", locale="nl") + " uur"


def json_script(value: Any) -> Markup:
    """JSON that is safe inside <script type="application/json">: no '</' can close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


_IMPORT = re.compile(r"^import .*?;\n", re.M)
_EXPORT = re.compile(r"^export ", re.M)


def inline_js(static_dir: Path, files: list[str], then: str) -> Markup:
    """ES modules from static/js inlined as one classic script, for work that must happen before the
    first paint (a module runs after it). Their imports are dropped, so the files given must contain
    everything they use, in order, with no top-level name twice."""
    parts = []
    for name in files:
        text = (static_dir / "js" / name).read_text(encoding="utf-8")
        parts.append(_EXPORT.sub("", _IMPORT.sub("", text)))
    code = "(function(){'use strict';\n" + "\n".join(parts) + "\n" + then + "\n})();"
    if "</" in code:
        raise ValueError(f"inline_js: '</' in {files} would end the <script> element early")
    return Markup(code)


FILTERS = {
    "date_long": date_long,
    "date_weekday": date_weekday,
    "month_year": month_year,
    "period_start": period_start,
    "period_start_phrase": period_start_phrase,
    "date_weekday_long": date_weekday_long,
    "iso": iso,
    "dutch_list": dutch_list,
    "in_sentence": in_sentence,
    "json_script": json_script,
    "hours": hours_text,
}
