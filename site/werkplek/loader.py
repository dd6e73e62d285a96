"""Validate raw sources into models; collect every problem, with file, field and a Dutch message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .dutch import YAML_WORDING, pydantic_message
from .errors import Problem
from .schema import (
    KINDS,
    SINGLE_FILES,
    Document,
    Domain,
    Form,
    Hours,
    Page,
    Programme,
    Radar,
    Role,
    School,
    Site,
    Track,
)
from .sources import Source


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
    """A pydantic error on content, in Dutch, with the value found (dutch.py has the one translation)."""
    return pydantic_message(error, YAML_WORDING, show_found=True)


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
            problems.append(Problem(source.path, "", f"dubbele id '{source.id}': ook in {content.paths[key]}"))
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
