"""Hour arithmetic for a role's specification (content/hours/), by the same rules as static/js/lib/hours.js.

Works on the store's documents: a role's tables with `includes` already resolved, each table with
`per` ("semester" or "year"), `times` (how often it counts in a school year) and its rows. A row gives
fixed `hours` or `per_student` hours (times the number of aankomend leraren); `optional` rows are
kept apart. Totals come per semester (the semester tables, once) and per school year (every table,
`times` over). A category without any row in a column is None ("—"), not 0.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import Content

# The lines of a summary, in order: hours per aankomend leraar, those times the number, fixed tasks,
# optional tasks, everything, and everything but the optional tasks.
CATEGORIES = ("rate", "scaled", "fixed", "optional", "total", "required")
COLUMNS = ("semester", "year")


def round_hours(value: float) -> float:
    """Two decimals, half up, exactly as hours.js rounds (Math.round), so both show the same figure."""
    return math.floor(value * 100 + 0.5) / 100


def row_hours(row: dict[str, Any], students: int) -> float:
    if row["per_student"] is not None:
        return row["per_student"] * students
    return row["hours"]


def table_total(table: dict[str, Any], students: int) -> float:
    return round_hours(sum(row_hours(row, students) for row in table["rows"]))


def role_totals(tables: list[dict[str, Any]], students: int) -> dict[str, dict[str, float | None]]:
    """{category: {"semester": hours or None, "year": hours or None}} for `students` aankomend leraren."""
    sums = {category: {column: 0.0 for column in COLUMNS} for category in CATEGORIES}
    seen = {category: {column: False for column in COLUMNS} for category in CATEGORIES}
    for table in tables:
        weights = {"semester": 1 if table["per"] == "semester" else 0, "year": table["times"]}
        for row in table["rows"]:
            if row["optional"]:
                kinds = {"optional": row_hours(row, students)}
            elif row["per_student"] is not None:
                kinds = {"rate": row["per_student"], "scaled": row["per_student"] * students}
            else:
                kinds = {"fixed": row["hours"]}
            kinds["total"] = row_hours(row, students)
            if not row["optional"]:
                kinds["required"] = kinds["total"]
            for column, weight in weights.items():
                if not weight:
                    continue
                for category, value in kinds.items():
                    sums[category][column] += value * weight
                    seen[category][column] = True
                seen["required"][column] = True  # a column with any row has a total without the optional ones
    return {
        category: {
            column: round_hours(sums[category][column]) if seen[category][column] else None for column in COLUMNS
        }
        for category in CATEGORIES
    }


def calculator_data(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What static/js/lib/hours.js needs to recalculate in the browser: no texts, only the figures."""
    return [
        {
            "id": doc["id"],
            "name": doc["role_name"],
            "students": doc["students"],
            "tables": [
                {
                    "per": t["per"],
                    "times": t["times"],
                    "rows": [
                        {"hours": r["hours"], "per_student": r["per_student"], "optional": r["optional"]}
                        for r in t["rows"]
                    ],
                }
                for t in doc["all_tables"]
            ],
        }
        for doc in docs
    ]


def hours_document(content: Content, role_id: str) -> dict[str, Any]:
    """A role's hours with `includes` resolved: `all_tables` holds the included role's tables first
    (each naming the role it comes from), then its own; every table knows how often it counts in a
    school year (`times`) and its total; `totals` sums them up at the document's number of students."""
    hours = content.hours[role_id]
    doc = {"id": role_id, "role_name": content.roles[role_id].name, **hours.model_dump()}
    own = [
        {
            **table,
            "times": hours.semesters_per_year if table["per"] == "semester" else 1,
            "from_role": None,
            "from_role_name": None,
        }
        for table in doc["tables"]
    ]
    included = None
    if hours.includes is not None:
        included = hours_document(content, hours.includes)
        doc["students"] = hours.students if hours.students is not None else included["students"]
        own = [
            {
                **t,
                "from_role": t["from_role"] or included["id"],
                "from_role_name": t["from_role_name"] or included["role_name"],
            }
            for t in included["all_tables"]
        ] + own
    students = doc["students"] or 0
    for table in own:
        table["total"] = table_total(table, students)
        table["rows"] = [{**row, "at_default": row_hours(row, students)} for row in table["rows"]]
    doc["included"] = included
    doc["scales_with_students"] = any(row["per_student"] is not None for table in own for row in table["rows"])
    doc["all_tables"] = own
    doc["totals"] = totals = role_totals(own, students)
    printed = doc["printed_totals"]
    doc["printed_checks"] = [  # the document's own year totals beside what its rows add up to
        {"printed": printed[key], "computed": totals[category]["year"], "without_optional": key != "year"}
        for key, category in (("year", "total"), ("year_without_optional", "required"))
        if printed[key] is not None
    ]
    return doc
