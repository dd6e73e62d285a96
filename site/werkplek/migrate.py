"""werkplek migrate: bring content written for an earlier release up to the current content format.

`site.yml` says which format its content folder is written in (`format:`); content without it is
format 1. FORMAT is the format this app reads. The formats, and the commits that introduced them:

  1  the first release (b721049 .. dbd9b0b). A role's `group` is one of student, school, instituut,
     bestuur, shown under names the app itself gave; every `source:` is free text (a title).
  2  81144c1 "Harden content and build for any partnership". Role groups are content: site.yml lists
     them in `role_groups` (id, name, in display order), and a role's `group` must name one.
  3  4ae7cd2 "Sources as content". Source documents are content (documents/<id>.yml), and every
     `source:` names one by id; a track part says where in its document with `source_part:` (was
     `source:`).
  4  "Lesson visits". A form's metadata item may say what the app fills in itself (`fills:`), a programme
     may declare lesson visits (`visits:`) and a requirement whose role's entries count (`role:`). All
     three are optional, so content of format 3 reads unchanged and the step only raises the number; the
     number is there so that an older version refuses content that uses them with "werk de app bij"
     rather than with an unknown field.
  5  "Task timing". A period task may say when in its period it falls (`when: start | halfway | end`, or
     `days:` from the period's start), from which planning, calendars and the start page derive its date; a
     programme may say its dates are an example (`example_dates:`), and a requirement how its window is named
     when the source gives it no date (`window:`). In the same format (all landed on 2026-12-01): the
     partnership's own look and words in site.yml (`logo:`, `accent_color:`, `accent_color_dark:`, `words:`), a domain's
     `description_basis:`, a scale's `basis_note:`, an hours table's `scaling_note:` and a form's
     `school_page:`. All optional: format 4 content reads unchanged, and the step only raises the number.

Each step in STEPS takes content from its `from_format` to the next, as a function over the
round-trip documents of one content folder (ruamel.yaml keeps comments, key order and quoting). A step
changes what it must and leaves content that is already newer alone, so content without `format:`
that was in fact written in a later format comes through unchanged apart from the number; that is
how the build tells a harmless old number from content it would have to guess to read
(check_format). A file is written back only when it changed, and only the lines that changed are
rewritten (see _render). Nothing is written unless every file could be read and migrated.

Every change to the content format raises FORMAT, adds a step here and a frozen copy of content in
the old format under tests/fixtures/formats/ (tests/test_migrate.py builds it).
"""

from __future__ import annotations

import copy
import difflib
import io
import os
import re
import shlex
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError

from .errors import Problem, dutch_os_error
from .schema import KINDS, SINGLE_FILES
from .sources import FALLBACK, YAML_SUFFIXES, Source, display_path, parse_yaml

FORMAT = 5


# --- the documents of one content folder -------------------------------------------------------------


@dataclass
class ContentFile:
    """One YAML file of a content folder: its path relative to the folder (roles/wpb.yml), the text
    as read (None for a file the migration creates) and its data, which the steps change in place."""

    relative: str
    text: str | None
    data: Any
    header: str = ""  # a created file: the comment lines above its data
    notes: list[tuple[str, str]] = field(default_factory=list)  # (field, what changed), in Dutch


class Tree:
    """The documents of one content folder, as the steps see them."""

    def __init__(self, files: list[ContentFile]):
        self.files = {f.relative: f for f in files}

    def folder(self, kind: str) -> Iterator[ContentFile]:
        """The files of one kind whose data is a mapping, in a stable order."""
        for relative in sorted(self.files):
            file = self.files[relative]
            if relative.startswith(kind + "/") and isinstance(file.data, dict):
                yield file

    def ids(self, kind: str) -> set[str]:
        return {Path(f.relative).stem for f in self.folder(kind)}

    @property
    def site(self) -> ContentFile | None:
        file = next((f for r, f in sorted(self.files.items()) if r.split(".")[0] == "site"), None)
        return file if file is not None and isinstance(file.data, dict) else None

    def create(self, relative: str, data: CommentedMap, header: str, note: str) -> ContentFile:
        file = ContentFile(relative, None, data, header)
        file.notes.append(("", note))
        self.files[relative] = file
        return file

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(file, field, what changed) for every change a step made."""
        return [(f.relative, loc, note) for r, f in sorted(self.files.items()) for loc, note in f.notes]


def _map(**values: Any) -> CommentedMap:
    out = CommentedMap()
    out.update(values)
    return out


def _rename_key(mapping: dict, old: str, new: str) -> None:
    """Rename a key where it stands, with the comment that follows its value."""
    if isinstance(mapping, CommentedMap):
        position = list(mapping).index(old)
        comment = mapping.ca.items.pop(old, None)
        mapping.insert(position, new, mapping.pop(old))
        if comment is not None:
            mapping.ca.items[new] = comment
    else:
        items = list(mapping.items())
        mapping.clear()
        mapping.update((new if key == old else key, value) for key, value in items)


def _shown(text: str, limit: int = 50) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# --- the steps --------------------------------------------------------------------------------------

# Format 1 had these groups built in (store.GROUP_ORDER and the names in roles.html of that release).
FORMAT_1_GROUPS = {
    "student": "Student",
    "school": "Op de opleidingsschool",
    "instituut": "Vanuit de opleiding",
    "bestuur": "Bestuur en partnerschap",
}


def declare_role_groups(tree: Tree) -> None:
    """1 -> 2: every group the roles use, of the four format 1 knew, gets an entry in role_groups with
    the name the app used to give it, in the order the app used to show them. Groups already listed
    stay as they are; a group format 1 did not know is left for the build to report."""
    site = tree.site
    if site is None:
        return
    used = {f.data.get("group") for f in tree.folder("roles")}
    groups = site.data.get("role_groups")
    if groups is not None and not isinstance(groups, list):
        return  # not something format 1 or 2 wrote; the build says what is wrong with it
    declared = {g.get("id") for g in groups or [] if isinstance(g, dict)}
    missing = [g for g in FORMAT_1_GROUPS if g in used and g not in declared]
    if not missing:
        return
    if groups is None:
        groups = site.data["role_groups"] = CommentedSeq()
    for group in missing:
        groups.append(_map(id=group, name=FORMAT_1_GROUPS[group]))
    listed = ", ".join(f"{g} ({FORMAT_1_GROUPS[g]})" for g in missing)
    site.notes.append(
        (
            "role_groups",
            f"de groepen die de rollen noemen staan er nu bij, met de namen die Werkplek ze eerder zelf gaf: {listed}",
        )
    )


MAX_SLUG = 60
SHORT = 60  # Document.short


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.findall(r"[a-z0-9]+", plain)


def _first_words(words: list[str], limit: int) -> str:
    out = ""
    for word in words:
        longer = f"{out}-{word}" if out else word
        if len(longer) > limit:
            break
        out = longer
    return out or (words[0][:limit] if words else "")


def slug(title: str) -> str:
    """A document id made from its title: ascii lower case, digits and hyphens, at most MAX_SLUG
    characters, cut between words. A title that names several documents ('A; B') takes words of each."""
    parts = [w for part in title.split(";") if (w := _words(part))]
    share = max(MAX_SLUG // max(len(parts), 1) - 1, 12)
    out = "-".join(_first_words(words, share) for words in parts)
    return out[:MAX_SLUG].strip("-") or "bron"


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-(") + "…"


def short_name(title: str) -> str:
    """A short name for beside tasks and forms: the title, or of each document it names ('A; B') the
    words before its first comma or parenthesis, at most SHORT characters."""
    if len(title) <= SHORT:
        return title
    heads = [re.split(r",| \(", part.strip(), maxsplit=1)[0].strip() for part in title.split(";")]
    return _cut("; ".join(h for h in heads if h) or title, SHORT)


DOCUMENT_HEADER = """\
# yaml-language-server: $schema=../../schema/document.json
# Gemaakt door 'werkplek migrate' (inhoud van formaat 2 naar 3): de inhoud noemde dit brondocument alleen
# bij zijn titel. Vul publisher, year en summary aan en kies een korte naam (short) voor bij taken en
# formulieren. Noemt de titel meer dan één document, maak dan voor elk een bestand en laat elke source
# de id van het goede document noemen (en source_part waar in dat document).
"""
DOCUMENT_SUMMARY = "Een brondocument van deze app; hieronder staat wat eruit komt."

# Where format 3 names a document by id. In format 2 the top-level ones were titles; the others did not
# exist, but content half converted by hand may have put a title there too.
SOURCE_FIELDS = {
    "roles": ("source", "tasks[].source", "competences[].source"),
    "programmes": ("source", "periods[].tasks[].source"),
    "forms": ("source",),
    "hours": ("source",),
    "schools": ("source",),
    "tracks": ("source",),
    "domains": ("source",),
}
TRACK_PARTS = ("roles", "areas", "cycle", "werkvormen", "recommendations")
# Kinds whose source may say where in the document (source_part) since format 3. In format 2 their
# free-text source often held both: "Rolbeschrijvingen …, Specificatie inzet van de werkplekbegeleider".
WITH_PART = ("forms", "hours", "schools")
PART_SEPARATORS = (", ", ": ", " - ", " – ")  # not "; ": that joins two documents


def _split_part(text: str, titles: set[str]) -> tuple[str, str | None]:
    """(title, part): when text is a title that the same content also names on its own, followed by a
    separator and more, the rest says where in that document. Otherwise the whole text is the title."""
    for title in sorted(titles, key=len, reverse=True):
        for separator in PART_SEPARATORS:
            if text.startswith(title + separator) and len(text) > len(title + separator):
                return title, text[len(title + separator) :].strip()
    return text, None


def _places(data: Any, path: str, loc: str = "") -> Iterator[tuple[dict, str, str]]:
    """(mapping, key, loc) for a field path like 'periods[].tasks[].source'."""
    head, _, rest = path.partition(".")
    if not rest:
        if isinstance(data, dict) and head in data:
            yield data, head, (f"{loc}.{head}" if loc else head)
        return
    name = head.removesuffix("[]")
    value = data.get(name) if isinstance(data, dict) else None
    where = f"{loc}.{name}" if loc else name
    if head.endswith("[]"):
        for i, item in enumerate(value if isinstance(value, list) else []):
            yield from _places(item, rest, f"{where}[{i}]")
    else:
        yield from _places(value, rest, where)


def sources_as_documents(tree: Tree) -> None:
    """2 -> 3: each distinct title in a `source:` becomes a document (documents/<slug of the title>.yml,
    with that title, a short name and a summary to complete), and the field names it by id; a title
    that is already the title of a document, or a value that is already a document's id, names that
    document. A track part's `source` (where in the document) is renamed `source_part`."""
    existing = tree.ids("documents")
    by_title = {" ".join(str(f.data.get("title", "")).split()): Path(f.relative).stem for f in tree.folder("documents")}
    # titles named on their own somewhere (a role's source has no part): these can be split off
    alone = {
        " ".join(m[k].split())
        for kind in SOURCE_FIELDS
        for f in tree.folder(kind)
        for p in SOURCE_FIELDS[kind]
        for m, k, _ in _places(f.data, p)
        if isinstance(m[k], str) and m[k] not in existing and m[k].strip()
    }
    alone |= set(by_title)
    alone = {t for t in alone if not any(t.startswith(o + s) for o in alone for s in PART_SEPARATORS)}
    for kind, paths in SOURCE_FIELDS.items():
        for file in tree.folder(kind):
            if kind == "tracks":
                for part in TRACK_PARTS:
                    value = file.data.get(part)
                    if isinstance(value, dict) and "source" in value and "source_part" not in value:
                        _rename_key(value, "source", "source_part")
                        file.notes.append((f"{part}.source", "heet nu source_part (waar in het brondocument)"))
            for path in paths:
                for mapping, key, loc in _places(file.data, path):
                    value = mapping[key]
                    if not isinstance(value, str) or value in existing:
                        continue
                    title, part = " ".join(value.split()), None
                    if not title:
                        continue
                    if kind in WITH_PART and "source_part" not in mapping:
                        title, part = _split_part(title, alone)
                    document_id = by_title.get(title)
                    if document_id is None:
                        document_id = base = slug(title)
                        n = 2
                        while document_id in existing or f"documents/{document_id}.yml" in tree.files:
                            document_id, n = f"{base}-{n}", n + 1
                        by_title[title] = document_id
                        tree.create(
                            f"documents/{document_id}.yml",
                            _map(title=title, short=short_name(title), summary=DOCUMENT_SUMMARY),
                            DOCUMENT_HEADER,
                            f"nieuw brondocument met de titel {_shown(title)}; vul het aan",
                        )
                    mapping[key] = document_id
                    if part is None:
                        file.notes.append((loc, f"de titel {_shown(title)} is nu het brondocument '{document_id}'"))
                    else:
                        mapping.insert(list(mapping).index(key) + 1, "source_part", part) if isinstance(
                            mapping, CommentedMap
                        ) else mapping.update(source_part=part)
                        file.notes.append(
                            (
                                loc,
                                f"{_shown(value)} is nu het brondocument '{document_id}' met "
                                f"source_part {_shown(part)}",
                            )
                        )


def optional_visit_fields(tree: Tree) -> None:
    """3 -> 4: nothing to convert. fills:, visits: and a requirement's role: are new and optional; format 3
    content never has them and means what it meant."""


def optional_timing_fields(tree: Tree) -> None:
    """4 -> 5: nothing to convert. when:, days:, example_dates: and window: are new and optional; format 4
    content never has them, and its tasks stay without a date of their own."""


@dataclass(frozen=True)
class Step:
    from_format: int
    run: Callable[[Tree], None]


STEPS: tuple[Step, ...] = (
    Step(1, declare_role_groups),
    Step(2, sources_as_documents),
    Step(3, optional_visit_fields),
    Step(4, optional_timing_fields),
)
assert [s.from_format for s in STEPS] == list(range(1, FORMAT)), "one step for every format before FORMAT"


def run_steps(tree: Tree, from_format: int) -> None:
    for step in STEPS:
        if step.from_format >= from_format:
            step.run(tree)


# --- which format a folder is in --------------------------------------------------------------------


class FormatError(Exception):
    """site.yml names a format that cannot be read: not a number, or newer than this app knows."""

    def __init__(self, loc: str, message: str):
        super().__init__(message)
        self.loc = loc
        self.message = message


def stated_format(site: dict) -> int | None:
    """The `format:` of site.yml; None when it is not there."""
    if "format" not in site:
        return None
    value = site["format"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FormatError("format", f"moet een geheel getal van minstens 1 zijn (gevonden: {value!r})")
    if value > FORMAT:
        raise FormatError(
            "format",
            f"deze inhoud is gemaakt voor een nieuwere versie van Werkplek (formaat {value}; deze versie kent "
            f"formaat 1 tot en met {FORMAT}); werk de app bij",
        )
    return value


def migrate_command(content_dir: Path) -> str:
    return f"werkplek migrate --content {shlex.quote(display_path(content_dir))}"


def check_format(content_dir: Path, sources: list[Source]) -> tuple[list[Problem], list[Problem]]:
    """For the build: (problems, warnings) about the content format. Content in an older format is
    refused with the advice to migrate it, unless migrating would change nothing but the number
    (then it is read, with a warning); a newer format is refused."""
    site = next((s for s in sources if s.kind in SINGLE_FILES and isinstance(s.data, dict)), None)
    if site is None:
        return [], []  # no site.yml to read: the build reports that
    try:
        stated = stated_format(site.data)
    except FormatError as exc:
        if "nieuwere" in exc.message:
            return [Problem(site.path, exc.loc, exc.message)], []
        return [], []  # not a number: the model says so, with the other problems
    found = 1 if stated is None else stated
    if found == FORMAT:
        return [], []
    files = [
        ContentFile(
            f"{s.kind}/{s.id}.yml" if s.kind not in SINGLE_FILES else f"{s.kind}.yml", None, copy.deepcopy(s.data)
        )
        for s in sources
        if s.data is not None
    ]
    tree = Tree(files)
    run_steps(tree, found)
    what = "er staat geen format:, dus formaat 1" if stated is None else f"formaat {found}"
    command = migrate_command(content_dir)
    if not tree.changes:
        return [], [
            Problem(
                site.path,
                "format",
                (
                    f"{what}, maar de inhoud past al bij formaat {FORMAT} van deze versie; draai '{command}' "
                    f"om dat vast te leggen"
                ),
            )
        ]
    return [
        Problem(
            site.path,
            "format",
            (
                f"deze inhoud is geschreven voor een oudere versie van Werkplek ({what}; deze versie leest formaat "
                f"{FORMAT}); draai '{command}' om haar bij te werken (met --dry-run zie je eerst wat er verandert)"
            ),
        )
    ], []


# --- reading, rendering and writing a folder ---------------------------------------------------------


def _yaml(width: int = 4096, indent: tuple[int, int, int] = (2, 4, 2)) -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = width
    rt.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return rt


def _dump(data: Any, rt: YAML) -> str:
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


# The first that reproduces a file as it is, is used to write it; the project's own style first.
DUMPERS = [(w, i) for i in ((2, 4, 2), (2, 2, 0)) for w in (4096, 120, 80)]


def _render(file: ContentFile, original: Any) -> str:
    """The new text of a file: its original text with only the lines that changed rewritten.

    ruamel.yaml writes the whole file, and may wrap or indent some of it differently than its author
    did. So both the unchanged and the changed data are written with the same settings (those that
    reproduce the file most closely), and only the lines where those two differ are put into the
    original text, where that part of the original reads exactly as written. Should that not give
    the same data (it always should), the file is written whole."""
    assert file.text is not None
    best = None
    for width, indent in DUMPERS:
        rt = _yaml(width, indent)
        before = _dump(original, rt)
        if before == file.text:
            best = (rt, before)
            break
        score = difflib.SequenceMatcher(None, before.splitlines(), file.text.splitlines(), autojunk=False).ratio()
        if best is None or score > best[2]:
            best = (rt, before, score)
    rt, before = best[0], best[1]
    after = _dump(file.data, rt)
    whole = after
    old, dumped, new = file.text.splitlines(True), before.splitlines(True), after.splitlines(True)
    # where each line of the dumped original stands in the original text
    at: dict[int, int] = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, dumped, old, autojunk=False).get_opcodes():
        if tag == "equal":
            at.update({i: j1 + (i - i1) for i in range(i1, i2)})
    at[len(dumped)] = len(old)
    out: list[str] = []
    position = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, dumped, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        # the changed lines i1..i2 of the dump must stand, in the same order, in the original
        if i1 < i2:
            span = [at.get(i) for i in range(i1, i2)]
            if None in span or span != list(range(span[0], span[0] + len(span))):
                return whole
            start, end = span[0], span[-1] + 1
        elif i1 in at:
            start = end = at[i1]
        elif i1 - 1 in at:
            start = end = at[i1 - 1] + 1
        else:
            return whole
        if start < position:
            return whole
        out += old[position:start] + new[j1:j2]
        position = end
    out += old[position:]
    text = "".join(out)
    if not text.endswith("\n") and file.text.endswith("\n"):
        text += "\n"
    try:
        same = yaml.safe_load(text) == yaml.safe_load(after)
    except yaml.YAMLError:
        same = False
    return text if same else whole


@dataclass
class FileChange:
    path: Path
    relative: str
    before: str | None  # None: a new file
    after: str
    notes: list[tuple[str, str]]

    def diff(self) -> str:
        lines = difflib.unified_diff(
            (self.before or "").splitlines(True),
            self.after.splitlines(True),
            fromfile="/dev/null" if self.before is None else f"a/{self.relative}",
            tofile=f"b/{self.relative}",
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ Geen regeleinde aan het eind\n" for line in lines)


@dataclass
class Migration:
    """What `werkplek migrate` would do to one content folder; nothing written yet."""

    content_dir: Path
    from_format: int | None  # None: the folder could not be read
    stated: bool = True  # site.yml had format:
    changes: list[FileChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> list[FileChange]:
        return [c for c in self.changes if c.before is not None]

    @property
    def created(self) -> list[FileChange]:
        return [c for c in self.changes if c.before is None]


def _content_files(content_dir: Path) -> Iterator[Path]:
    """The YAML files the build reads: site.yml and the files in each kind's folder."""
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix in YAML_SUFFIXES and entry.stem in SINGLE_FILES:
            yield entry
        elif entry.is_dir() and entry.name in KINDS:
            for file in sorted(entry.iterdir()):
                if not file.name.startswith(".") and file.is_file() and file.suffix in YAML_SUFFIXES:
                    yield file


def plan(content_dir: Path) -> Migration:
    """Read every file of a content folder and migrate it in memory. Any file that cannot be read
    stops it: problems, and nothing to write."""
    shown = display_path(content_dir)
    if not content_dir.is_dir():
        what = "is een bestand, geen map" if content_dir.exists() else "de inhoudsmap bestaat niet"
        return Migration(content_dir, None, problems=[Problem(shown, "", what)])
    files: list[ContentFile] = []
    originals: dict[str, Any] = {}
    problems: list[Problem] = []
    newline: dict[str, str] = {}
    for path in _content_files(content_dir):
        relative = path.relative_to(content_dir).as_posix()
        _, found = parse_yaml(path)  # the build's own reader: its checks and its Dutch messages
        if found:
            problems += found
            continue
        raw = path.read_bytes().decode("utf-8")
        bom = "\ufeff" if raw.startswith("\ufeff") else ""
        text = raw.removeprefix("\ufeff")
        newline[relative] = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        try:
            data = _yaml().load(text)
        except (RuamelError, ValueError, TypeError):
            problems.append(Problem(display_path(path), "", "deze YAML kan niet gelezen worden; " + FALLBACK))
            continue
        files.append(ContentFile(relative, text, data, header=bom))
        originals[relative] = copy.deepcopy(data)
    tree = Tree(files)
    site = tree.site
    if site is None and not problems:
        problems.append(Problem(display_path(content_dir / "site.yml"), "", "dit bestand ontbreekt"))
    if problems:
        return Migration(content_dir, None, problems=problems)
    assert site is not None
    try:
        stated = stated_format(site.data)
    except FormatError as exc:
        return Migration(
            content_dir, None, problems=[Problem(display_path(content_dir / site.relative), exc.loc, exc.message)]
        )
    found = 1 if stated is None else stated
    migration = Migration(content_dir, found, stated is not None)
    if found == FORMAT:
        return migration
    run_steps(tree, found)
    if "format" in site.data:
        site.data["format"] = FORMAT
    else:
        site.data.insert(0, "format", FORMAT)
    site.notes.append(
        (
            "format",
            f"nu {FORMAT} (was {found})"
            if stated is not None
            else f"nu {FORMAT} (er stond geen format:, dus was het formaat 1)",
        )
    )
    for relative, file in sorted(tree.files.items()):
        if not file.notes:
            continue  # the steps note every change they make
        if file.text is None:
            text = file.header + _dump(file.data, _yaml())
        else:
            text = _render(file, originals[relative])
            if text == file.text:
                continue
            text = file.header + text.replace("\n", newline[relative])  # header: the BOM, if it had one
        before = None if file.text is None else (file.header + file.text.replace("\n", newline[relative]))
        migration.changes.append(FileChange(content_dir / relative, relative, before, text, file.notes))
    return migration


def write(migration: Migration) -> None:
    """Write every changed and new file, or none: each goes to a temporary file beside it first, and
    only when all are written are they renamed into place. Raises OSError (nothing changed)."""
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for change in migration.changes:
            folder = change.path.parent
            if not folder.exists():
                folder.mkdir(parents=True)
                made.append(folder)
            handle, temporary = tempfile.mkstemp(prefix=f".{change.path.name}.", suffix=".migrate", dir=folder)
            staged.append((Path(temporary), change.path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(change.after)
            if change.path.exists():
                os.chmod(temporary, change.path.stat().st_mode & 0o7777)
            else:
                os.chmod(temporary, 0o644)
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        raise
    for temporary, target in staged:
        os.replace(temporary, target)


def os_problem(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{dutch_os_error(exc)}"
