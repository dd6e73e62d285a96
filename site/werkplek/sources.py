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
MAX_FILE_BYTES = 1_000_000  # no content file a person writes comes near this
MAX_DEPTH = 50  # nesting levels; the content model needs fewer than ten


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


def _construct_mapping_checked(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "een sleutel moet een naam zijn, geen lijst of blok", key_node.start_mark
            )
    return _construct_mapping(loader, node, deep)


def _construct_timestamp(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> object:
    """PyYAML raises a bare ValueError for 2025-11-31; keep the text so validation names the field."""
    try:
        return _BaseLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _construct_int(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> object:
    try:
        return _BaseLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, "dit getal is veel te groot", node.start_mark
        ) from None


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_checked)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _too_deep(text: str) -> yaml.Mark | None:
    """libyaml builds nodes recursively and crashes the process on absurd nesting; walk the
    (flat) event stream first and stop at the first level past MAX_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, _CLOSE):
            depth -= 1
    return None


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it (content/roles/wpb.yml), else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


# libyaml's problems, as a Dutch editor would say them; anything else keeps libyaml's words.
YAML_PROBLEMS = {
    "mapping values are not allowed":
        "hier mag geen 'naam: waarde' staan; staat er een dubbele punt in een tekst? Zet die tekst dan tussen aanhalingstekens",
    "did not find expected key": "hier verwachtte ik een veldnaam; klopt het inspringen?",
    "did not find expected '-' indicator": "hier verwachtte ik een lijstregel die begint met '- '; klopt het inspringen?",
    "could not find expected ':'": "na een veldnaam hoort een dubbele punt",
    "found character that cannot start any token":
        "dit teken kan hier niet staan (een tab? gebruik spaties om in te springen)",
    "found unexpected end of stream": "het bestand houdt onverwacht op; is een aanhalingsteken of haakje niet gesloten?",
    "found undefined alias": "verwijzing (*naam) naar iets dat niet bestaat",
    "found unknown escape character": "onbekende reeks met \\ in tekst tussen dubbele aanhalingstekens",
    "control characters are not allowed": "de tekst bevat een onzichtbaar stuurteken",
    "found unhashable key": "een sleutel moet een naam zijn, geen lijst of blok",
    "did not find expected ',' or ']'": "een lijst tussen [ en ] is niet gesloten",
    "did not find expected ',' or '}'": "een blok tussen { en } is niet gesloten",
    "found a tab character": "een tab om in te springen; gebruik spaties",
    "expected <block end>": "het inspringen klopt niet",
    "could not determine a constructor": "onbekende YAML-tag (iets met !)",
}


def _dutch_yaml(problem: str) -> str:
    return next((dutch for english, dutch in YAML_PROBLEMS.items() if problem.startswith(english)), problem)


def _where(mark: yaml.Mark | None) -> str:
    return f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""


def parse_yaml(path: Path) -> tuple[Any, Problem | None]:
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(shown, "", f"het bestand is te groot ({size:,} bytes; maximaal 1 MB)".replace(",", "."))
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None, Problem(shown, "", "het bestand is geen UTF-8-tekst")
    except OSError as exc:
        return None, Problem(shown, "", f"het bestand kan niet gelezen worden ({exc.strerror})")
    try:
        mark = _too_deep(text)
        if mark is not None:
            return None, Problem(shown, _where(mark), f"te diep genest (meer dan {MAX_DEPTH} niveaus)")
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, Problem(
            shown, f"regel {line}, kolom {column}",
            f"de tekst bevat een onzichtbaar stuurteken (code {exc.character:#06x}); haal het weg",
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return None, Problem(shown, _where(mark), f"YAML-syntaxfout: {_dutch_yaml(problem)}")
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        # A constructor we did not foresee; the file is reported, the others are still read.
        return None, Problem(shown, "", f"deze YAML kan niet gelezen worden ({type(exc).__name__}: {exc})")
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
