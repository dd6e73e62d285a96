"""Read content/: find the files, parse their YAML. No models here, only raw data and problems."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .schema import KINDS, SINGLE_FILES

YAML_SUFFIXES = (".yml", ".yaml")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    """One content file: where it is, what kind it holds, its id (the file stem) and its raw data
    (None when the file could not be parsed; its problem is reported beside it)."""

    path: str
    kind: str
    id: str
    data: Any


# libyaml's parser is ~10x faster than the pure-Python one; it is in PyYAML's wheels.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """Safe loader that refuses a key given twice in one mapping (PyYAML silently keeps the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"dubbele sleutel '{key}'", key_node.start_mark
            )
        seen.add(key)
    return _BaseLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it (content/roles/wpb.yml), else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def parse_yaml(path: Path) -> tuple[Any, Problem | None]:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, Problem(shown, "", "het bestand is geen UTF-8-tekst")
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        return None, Problem(shown, where, f"YAML-syntaxfout: {problem}")
    if data is None:
        return None, Problem(shown, "", "het bestand is leeg")
    if not isinstance(data, dict):
        return None, Problem(shown, "", "verwacht velden met waarden (naam: waarde) bovenaan het bestand")
    return data, None


def read_sources(content_dir: Path) -> tuple[list[Source], list[Problem]]:
    """Every content file under content_dir, parsed, in a stable order; plus what could not be read."""
    sources: list[Source] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return [], [Problem(display_path(content_dir), "", "de inhoudsmap bestaat niet")]

    for entry in sorted(content_dir.iterdir()):
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_file() and entry.suffix in YAML_SUFFIXES and entry.stem in SINGLE_FILES:
            data, problem = parse_yaml(entry)
            if problem:
                problems.append(problem)
            else:
                sources.append(Source(display_path(entry), entry.stem, entry.stem, data))
        elif entry.is_dir() and name in KINDS:
            for file in sorted(entry.iterdir()):
                if file.name.startswith("."):
                    continue
                if not (file.is_file() and file.suffix in YAML_SUFFIXES):
                    problems.append(Problem(display_path(file), "", "onbekend bestand; verwacht een .yml-bestand"))
                    continue
                if not SLUG.match(file.stem):
                    problems.append(Problem(
                        display_path(file), "",
                        "de bestandsnaam is de id: gebruik alleen kleine letters, cijfers en koppeltekens",
                    ))
                    continue
                data, problem = parse_yaml(file)
                if problem:
                    problems.append(problem)
                sources.append(Source(display_path(file), name, file.stem, data))
        else:
            known = ", ".join([*(f"{s}.yml" for s in SINGLE_FILES), *(f"{k}/" for k in KINDS)])
            problems.append(Problem(display_path(entry), "", f"onbekend bestand of map; verwacht: {known}"))

    for single in SINGLE_FILES:
        if not any(s.kind == single for s in sources) and not any(
            p.path.endswith((f"{single}.yml", f"{single}.yaml")) for p in problems
        ):
            problems.append(Problem(display_path(content_dir / f"{single}.yml"), "", "dit bestand ontbreekt"))
    return sources, problems
