"""What the lesson-visit page (lesbezoek/) needs to plan a visit and invite observers, per programme that
declares visits (`visits:` in content/programmes/<id>.yml). The page carries it as JSON
(<script id="lesbezoek-gegevens">), so it opens offline as one file; a site without visits has no such page."""

from __future__ import annotations

from typing import Any

from .store import Store


def _role(role: dict[str, Any]) -> dict[str, Any]:
    return {"name": role["name"], "abbreviation": role["abbreviation"]}


def _forms(forms: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"id": f["id"], "title": f["title"]} for f in forms]


def visit_settings(store: Store) -> dict[str, Any]:
    """{"programmes": {id: {name, planned_by, observers, forms, reports}}, "roles": {id: {name, abbreviation}}}:
    only programmes with visits; every role of the site (an entry may name any role as its author)."""
    programmes = {}
    for programme in store.visit_programmes():
        visits = store.visits(programme["id"])
        programmes[programme["id"]] = {
            "name": programme["name"],
            "planned_by": visits["planned_by"]["id"],
            "observers": [{"id": r["id"], **_role(r)} for r in visits["observers"]],
            "forms": _forms(visits["forms"]),
            "reports": _forms(visits["reports"]),
        }
    return {"programmes": programmes, "roles": {r["id"]: _role(r) for r in store.roles()}}
