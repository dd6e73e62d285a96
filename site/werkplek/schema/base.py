"""Building blocks shared by every content model."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class StrictModel(BaseModel):
    """Unknown keys are errors, and validated content never changes afterwards."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Kleine letters, cijfers en koppeltekens, bijvoorbeeld 'periode-1'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _month_or_date(value: object) -> object:
    """YAML turns 2025-09-01 into a date; keep one textual form for both precisions."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


MONTH_OR_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")

MonthOrDate = Annotated[
    str,
    BeforeValidator(_month_or_date),
    StringConstraints(pattern=MONTH_OR_DATE.pattern),
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
