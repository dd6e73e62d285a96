"""Content written for an earlier release still builds: `werkplek migrate` and the format check of the build.

"The same site", per format step k -> k+1 and per content set that existed in format k. The frozen
copies in tests/fixtures/formats/ (see its README) hold, for each set, the content at the last commit
of format k (`<k>/<set>/`) and the same content as the developer of the format change converted it by
hand in that commit (`<k>/<set>.by-hand/` over it). Both are brought to the current format by
`werkplek migrate` (the hand-converted copy only gets the later steps, if any) and built by the
current app. Then:

- the migrated old content loads without a single problem or warning, and both build to the same
  set of files;
- step 1 -> 2 (81144c1 only declared the role groups): every built file is byte for byte the same;
- step 2 -> 3 (4ae7cd2, a58b54c): the developer also made choices no migration can make: which
  documents there are, what they are called, and which document each task comes from (role pages
  group their tasks per document), and in the same commit rewrote some task titles and texts and
  added basis notes. So the pages are read as their text blocks (headings, paragraphs, list items,
  labels, table cells), without the blocks that name sources ("Bron: …", "Volgens …", the per-document
  progress lines) and without bronnen/, which is the documents themselves. Every page then has the
  same tick keys (`data-key`), and every page that shows none of the texts the commit rewrote (found by
  comparing the two frozen copies: texts of four words or more that differ, outside source fields)
  has the same text blocks, in the same order except on role pages, whose order follows the documents.
  At least half of the pages must be compared that way, so that the exceptions cannot swallow the test.

- step 3 -> 4 (lesson visits: fills, visits and a requirement's role, all optional) only raises the number:
  every built file is byte for byte the same, and format 3 content even builds before it is migrated (with
  a warning to record the number).

Measured (printed with -s): step 1 -> 2, default content: 98 of 98 built files identical (42 pages).
Step 2 -> 3, default content: 60 pages, 29 byte for byte identical, 52 with the same text, 7 showing a
rewritten text (the planning, the start page, two domain pages, the WPB, SO and IO role pages), and
bronnen/; the partnership fixture: 10 of 10 identical; partnership-full: 23 pages, 14 identical, 19 with
the same text, 3 showing a rewritten text, and bronnen/.
"""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from werkplek.__main__ import cli
from werkplek.errors import ContentError
from werkplek.migrate import FORMAT, STEPS, plan, short_name, slug, write
from werkplek.pipeline import build, load
from werkplek.precache import PACK_DIR

from .helpers import FIXTURES, tree_digest

FORMATS = FIXTURES / "formats"
SAME_SITE = {1, 3, 4}  # steps after which old content builds byte for byte the same site
NUMBER_ONLY = {
    3,
    4,
}  # steps that only raise the number (optional fields were added): the build reads it, with a warning
SETS = sorted(
    (int(k.name), s.name)
    for k in FORMATS.iterdir()
    if k.is_dir()
    for s in k.iterdir()
    if s.is_dir() and not s.name.endswith(".by-hand")
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def copy_of(target: Path, *layers: Path) -> Path:
    for layer in layers:
        if layer.is_dir():
            shutil.copytree(layer, target, dirs_exist_ok=True)
    return target


def migrated(target: Path, *layers: Path) -> Path:
    copy_of(target, *layers)
    migration = plan(target)
    assert not migration.problems, migration.problems
    write(migration)
    return target


# --- reading pages --------------------------------------------------------------------------------

BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "label", "td", "th", "legend", "summary", "dt", "dd", "title", "option"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.keys: set[str] = set()
        self._text: list[str] = []
        self._skip = 0

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag in BLOCKS:
            self._flush()
        key = dict(attrs).get("data-key")
        if key:
            self.keys.add(key)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)


def read(page: str) -> _Reader:
    reader = _Reader()
    reader.feed(page)
    reader._flush()
    return reader


SOURCE_TAIL = re.compile(r"\s*·\s*Bron:.*$", re.S)
SOURCE_BLOCK = re.compile(
    r"Bron: |^(Afspraak van de school|Uitgewerkt uit de bron)\. Wat de bron zegt$|^Volgens |documenten, vaak van verschillende|^0 van \d+ afgevinkt$"
)


def edited_texts(before: Path, by_hand: Path) -> set[str]:
    """Texts (four words or more) that the format-change commit rewrote or added, outside the fields
    the migration converts (source, source_part) and outside documents/."""
    found: set[str] = set()

    def strings(value):
        if isinstance(value, str):
            yield " ".join(value.split())
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    def walk(old, new):
        if isinstance(old, dict) and isinstance(new, dict):
            for key, value in new.items():
                if key in ("source", "source_part"):
                    continue
                if key in old:
                    walk(old[key], value)
                else:
                    found.update(strings(value))
        elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
            for a, b in zip(old, new, strict=True):
                walk(a, b)
        elif old != new:
            found.update(strings(old))
            found.update(strings(new))

    for path in sorted(by_hand.rglob("*.yml")):
        relative = path.relative_to(by_hand)
        if relative.parts[0] == "documents":
            continue
        old = before / relative
        walk(yaml.safe_load(old.read_text()) if old.exists() else {}, yaml.safe_load(path.read_text()))
    return {text for text in found if len(text.split()) >= 4}


def built_files(out: Path) -> dict[str, bytes]:
    """Every built file but the packs: those hold the others and are named by their bytes (a changed page gives
    its pack another name); test_offline_groups checks that each holds its files as built."""
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.parent.name != PACK_DIR)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files}


# --- the same site ------------------------------------------------------------------------------


def test_every_earlier_format_has_a_step_and_a_frozen_copy():
    assert [step.from_format for step in STEPS] == list(range(1, FORMAT))
    assert {k for k, _ in SETS} == set(range(1, FORMAT))
    assert all((k, "default") in SETS for k in range(1, FORMAT))  # the default content of every format


@pytest.mark.parametrize(("k", "name"), SETS, ids=[f"{k}-{name}" for k, name in SETS])
def test_old_content_migrates_and_builds_to_the_same_site(tmp_path, k, name, capsys):
    before, by_hand = FORMATS / str(k) / name, FORMATS / str(k) / f"{name}.by-hand"
    old = migrated(tmp_path / "old", before)
    new = migrated(tmp_path / "new", before, by_hand)
    assert load(old).warnings == [] and load(new).warnings == []
    a = built_files(build(old, tmp_path / "old-site").output)
    b = built_files(build(new, tmp_path / "new-site").output)
    assert sorted(a) == sorted(b)
    pages = [p for p in a if p.endswith(".html")]
    identical = [p for p in pages if a[p] == b[p]]

    if k in SAME_SITE:  # only a declaration or only the number changed: the very same site
        assert [f for f in a if a[f] != b[f]] == []
        print(f"\nstap {k}->{k + 1} {name}: {len(a)} bestanden, {len(pages)} pagina's, alle identiek")
        return

    edited = edited_texts(before, by_hand) if by_hand.is_dir() else set()
    compared, affected = [], []
    for page in pages:
        if page == "bronnen/index.html":
            continue
        x, y = read(a[page].decode()), read(b[page].decode())
        assert x.keys == y.keys, page  # the same tasks and competences to tick
        text = html.unescape(" ".join(x.blocks + y.blocks))
        if any(e in text for e in edited):
            affected.append(page)
            continue
        # A line that ends in " · Bron: …" (a programme's meta line) is compared without its source.
        xs = [t for t in (SOURCE_TAIL.sub("", t) for t in x.blocks) if not SOURCE_BLOCK.search(t)]
        ys = [t for t in (SOURCE_TAIL.sub("", t) for t in y.blocks) if not SOURCE_BLOCK.search(t)]
        if page.startswith("rollen/") and page != "rollen/index.html":
            xs, ys = sorted(xs), sorted(ys)
        assert xs == ys, page
        compared.append(page)
    assert len(compared) >= len(pages) / 2
    print(
        f"\nstap {k}->{k + 1} {name}: {len(pages)} pagina's, {len(identical)} byte voor byte gelijk, "
        f"{len(compared)} als tekst gelijk, {len(affected)} met tekst die de commit herschreef: {affected}"
    )


def test_old_formats_are_refused_by_the_build_with_the_advice_to_migrate(tmp_path):
    for k in sorted(set(range(1, FORMAT)) - NUMBER_ONLY):
        content = copy_of(tmp_path / str(k), FORMATS / str(k) / "default")
        with pytest.raises(ContentError) as caught:
            load(content)
        [problem] = caught.value.problems  # one clear line, not the problems migrating solves
        assert problem.path.endswith("site.yml") and problem.loc == "format"
        assert "oudere versie van Werkplek" in problem.message
        assert f"draai 'werkplek migrate --content {content}'" in problem.message


@pytest.mark.parametrize("k", sorted(NUMBER_ONLY))
def test_a_format_whose_step_only_raises_the_number_builds_with_a_warning(tmp_path, k):
    """3 -> 4 only added optional fields: format 3 content is read as it is, with the advice to record the
    number (migrating it changes nothing else), and builds the same site as after migrating."""
    content = copy_of(tmp_path / "content", FORMATS / str(k) / "default")
    loaded = load(content)
    [warning] = loaded.warnings
    assert warning.path.endswith("site.yml") and warning.loc == "format"
    assert warning.message == (
        f"formaat {k}, maar de inhoud past al bij formaat {FORMAT} van deze versie; draai "
        f"'werkplek migrate --content {content}' om dat vast te leggen"
    )
    before = built_files(build(content, tmp_path / "before").output)
    result = run("migrate", "--content", str(content))
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[-1]
        == f"Inhoud bijgewerkt van formaat {k} naar {FORMAT}: 1 bestand aangepast, 0 nieuw."
    )
    assert load(content).warnings == []
    assert built_files(build(content, tmp_path / "after").output) == before


def test_current_content_without_a_number_builds_with_a_warning(content_copy):
    site = content_copy / "site.yml"
    site.write_text(site.read_text().replace(f"format: {FORMAT}\n", ""))
    content = load(content_copy)
    [warning] = content.warnings
    assert warning.loc == "format" and "werkplek migrate --content" in warning.message
    result = run("check", "--content", str(content_copy))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Let op: {site}: format: ")


# --- werkplek migrate ---------------------------------------------------------------------------


def test_dry_run_shows_the_diff_and_writes_nothing(tmp_path):
    content = copy_of(tmp_path / "content", FORMATS / "1" / "default")
    digest = tree_digest(content)
    result = run("migrate", "--content", str(content), "--dry-run")
    assert result.exit_code == 0, result.output
    assert tree_digest(content) == digest
    assert "+++ b/site.yml\n" in result.output and f"+format: {FORMAT}\n" in result.output
    assert "-source: Rolbeschrijvingen Samen Opleiden Noord-Holland (Hogeschool iPabo)\n" in result.output
    assert result.output.splitlines()[-1] == (
        f"Proef: de inhoud zou van formaat 1 naar {FORMAT} gaan (13 bestanden aangepast, 3 nieuw); er is niets "
        "geschreven. Zonder --dry-run gebeurt het echt."
    )


def test_migrate_then_again_changes_nothing_the_second_time(tmp_path):
    content = copy_of(tmp_path / "content", FORMATS / "2" / "default")
    result = run("migrate", "--content", str(content))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"Inhoud bijgewerkt van formaat 1 naar {FORMAT}: 31 bestanden aangepast, 11 nieuw."
    )
    assert f"{content}/hours/wpb.yml: source: " in result.output
    digest = tree_digest(content)
    again = run("migrate", "--content", str(content))
    assert again.exit_code == 0
    assert again.output == f"De inhoud in {content} is al bijgewerkt (formaat {FORMAT}); er is niets veranderd.\n"
    assert tree_digest(content) == digest
    hours = (content / "hours" / "wpb.yml").read_text()
    assert (
        "source: rolbeschrijvingen-samen-opleiden-noord-holland-hogeschool\n"
        "source_part: Specificatie inzet van de werkplekbegeleider\n" in hours
    )


def test_only_changed_lines_are_rewritten_keeping_comments_and_quoting(tmp_path):
    content = copy_of(tmp_path / "content", FORMATS / "2" / "partnership")
    role = content / "roles" / "mentor.yml"
    text = (
        "# De mentor: zo heet de werkplekbegeleider bij ons.\n"
        "name: 'Mentor'   # tussen enkele aanhalingstekens\n"
        "abbreviation: \"MT\"\n"
        "group: begeleiders\n"
        "summary: >-\n"
        "  De mentor begeleidt de stagiair op school,\n"
        "  elke week.\n"
        "# waar de taken vandaan komen\n"
        "source: \"Handboek mentoren: editie 2026\"   # de titel zoals op de kaft\n"
        "tasks:\n"
        "- id: kennismaken   # een lijst zonder inspringen\n"
        "  text: Voert het kennismakingsgesprek, met een agenda die ook een veel te lange regel heeft en daardoor breder is dan tachtig tekens.\n"
    )
    role.write_text(text)
    write(plan(content))
    lines = role.read_text().splitlines(keepends=True)
    expected = text.splitlines(keepends=True)
    # the id keeps the author's quotes, and the comment its column
    expected[8] = 'source: "handboek-mentoren-editie-2026"    # de titel zoals op de kaft\n'
    assert lines == expected
    document = (content / "documents" / "handboek-mentoren-editie-2026.yml").read_text()
    assert "# Gemaakt door 'werkplek migrate'" in document
    assert (
        "title: 'Handboek mentoren: editie 2026'\n" in document
        or 'title: "Handboek mentoren: editie 2026"\n' in document
    )
    assert load(content).roles["mentor"].source == "handboek-mentoren-editie-2026"


def test_a_newer_format_is_refused(tmp_path):
    content = copy_of(tmp_path / "content", FIXTURES / "partnership")
    site = content / "site.yml"
    site.write_text(site.read_text().replace(f"format: {FORMAT}", f"format: {FORMAT + 1}"))
    digest = tree_digest(content)
    result = run("migrate", "--content", str(content))
    assert result.exit_code == 1
    assert "gemaakt voor een nieuwere versie van Werkplek" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert tree_digest(content) == digest
    with pytest.raises(ContentError) as caught:
        load(content)
    [problem] = caught.value.problems
    assert problem.message.endswith("werk de app bij")


def test_a_broken_file_leaves_every_file_untouched(tmp_path):
    content = copy_of(tmp_path / "content", FORMATS / "2" / "default")
    (content / "pages" / "kapot.yml").write_text("title: Kapot\nintro: [niet gesloten\n")
    digest = tree_digest(content)
    result = run("migrate", "--content", str(content))
    assert result.exit_code == 1
    assert tree_digest(content) == digest
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Fout: {content}/pages/kapot.yml: regel ")
    assert "YAML-syntaxfout" in lines[0] and lines[-1] == "De inhoud bevat 1 fout; er is niets veranderd."


def test_a_format_that_is_no_number_is_one_dutch_line(tmp_path):
    content = copy_of(tmp_path / "content", FIXTURES / "partnership")
    site = content / "site.yml"
    site.write_text(site.read_text().replace(f"format: {FORMAT}", "format: drie"))
    result = run("migrate", "--content", str(content))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Fout: {site}: format: moet een geheel getal van minstens 1 zijn (gevonden: 'drie')"
    )
    with pytest.raises(ContentError) as caught:
        load(content)
    assert [str(p) for p in caught.value.problems] == [f"{site}: format: moet een geheel getal zijn (gevonden: 'drie')"]


def test_document_ids_and_short_names_made_from_titles():
    assert slug("Leidraad \"goede leerwerkplek\", IvL") == "leidraad-goede-leerwerkplek-ivl"
    assert slug("Coördinatie ÉÉN") == "coordinatie-een"
    assert slug("!!!") == "bron"
    assert len(slug("woord " * 40)) <= 60
    assert slug("Rolbeschrijvingen Noord-Holland; Handleiding WPB") == "rolbeschrijvingen-noord-handleiding-wpb"
    assert short_name("Kort") == "Kort"
    assert (
        short_name("Handleiding werkplekbegeleider Werkplekleren N2, Hogeschool Rotterdam 2025-2026")
        == "Handleiding werkplekbegeleider Werkplekleren N2"
    )
    assert len(short_name("woord " * 40)) <= 60
