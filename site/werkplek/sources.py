"""Read content/: find the files, parse their YAML. No models here, only raw data and problems."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, dutch_os_error
from .schema import KINDS, SINGLE_FILES
from .schema.base import describe_invisible, find_invisible

YAML_SUFFIXES = (".yml", ".yaml")
IMAGE_SUFFIXES = (".png", ".svg")  # beside site.yml: the partnership's logo (icons.py)
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

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
# Tags an editor may write explicitly (!!str 2025 keeps a year text); anything else is refused before
# loading: !foo, !!python/..., and !!binary, !!set, !!omap, !!timestamp, which no content model takes
# (!!binary silently became text).
KNOWN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))


class Refused(Exception):
    """Something in the YAML we refuse while reading it, with its place and a Dutch message."""

    def __init__(self, mark: yaml.Mark | None, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


class _UniqueKeyLoader(_BaseLoader):
    """Safe loader that refuses a key given twice in one mapping (PyYAML silently keeps the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise Refused(key_node.start_mark, f"dubbele sleutel '{key}'")
        seen.add(key)
    return _BaseLoader.construct_mapping(loader, node, deep)


def _construct_mapping_checked(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    """Every key is a name: not a list or block, not a number, true/false, ~ or date, not a merge (<<)."""
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise Refused(key_node.start_mark, "een sleutel moet een naam zijn, geen lijst of blok")
        if key_node.tag == MERGE_TAG:
            raise Refused(key_node.start_mark, "samenvoegen met << kan niet in de inhoud; schrijf de velden voluit")
        if key_node.tag != STR_TAG:
            raise Refused(
                key_node.start_mark,
                f"een veldnaam moet tekst zijn, geen getal, datum, true/false of ~ (gevonden: {key_node.value}); "
                "is het echt een naam, zet hem dan tussen aanhalingstekens",
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
        raise Refused(node.start_mark, "dit getal is veel te groot") from None


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_checked)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
MAX_LINES_PER_FILE = 10  # refusals listed per file; then one line with the count of the rest


ALIASES_REFUSED = (
    "ankers (&naam) en verwijzingen (*naam) kunnen niet in de inhoud; schrijf de tekst voluit "
    "(begint een tekst met & of *, zet hem dan tussen aanhalingstekens)"
)


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _scan(text: str, loader: type) -> list[tuple[yaml.Mark, str]]:
    """Walk the (flat) event stream once, before anything is built: nesting past MAX_DEPTH (libyaml
    builds nodes recursively), anchors and aliases, tags, more than one document. Returns each refusal with its place;
    stops at the first level too deep."""
    found: list[tuple[yaml.Mark, str]] = []
    depth = documents = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                found.append(
                    (
                        event.start_mark,
                        "het bestand bevat meer dan één document (een regel ---); zet elk in een eigen bestand",
                    )
                )
        if isinstance(event, yaml.AliasEvent) or (isinstance(event, _NODE) and event.anchor is not None):
            # *naam repeats what &naam names: nested, a file of a few KB expands to gigabytes
            found.append((event.start_mark, ALIASES_REFUSED))
        if isinstance(event, _NODE) and event.tag is not None and event.tag not in KNOWN_TAGS:
            found.append(
                (
                    event.start_mark,
                    f"de tag {_shown_tag(event.tag)} kan niet in de inhoud; schrijf gewone tekst, een getal, "
                    "een lijst of velden (begint een tekst met !, zet hem dan tussen aanhalingstekens)",
                )
            )
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                found.append((event.start_mark, f"te diep genest (meer dan {MAX_DEPTH} niveaus)"))
                break
        elif isinstance(event, _CLOSE):
            depth -= 1
    return found


def _too_deep(text: str) -> tuple[yaml.Mark, str] | None:
    """libyaml refuses nesting past 1000 levels itself, and may do so while looking ahead, before the
    event at our own limit is out. The pure-Python parser has no such limit and, a flat state machine,
    no recursion either: when libyaml gives up, it finds the real depth (slower, so only then)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark, f"te diep genest (meer dan {MAX_DEPTH} niveaus)"
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


_LONG_INDENT = re.compile(r"^[ \-?:]{500,}", re.M)


def _may_be_deep(text: str) -> bool:
    """Cheap: libyaml's limit (1000 levels) takes that many [ or {, or a line indented (with spaces and
    '- ') that far; without either, a scanner error is an ordinary one."""
    return text.count("[") + text.count("{") > 500 or _LONG_INDENT.search(text) is not None


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it (content/roles/wpb.yml), else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _where(mark: yaml.Mark | None) -> str:
    return f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""


def _char(text: str, mark: yaml.Mark | None) -> str | None:
    """The character at mark; "" at the end of the file, None without a mark."""
    if mark is None:
        return None
    return text[mark.index] if 0 <= mark.index < len(text) else ""


def _open_flow(text: str) -> yaml.Mark | None:
    """Where the innermost [ or { that is still open when libyaml stops begins."""
    opened: list[yaml.Event] = []
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, _OPEN):
                opened.append(event)
            elif isinstance(event, _CLOSE) and opened:
                opened.pop()
    except yaml.YAMLError:
        pass
    flows = [event for event in opened if event.flow_style]
    return flows[-1].start_mark if flows else None


FALLBACK = "dit kan de lezer niet volgen; kijk naar het inspringen en de aanhalingstekens"


def describe(exc: yaml.YAMLError, text: str) -> tuple[yaml.Mark | None, str]:
    """libyaml's problem in Dutch, by its kind and its place: the character where it went wrong and
    the one where what went wrong began (a quote, a bracket, a '-'). Never libyaml's own words."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    if isinstance(exc, yaml.parser.ParserError):
        context = _open_flow(text) or context  # inside [ ] or { }: that is what went wrong
    here, began = _char(text, problem), _char(text, context)
    at_end = here == ""
    mark = context if at_end and context is not None else problem
    if here == "\t" or (began == "\t"):
        return mark, "een tab om in te springen of tussen twee delen; gebruik spaties"
    if began in ("[", "{"):
        closer, what = ("]", "lijst") if began == "[" else ("}", "groep velden")
        return context, (
            f"de {what} die op {_where(context)} met {began} begint, is niet goed gesloten: "
            f"ontbreekt er een komma of een {closer}?"
        )
    if began in ("'", '"') and at_end:
        return context, (
            f"de tekst die op {_where(context)} met een aanhalingsteken ({began}) begint, wordt niet gesloten"
        )
    if began == '"' and here == "\\":
        return problem, (
            "onbekende reeks met \\ in tekst tussen dubbele aanhalingstekens; schrijf \\\\ voor één \\, "
            "of zet de tekst tussen enkele aanhalingstekens"
        )
    if here == ":":
        return problem, (
            "hier mag geen 'naam: waarde' staan; staat er een dubbele punt in een tekst? "
            "Zet die tekst dan tussen aanhalingstekens. Of klopt het inspringen niet?"
        )
    if began in ("*", "&"):
        return context, "een tekst kan niet beginnen met * of &; zet hem tussen aanhalingstekens"
    if here in ("@", "`"):
        return problem, "een tekst kan niet beginnen met @ of `; zet hem tussen aanhalingstekens"
    if began in ("|", ">"):
        return problem, (
            "na | of > (een tekstblok) mag op dezelfde regel niets anders staan; "
            "de tekst begint op de volgende regel, ingesprongen"
        )
    if began == "!":
        return context, "een tekst kan niet beginnen met !; zet hem tussen aanhalingstekens"
    if began == "%" or here == "%":
        return mark, "een regel die met % begint, is een YAML-instructie; zet zo'n tekst tussen aanhalingstekens"
    if here in ("]", "}"):
        opener = "[" if here == "]" else "{"
        return problem, f"een {here} zonder {opener} ervoor; zet een tekst met haakjes tussen aanhalingstekens"
    if at_end:
        return mark, (
            "het bestand houdt onverwacht op; ontbreekt er een dubbele punt na een veldnaam, "
            "of is een aanhalingsteken of haakje niet gesloten?"
        )
    if isinstance(exc, yaml.parser.ParserError) and began == "-":
        return problem, "hier verwachtte ik een lijstregel die begint met '- '; klopt het inspringen?"
    if isinstance(exc, (yaml.parser.ParserError, yaml.scanner.ScannerError)):
        return problem, (
            "hier verwachtte ik een nieuwe veldnaam (naam: waarde) of een lijstregel ('- '); "
            "klopt het inspringen? Staat er na een tekst tussen aanhalingstekens nog iets?"
        )
    return mark, FALLBACK


def _mark(text: str, index: int) -> yaml.Mark:
    line = text.count("\n", 0, index)
    return yaml.Mark("", index, line, index - (text.rfind("\n", 0, index) + 1), None, None)


def _problems(shown: str, found: list[tuple[yaml.Mark | None, str]], total: int | None = None) -> list[Problem]:
    """The first MAX_LINES_PER_FILE of `total` (default: all found) refusals, then how many more."""
    total = len(found) if total is None else total
    problems = [Problem(shown, _where(mark), message) for mark, message in found[:MAX_LINES_PER_FILE]]
    if total > MAX_LINES_PER_FILE:
        problems.append(Problem(shown, "", f"en nog {total - MAX_LINES_PER_FILE} keer zoiets in dit bestand"))
    return problems


def _load(text: str) -> tuple[Any, list[tuple[yaml.Mark | None, str]]]:
    try:
        found = _scan(text, _BaseLoader)
    except yaml.YAMLError as exc:
        # libyaml's own nesting limit is a scanner error; only then is the slower second look needed
        deep = _too_deep(text) if isinstance(exc, yaml.scanner.ScannerError) and _may_be_deep(text) else None
        if deep is not None:
            return None, [deep]
        raise
    if found:
        return None, found
    return yaml.load(text, Loader=_UniqueKeyLoader), []  # noqa: S506 - SafeLoader subclass


def parse_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """The data of one content file, or None and every problem that kept it from being read."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(shown, "", f"het bestand is te groot ({size:,} bytes; maximaal 1 MB)".replace(",", "."))
            ]
        text = path.read_bytes().decode("utf-8-sig")  # a BOM at the very start is harmless: dropped
    except UnicodeDecodeError:
        return None, [Problem(shown, "", "het bestand is geen UTF-8-tekst")]
    except OSError as exc:
        return None, [Problem(shown, "", f"het bestand kan niet gelezen worden ({dutch_os_error(exc)})")]
    invisible = find_invisible(text, allowed="\t\n\r")
    if invisible:
        return None, _problems(
            shown,
            [
                (_mark(text, index), f"de tekst bevat {describe_invisible(text[index])}; haal het weg")
                for index in invisible[:MAX_LINES_PER_FILE]
            ],
            total=len(invisible),
        )
    try:
        data, found = _load(text)
    except Refused as exc:
        found = [(exc.mark, exc.message)]
    except yaml.reader.ReaderError as exc:
        return None, [
            Problem(
                shown,
                _where(_mark(text, exc.position)),
                f"de tekst bevat een teken dat niet in YAML mag (code U+{exc.character:04X}); haal het weg",
            )
        ]
    except yaml.YAMLError as exc:
        mark, message = describe(exc, text)
        found = [(mark, f"YAML-syntaxfout: {message}")]
    except (ValueError, TypeError, RecursionError, OverflowError):
        # A constructor we did not foresee; the file is reported, the others are still read.
        return None, [Problem(shown, "", "deze YAML kan niet gelezen worden; " + FALLBACK)]
    if found:
        return None, _problems(shown, found)
    if data is None:
        return None, [Problem(shown, "", "het bestand is leeg")]
    if not isinstance(data, dict):
        return None, [Problem(shown, "", "verwacht velden met waarden (naam: waarde) bovenaan het bestand")]
    return data, []


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
            data, found = parse_yaml(entry)
            problems += found
            if not found:
                sources.append(Source(display_path(entry), entry.stem, entry.stem, data))
        elif entry.is_file() and entry.suffix.lower() in IMAGE_SUFFIXES:
            continue  # the logo (site.yml `logo:`); check_content says when one is not used
        elif entry.is_dir() and name in KINDS:
            for file in sorted(entry.iterdir()):
                if file.name.startswith("."):
                    continue
                if not (file.is_file() and file.suffix in YAML_SUFFIXES):
                    problems.append(Problem(display_path(file), "", "onbekend bestand; verwacht een .yml-bestand"))
                    continue
                if not SLUG.match(file.stem):
                    problems.append(
                        Problem(
                            display_path(file),
                            "",
                            "de bestandsnaam is de id: gebruik alleen kleine letters, cijfers en koppeltekens",
                        )
                    )
                    continue
                data, found = parse_yaml(file)
                problems += found
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
