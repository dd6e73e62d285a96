"""Building blocks shared by every content model."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

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

# Invisible characters a person does not mean to type, and which change what a text shows or how it
# is read: control characters (Cc), format characters (Cf: zero-width spaces, direction overrides,
# a BOM in the middle), line and paragraph separators (Zl, Zp).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ZERO_WIDTH_JOINER = "\u200d"
INVISIBLE_NAMES = {
    0x00AD: "zacht afbreekstreepje",
    0x0085: "regeleinde",
    0x200B: "spatie zonder breedte",
    0x200C: "scheidingsteken zonder breedte",
    0x200D: "verbindingsteken zonder breedte",
    0x200E: "richtingsteken",
    0x200F: "richtingsteken",
    0x2028: "regelscheiding",
    0x2029: "alineascheiding",
    0x2060: "woordverbinding zonder breedte",
    0xFEFF: "bytevolgordeteken (BOM)",
    **{code: "tekstrichting" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def _joins_emoji(text: str, index: int) -> bool:
    """A zero-width joiner inside an emoji sequence (woman + ZWJ + school = teacher) is part of it."""
    return (
        0 < index < len(text) - 1
        and unicodedata.category(text[index - 1]) in ("So", "Sk", "Mn")
        and unicodedata.category(text[index + 1]) == "So"
    )


def find_invisible(text: str, allowed: str = "\t\n") -> list[int]:
    """Where text holds an invisible character (other than those in `allowed`), in order."""
    suspects = {ch for ch in set(text) if ch not in allowed and unicodedata.category(ch) in INVISIBLE_CATEGORIES}
    if not suspects:
        return []
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in sorted(suspects)) + "]")
    return [
        m.start()
        for m in pattern.finditer(text)
        if not (m.group() == _ZERO_WIDTH_JOINER and _joins_emoji(text, m.start()))
    ]


def describe_invisible(char: str) -> str:
    name = INVISIBLE_NAMES.get(ord(char))
    return f"een onzichtbaar stuurteken (code U+{ord(char):04X}{', ' + name if name else ''})"


def _no_control_characters(value: str) -> str:
    found = find_invisible(value)
    if found:
        raise ValueError(f"bevat {describe_invisible(value[found[0]])}; haal het weg")
    return value


def text(max_length: int = MAX_TEXT) -> type:
    """Plain text, stripped, not empty, at most max_length characters, without invisible characters.
    (A max_length given to Field() beside Text is silently ignored: the limit must be in here.)"""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_no_control_characters),
    ]


Text = text()
SourcePart = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
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


def is_month(value: str) -> bool:
    """Whether a MonthOrDate names a month ("2025-09") rather than a day ("2025-09-01")."""
    return len(value) == len("JJJJ-MM")


def month_or_date_start(value: str) -> dt.date:
    """The first day a MonthOrDate covers."""
    if is_month(value):
        return dt.date.fromisoformat(value + "-01")
    return dt.date.fromisoformat(value)


class Section(StrictModel):
    """A titled block of plain text: paragraphs and an optional bullet list. Never HTML."""

    heading: Text
    paragraphs: list[Text] = []
    items: list[Text] = []
