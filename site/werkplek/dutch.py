"""pydantic's validation errors in Dutch: the one translation, for content (loader.py) and for the push
service's JSON requests (push/api.py). pydantic's own messages are English and never reach a user."""

from __future__ import annotations

from typing import Any

from .schema import ITEM_KINDS

# Messages for pydantic's error types; the placeholders come from the error's `ctx`.
MESSAGES: dict[str, str] = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld (typefout in de naam?)",
    "json_invalid": "geen geldige JSON",
    "json_type": "geen geldige JSON",
    "none_required": "moet null zijn",
    "string_type": "moet tekst zijn",
    "string_too_short": "mag niet leeg zijn",
    "string_too_long": "is te lang (maximaal {max_length} tekens)",
    "date_type": "geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-11-12",
    "date_parsing": "geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-11-12",
    "date_from_datetime_parsing": "geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-11-12",
    "date_from_datetime_inexact": "geef alleen een datum, zonder tijd (JJJJ-MM-DD)",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn (regels die beginnen met '- ')",
    "model_type": "verwacht velden met waarden (naam: waarde)",
    "model_attributes_type": "verwacht velden met waarden (naam: waarde)",
    "dict_type": "verwacht velden met waarden (naam: waarde)",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "too_short": "moet minstens {min_length} {elements} bevatten",
    "too_long": "mag hoogstens {max_length} {elements} bevatten",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than": "moet kleiner zijn dan {lt}",
    "float_type": "moet een getal zijn (bijvoorbeeld 2 of 19.5)",
    "float_parsing": "moet een getal zijn (bijvoorbeeld 2 of 19.5)",
    "finite_number": "moet een gewoon getal zijn (bijvoorbeeld 2 of 19.5)",
    "union_tag_invalid": "onbekende soort '{tag}'; kies uit {expected_tags}",
    "union_tag_not_allowed": "soort '{tag}' kan hier niet; kies uit {expected_tags}",
    "union_tag_not_found": "verplicht veld {discriminator} ontbreekt: geef de soort op, bijvoorbeeld {discriminator}: text",
}
PATTERN_MESSAGES = {
    "^[a-z0-9]+": "alleen kleine letters, cijfers en koppeltekens (bijvoorbeeld 'periode-1')",
    "^\\d{4}-": "verwacht een maand (JJJJ-MM) of een datum (JJJJ-MM-DD), tussen aanhalingstekens",
}


# Where content (YAML written by an editor) is meant.
YAML_WORDING: dict[str, str] = {}
# Where a JSON request body is meant (the push service).
JSON_WORDING: dict[str, str] = {
    "extra_forbidden": "onbekend veld",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een object zijn (met velden tussen accolades)",
    "model_attributes_type": "moet een object zijn (met velden tussen accolades)",
    "dict_type": "moet een object zijn (met velden tussen accolades)",
    "string_pattern_mismatch": "heeft niet de verwachte vorm",
}


def pydantic_message(error: dict[str, Any], wording: dict[str, str] | None = None, show_found: bool = False) -> str:
    """One pydantic error in Dutch (pydantic's own `msg` is English and is never shown). `wording`
    overrides messages for the kind of input (YAML content or a JSON request); `show_found` adds the
    value found."""
    messages = {**MESSAGES, **(wording or {})}
    kind = error["type"]
    ctx = error.get("ctx") or {}
    ctx = {key: int(v) if isinstance(v, float) and v.is_integer() else v for key, v in ctx.items()}  # 0, not 0.0
    if kind.startswith("union_tag_"):
        # pydantic quotes each name ("'scale', 'check'"); show them as they are written in YAML
        ctx = {key: str(value).replace("'", "") for key, value in ctx.items()}
        if kind == "union_tag_invalid" and ctx.get("tag") in ITEM_KINDS:
            kind = "union_tag_not_allowed"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    elif kind == "string_pattern_mismatch" and kind not in (wording or {}):
        pattern = str(ctx.get("pattern", ""))
        message = next(
            (text for prefix, text in PATTERN_MESSAGES.items() if pattern.startswith(prefix)),
            f"heeft niet de verwachte vorm ({pattern})",
        )
    elif kind in messages:
        if kind in ("too_short", "too_long"):
            ctx = {**ctx, "elements": "element" if ctx.get("min_length", ctx.get("max_length")) == 1 else "elementen"}
        if kind == "literal_error":  # pydantic joins the choices with an English "or"
            ctx = {**ctx, "expected": str(ctx.get("expected", "")).replace("' or '", "' of '")}
        message = messages[kind].format(**ctx)
    else:
        message = "ongeldige waarde"  # pydantic's own text (error['msg']) is English
    value = error.get("input")
    if show_found and kind not in {"missing", "extra_forbidden"} and isinstance(value, (str, int, float, bool)):
        shown = repr(value)
        message += f" (gevonden: {shown if len(shown) <= 60 else shown[:50] + '…'})"
    return message
