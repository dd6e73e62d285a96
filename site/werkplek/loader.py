"""Validate raw sources into models; collect every problem, with file, field and a Dutch message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .errors import Problem
from .schema import ITEM_KINDS, KINDS, SINGLE_FILES, Document, Domain, Form, Hours, Page, Programme, Radar, Role, School, Site, Track
from .sources import Source

# Messages for pydantic's error types; the placeholders come from the error's `ctx`.
DUTCH_MESSAGES: dict[str, str] = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld (typefout in de naam?)",
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
    "too_short": "moet minstens {min_length} element(en) bevatten",
    "too_long": "mag hoogstens {max_length} element(en) bevatten",
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


def format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def drop_union_tags(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Pydantic puts the tag of a discriminated union into the location: the field `scale` of the
    third item reads items[2].scale.scale. The user wrote items[2].scale. Walk the data along the
    location: right after stepping into a mapping whose `kind` equals the next part, that part is
    the tag (it always comes first), so leave it out once."""
    out: list[Any] = []
    entered = True  # the top-level mapping is the model itself, never a union member
    for part in loc:
        if not entered and isinstance(data, dict) and data.get("kind") == part:
            entered = True
            continue
        out.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
        entered = False
    return tuple(out)


def dutch_message(error: dict[str, Any]) -> str:
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
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        message = next(
            (text for prefix, text in PATTERN_MESSAGES.items() if pattern.startswith(prefix)),
            f"heeft niet de verwachte vorm ({pattern})",
        )
    elif kind in DUTCH_MESSAGES:
        if kind == "literal_error":  # pydantic joins the choices with an English "or"
            ctx = {**ctx, "expected": str(ctx.get("expected", "")).replace("' or '", "' of '")}
        message = DUTCH_MESSAGES[kind].format(**ctx)
    else:
        message = "ongeldige waarde"  # pydantic's own text (error['msg']) is English
    value = error.get("input")
    if kind not in {"missing", "extra_forbidden"} and isinstance(value, (str, int, float, bool)):
        shown = repr(value)
        message += f" (gevonden: {shown if len(shown) <= 60 else shown[:50] + '…'})"
    return message


@dataclass
class Content:
    """Every validated model, keyed by id, in id order."""

    site: Site | None = None
    programmes: dict[str, Programme] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    radars: dict[str, Radar] = field(default_factory=dict)
    hours: dict[str, Hours] = field(default_factory=dict)  # keyed by role id
    schools: dict[str, School] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    failed: set[tuple[str, str]] = field(default_factory=set)  # files that exist but did not validate
    warnings: list[Problem] = field(default_factory=list)  # read all the same (an old format number)

    def exists(self, kind: str, item_id: str) -> bool:
        """For cross-references: a file that failed has its own error; don't report it twice."""
        return item_id in getattr(self, kind) or (kind, item_id) in self.failed

    def path_of(self, kind: str, item_id: str) -> str:
        return self.paths[(kind, item_id)]


def load_content(sources: list[Source]) -> tuple[Content, list[Problem]]:
    """Validate every source; never stop at the first problem."""
    content = Content()
    problems: list[Problem] = []
    for source in sources:
        model = SINGLE_FILES.get(source.kind) or KINDS[source.kind]
        key = (source.kind, source.id)
        if key in content.paths:
            problems.append(Problem(
                source.path, "", f"dubbele id '{source.id}': ook in {content.paths[key]}"
            ))
            continue
        if source.data is None:  # unreadable; read_sources reported why
            content.failed.add(key)
            continue
        try:
            item = model.model_validate(source.data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = drop_union_tags(error["loc"], source.data)
                problems.append(Problem(source.path, format_loc(loc), dutch_message(error)))
            content.failed.add(key)
            continue
        content.paths[key] = source.path
        if source.kind in SINGLE_FILES:
            setattr(content, source.kind, item)
        else:
            getattr(content, source.kind)[source.id] = item
    for kind in KINDS:
        items = getattr(content, kind)
        setattr(content, kind, dict(sorted(items.items())))
    return content, problems
