"""Building blocks shared by every content model."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class StrictModel(BaseModel):
    """Unknown keys are errors, and validated content never changes afterwards."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Kleine letters, cijfers en koppeltekens, bijvoorbeeld 'periode-1'."),
]


def _source_id(value: object) -> object:
    """A source is named by id; a title written here gets a message that says where a title belongs."""
    if isinstance(value, str) and not re.fullmatch(SLUG_PATTERN, value):
        raise ValueError(
            "noem hier de id van een brondocument: de bestandsnaam in content/documents/ zonder .yml, "
            "bijvoorbeeld 'handleiding-2025'; de titel staat in dat bestand"
        )
    return value


SourceId = Annotated[
    str,
    BeforeValidator(_source_id),
    StringConstraints(max_length=80),
    Field(description="Id van een brondocument uit content/documents/ (de bestandsnaam zonder .yml)."),
]
MAX_TEXT = 5000  # characters in one text field: several long paragraphs, never a pasted document
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _no_control_characters(value: str) -> str:
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"bevat een onzichtbaar stuurteken (code {ord(found.group()):#06x}); haal het weg")
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
    AfterValidator(_no_control_characters),
]
SourcePart = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_no_control_characters),
    Field(description="Waar in het brondocument: hoofdstuk, paragraaf, bijlage of tabel."),
]
# YAML's true/false and numbers are never silently turned into each other.
Int = StrictInt
Bool = StrictBool


def _date_only(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise ValueError("geef alleen een datum, zonder tijd (JJJJ-MM-DD)")
    if not isinstance(value, (dt.date, str)):
        raise ValueError("geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-11-12")
    return value


Date = Annotated[dt.date, BeforeValidator(_date_only)]


def _month_or_date(value: object) -> object:
    """YAML turns 2025-09-01 into a date; keep one textual form for both precisions."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


MONTH_OR_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")

def _real_day(value: str) -> str:
    try:
        month_or_date_start(value)
    except ValueError:
        raise ValueError(f"deze datum bestaat niet (gevonden: {value!r})") from None
    return value


MonthOrDate = Annotated[
    str,
    BeforeValidator(_month_or_date),
    StringConstraints(pattern=MONTH_OR_DATE.pattern),
    AfterValidator(_real_day),
    Field(description="Een maand (JJJJ-MM, bijvoorbeeld \"2025-09\") of een datum (JJJJ-MM-DD)."),
]


def month_or_date_start(value: str) -> dt.date:
    """The first day a MonthOrDate covers."""
    if len(value) == 7:
        return dt.date.fromisoformat(value + "-01")
    return dt.date.fromisoformat(value)


class Section(StrictModel):
    """A titled block of plain text: paragraphs and an optional bullet list. Never HTML."""

    heading: Text
    paragraphs: list[Text] = []
    items: list[Text] = []
