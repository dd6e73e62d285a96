from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .base import Bool, Date, MonthOrDate, Section, Slug, StrictModel, Text, month_or_date_start

Weekday = Literal["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


class PeriodTask(StrictModel):
    """What one role does in one period."""

    id: Slug = Field(description="Vast kenmerk binnen deze periode; verander het niet, anders vervallen vinkjes.")
    role: Slug = Field(description="Id van een rol uit content/roles/.")
    title: Text
    text: Text | None = None
    action: Bool = Field(False, description="true als dit een expliciete actie (✅ ACTIE) is.")
    domains: list[Slug] = []


class Period(StrictModel):
    """One onderwijsperiode: from its start to the student's deadline."""

    id: Slug
    name: Text
    start: MonthOrDate
    deadline: Date = Field(description="Uiterste inleverdatum voor de student (JJJJ-MM-DD).")
    summary: Text | None = None
    domains: list[Slug] = []
    tasks: list[PeriodTask] = []

    @property
    def start_date(self) -> dt.date:
        return month_or_date_start(self.start)


class Programme(StrictModel):
    """content/programmes/<id>.yml: one opleidingsprogramma with its periods and deadlines."""

    name: Text
    institution: Text
    school_year: Text = Field(description="Bijvoorbeeld \"2025-2026\" (tussen aanhalingstekens).")
    stage_days: list[Weekday] = []
    summary: Text
    sections: list[Section] = []
    periods: list[Period] = Field(min_length=1)
