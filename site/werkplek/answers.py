"""Each form's questions with what an answer to each may be (formulieren/<id>/vragen.json): the browser
checks entries that come from outside (a share link, a backup, a file) against them (entry-check.js
answerProblem), and ontvangen/ shows a shared entry with them, without fetching the whole form page."""

from __future__ import annotations


def item_rule(item: dict, scales: dict) -> dict:
    """One question's rule: its kind, and for a scale its points (and n.v.t.), for a choice its options."""
    kind = item["kind"]
    if kind == "scale":
        scale = scales[item["scale"]]
        return {"kind": kind, "points": len(scale["labels"]), "na": bool(scale.get("na"))}
    if kind == "choice":
        return {
            "kind": kind,
            "options": list(item["options"]),
            "multiple": bool(item.get("multiple")),
            "other": bool(item.get("other")),
        }
    return {"kind": kind}


def item_question(item: dict, scales: dict) -> dict:
    """A question as ontvangen/ shows it: id, text, its rule, and the words of a scale's points."""
    question = {"id": item["id"], "text": item["text"], **item_rule(item, scales)}
    if item["kind"] == "scale":
        scale = scales[item["scale"]]
        question["labels"] = list(scale["labels"])
        if scale.get("na"):
            question["na_label"] = scale["na_label"]
    return question


def meta_question(item: dict, scales: dict) -> dict:
    """A metadata field as a question, with what the app fills in itself (`fills`) when the form says so."""
    question = item_question(item, scales)
    if item.get("fills"):
        question["fills"] = item["fills"]
    return question


def form_questions(form: dict) -> dict:
    """One form's questions: the metadata fields (with `fills` where the app fills one in itself), then
    the sections with their items, in form order."""
    scales = form.get("scales", {})
    return {
        "meta": [meta_question(item, scales) for item in form.get("metadata", [])],
        "sections": [
            {
                "id": section["id"],
                "title": section["title"],
                "items": [item_question(item, scales) for item in section["items"]],
            }
            for section in form["sections"]
        ],
    }
