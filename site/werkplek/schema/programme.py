from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .base import (
    Bool,
    Date,
    Int,
    MonthOrDate,
    Section,
    Slug,
    SourceId,
    StrictModel,
    Text,
    is_month,
    month_or_date_start,
)

Basis = Literal["bron", "uitwerking", "afspraak"]
When = Literal["start", "halfway", "end"]
Weekday = Literal["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


class PeriodTask(StrictModel):
    """What one role does in one period."""

    id: Slug = Field(description="Vast kenmerk binnen deze periode; verander het niet, anders vervallen vinkjes.")
    role: Slug = Field(description="Id van een rol uit content/roles/.")
    title: Text
    text: Text | None = None
    action: Bool = Field(False, description="true als dit een expliciete actie (✅ ACTIE) is.")
    domains: list[Slug] = []
    forms: list[Slug] = Field([], description="Formulieren waar deze taak toe leidt (ids uit content/forms/).")
    source: SourceId | None = Field(
        None, description="Brondocument van deze taak, als het een ander is dan dat van het programma."
    )
    basis: Basis = Field(
        "bron",
        description="bron: de taak staat zo in het brondocument. uitwerking: onze lezing van de bron (de bron "
        "noemt het niet zo voor deze rol); zeg in basis_note wat de bron wel zegt. afspraak: een afspraak van de "
        "school of het partnerschap zelf, niet uit de bron.",
    )
    basis_note: Text | None = Field(
        None, description="Bij uitwerking of afspraak: wat de bron zelf zegt, of wat de school heeft afgesproken."
    )
    when: When | None = Field(
        None,
        description="Wanneer in de periode: start (de eerste dag), halfway (de dag midden tussen start en "
        "deadline, op een werkdag: valt het midden op zaterdag, dan de vrijdag ervoor, op zondag de maandag "
        "erna) of end (de deadline). De app leidt er de datum van af, voor de planning, de agenda en de "
        "herinneringen. Leeg (en geen days): de taak heeft geen eigen datum.",
    )
    days: Int | None = Field(
        None,
        ge=0,
        description="Of: zoveel dagen na de start van de periode (0 is de eerste dag); niet samen met when.",
    )

    def due(self, period: Period) -> dt.date | None:
        """The day this task falls on in its period, from `when` or `days`; None when it has no timing."""
        start = period.start_date
        if self.days is not None:
            return start + dt.timedelta(days=self.days)
        if self.when == "start":
            return start
        if self.when == "end":
            return period.deadline
        if self.when == "halfway":
            middle = start + dt.timedelta(days=(period.deadline - start).days // 2)
            return middle + dt.timedelta(days={5: -1, 6: 1}.get(middle.weekday(), 0))  # a school day
        return None


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

    @property
    def start_is_month(self) -> bool:
        return is_month(self.start)


class Requirement(StrictModel):
    """A rule about filled-in forms, such as "by the deadline of P3 each kijkwijzer at least once".

    Only completed entries (afgerond, not a draft) count; the app counts them on the device.
    """

    id: Slug = Field(description="Vast kenmerk binnen dit programma.")
    text: Text = Field(
        description="Wat er moet gebeuren, in het Nederlands, bijvoorbeeld 'Alle drie de kijkwijzers minstens één keer'."
    )
    forms: list[Slug] = Field(min_length=1, description="De formulieren die meetellen (ids uit content/forms/).")
    count: Int = Field(1, ge=1, description="Hoe vaak (minstens 1); alleen afgeronde formulieren tellen mee.")
    per: Literal["each", "total"] = Field(
        "each",
        description="each: elk genoemd formulier `count` keer; total: samen `count` keer, over de genoemde formulieren.",
    )
    from_period: Slug | None = Field(
        None,
        description="Id van de periode waarvan de start het begin van de termijn is; leeg: de start van de eerste periode.",
    )
    by_period: Slug = Field(description="Id van de periode waarvan de deadline het einde van de termijn is.")
    window: Text | None = Field(
        None,
        description="Hoe de pagina de termijn noemt als de bron er geen datum aan verbindt, bijvoorbeeld 'in het "
        "schooljaar' of 'in semester 1'. Leeg: 'uiterlijk' en de deadline van by_period. De app telt hoe dan ook "
        "van de start van from_period tot de deadline van by_period.",
    )
    role: Slug | None = Field(
        None,
        description="Wie de invullingen moet hebben geschreven: id van een rol uit content/roles/ (wpb: 'door de "
        "werkplekbegeleider'); dan tellen alleen invullingen in die rol mee. Leeg: elke rol die de formulieren invult.",
    )


class Visits(StrictModel):
    """Lesson visits (lesbezoeken) of a programme: who plans one and invites, who can be invited to observe,
    the forms an observer fills in, and the report forms the one who planned it attaches to the visit."""

    planned_by: Slug = Field(description="De rol die een lesbezoek plant en uitnodigt (id uit content/roles/).")
    observers: list[Slug] = Field(
        min_length=1, description="De rollen die je kunt uitnodigen om te observeren (ids uit content/roles/)."
    )
    forms: list[Slug] = Field(
        min_length=1,
        description="De formulieren die een observator invult (ids uit content/forms/): elk ingevuld door minstens "
        "één van de observators en over de rol in planned_by.",
    )
    reports: list[Slug] = Field(
        [],
        description="De verslagen (formulieren) die de planner aan een lesbezoek koppelt, zoals een verslag van het "
        "driehoeksgesprek; elk ingevuld door de rol in planned_by. Mag leeg.",
    )
    reflection: Slug | None = Field(
        None,
        description="Het formulier (id uit content/forms/) waarmee de rol in planned_by reflecteert op een ontvangen "
        "kijkwijzer of advies; ingevuld door die rol. Leeg: geen link 'Schrijf je reflectie'.",
    )


class Programme(StrictModel):
    """content/programmes/<id>.yml: one opleidingsprogramma with its periods and deadlines."""

    name: Text
    institution: Text
    school_year: Text = Field(description="Bijvoorbeeld \"2025-2026\" (tussen aanhalingstekens).")
    stage_days: list[Weekday] = []
    summary: Text
    source: SourceId | None = Field(
        None,
        description="Brondocument van de perioden en taken (id uit content/documents/); een taak kan een ander noemen.",
    )
    example_dates: Bool = Field(
        False,
        description="true: de bron geeft geen data, de data van de perioden zijn een voorbeeld; elke pagina met "
        "data van dit programma zegt dat ('Voorbeelddata'), tot het partnerschap de eigen data invult.",
    )
    sections: list[Section] = []
    periods: list[Period] = Field(min_length=1)
    requirements: list[Requirement] = Field(
        [], description="Regels over ingevulde formulieren, met een termijn; de app toont de voortgang."
    )
    visits: Visits | None = Field(
        None, description="Lesbezoeken plannen en uitnodigen; zonder visits heeft dit programma geen lesbezoeken."
    )
