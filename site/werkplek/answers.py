"""What an answer to each question of a form may be, for the browser to check entries that come from
outside (a share link, a backup, a file): formulieren/regels.json, read by entries.js answerProblem."""

from __future__ import annotations


def item_rule(item: dict, scales: dict) -> dict:
    """One question's rule: its kind, and for a scale its points (and n.v.t.), for a choice its options."""
    kind = item["kind"]
    if kind == "scale":
        scale = scales[item["scale"]]
        return {"kind": kind, "points": len(scale["labels"]), "na": bool(scale.get("na"))}
    if kind == "choice":
        return {"kind": kind, "options": list(item["options"]), "multiple": bool(item.get("multiple")),
                "other": bool(item.get("other"))}
    return {"kind": kind}


def answer_rules(forms: list[dict]) -> dict:
    """Per form id: {"meta": {item id: rule}, "answers": {item id: rule}} (the groups of the entry record)."""
    return {
        form["id"]: {
            "meta": {item["id"]: item_rule(item, form.get("scales", {})) for item in form.get("metadata", [])},
            "answers": {
                item["id"]: item_rule(item, form.get("scales", {}))
                for section in form["sections"] for item in section["items"]
            },
        }
        for form in forms
    }
