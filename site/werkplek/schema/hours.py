"""content/hours/<role-id>.yml: how many hours a role spends, as a source document specifies them.

The file name is the id of the role. A file holds tables (per semester or per school year) of rows:
what, purpose, duration, and either fixed `hours` or `per_student` hours that scale with the number
of aankomend leraren; `optional` marks a task not everyone in the role does. The totals the document
prints are stored as printed, so a page can say when its rows do not add up to them.
Cross-file rules (the role exists, hours or per_student, includes) are checked in checks.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictFloat

from .base import Bool, Int, Slug, SourceId, SourcePart, StrictModel, Text

# A number of hours: 19.5, 2.25 or 97; never true, a text, a negative number, nan or inf, and never
# more than a year of full-time work (about 1659 hours) per row: 1e307 passed and overflowed the sums.
MAX_ROW_HOURS = 2000
MAX_TOTAL_HOURS = 1_000_000  # a printed total, for a whole school year and all its aankomend leraren
MAX_STUDENTS = 10_000
MAX_SEMESTERS = 4
HourCount = Annotated[StrictFloat, Field(ge=0, le=MAX_ROW_HOURS, allow_inf_nan=False)]
TotalCount = Annotated[StrictFloat, Field(ge=0, le=MAX_TOTAL_HOURS, allow_inf_nan=False)]


class HoursRow(StrictModel):
    """One task of the specification: one row of the document's table."""

    what: Text = Field(description="Wat: de taak, zoals het document haar noemt.")
    purpose: Text | None = Field(None, description="Doel van de taak.")
    duration: Text | None = Field(
        None, description="Duur: hoe het document tot de uren komt (bijvoorbeeld '20 keer 15 minuten')."
    )
    hours: HourCount | None = Field(
        None, description="Vaste uren in de periode van de tabel. Geef hours óf per_student."
    )
    per_student: HourCount | None = Field(
        None, description="Uren per aankomend leraar; groeit mee met het aantal. Geef hours óf per_student."
    )
    optional: Bool = Field(
        False, description="true: niet iedereen in deze rol doet deze taak; telt apart mee ('zonder optionele taken')."
    )
    note: Text | None = Field(None, description="Opmerking bij de rij, bijvoorbeeld een voetnoot van het document.")


class HoursTable(StrictModel):
    """A table of the document: the rows of one semester, or of a whole school year."""

    title: Text
    per: Literal["semester", "year"] = Field(
        description="semester: de uren van één semester (telt semesters_per_year keer mee in het schooljaar); "
        "year: de uren van een heel schooljaar."
    )
    printed_total: TotalCount | None = Field(
        None, description="Het totaal dat het document onder deze tabel noemt, ook als de rijen iets anders geven."
    )
    rows: list[HoursRow] = Field(min_length=1)


class PrintedTotals(StrictModel):
    """Totals per school year as the document prints them (at its own number of aankomend leraren)."""

    year: TotalCount | None = Field(None, description="Eindtotaal per schooljaar, met de optionele taken.")
    year_without_optional: TotalCount | None = Field(
        None, description="Eindtotaal per schooljaar zonder de optionele taken."
    )


class Hours(StrictModel):
    """content/hours/<role-id>.yml: the hour specification of one role."""

    source: SourceId | None = Field(None, description="Het brondocument van deze uren (id uit content/documents/).")
    source_part: SourcePart | None = None
    summary: Text | None = Field(None, description="Korte inleiding boven de tabellen.")
    students: Int | None = Field(
        None,
        ge=0,
        le=MAX_STUDENTS,
        description="Met hoeveel aankomend leraren het document rekent; verplicht als een rij per_student heeft.",
    )
    semesters_per_year: Int | None = Field(
        None,
        ge=1,
        le=MAX_SEMESTERS,
        description="Hoeveel semesters een schooljaar heeft; verplicht als een tabel per: semester is.",
    )
    includes: Slug | None = Field(
        None,
        description="Id van een rol waarvan deze rol alle uren ook heeft (zoals de coördinerend schoolopleider "
        "die van de schoolopleider); die tellen mee in de totalen.",
    )
    scaling_note: Text | None = Field(
        None,
        description="Als de splitsing in uren per aankomend leraar (per_student) en vaste uren (hours) onze lezing "
        "is en niet zo in het document staat: wat het document wel zegt. De pagina's tonen het bij de uren.",
    )
    tables: list[HoursTable] = Field(min_length=1)
    printed_totals: PrintedTotals = Field(
        PrintedTotals(), description="Eindtotalen per schooljaar zoals het document ze noemt."
    )
