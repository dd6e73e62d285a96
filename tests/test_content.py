"""The content model: the default content is valid and complete; bad content is refused with
the file, the field and a Dutch message, every problem at once."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from werkplek.errors import ContentError
from werkplek.pipeline import load

from .helpers import CONTENT, edit, problems_of


def test_default_content_is_valid_and_has_every_seed_role():
    content = load(CONTENT)
    assert set(content.roles) == {
        "student",
        "wpb",
        "so",
        "cso",
        "io",
        "cio",
        "studiebegeleider",
        "schoolleider",
        "bestuurder",
        "stagebureau",
        "programmaleider",
        "stuurgroep",
    }
    assert all(role.tasks for role in content.roles.values())
    assert len(content.domains) == 20


def test_default_programme_has_the_seed_periods_deadlines_and_stage_days():
    programme = load(CONTENT).programmes["hr-n2-2025-2026"]
    assert programme.stage_days == ["maandag", "woensdag"]
    assert [(p.name, p.start, p.deadline) for p in programme.periods] == [
        ("Periode 1", "2025-09", dt.date(2025, 11, 12)),
        ("Periode 2", "2025-11", dt.date(2026, 2, 4)),
        ("Periode 3", "2026-02", dt.date(2026, 4, 22)),
        ("Periode 4", "2026-04", dt.date(2026, 5, 29)),
    ]
    for period in programme.periods:
        assert {"student", "wpb", "so", "io"} <= {t.role for t in period.tasks}, period.id
    actions = [(p.id, t.role) for p in programme.periods for t in p.tasks if t.action]
    assert actions == [("p1", "wpb"), ("p2", "wpb"), ("p3", "wpb"), ("p4", "wpb")]


def test_yaml_syntax_error_names_file_and_line(content_copy):
    (content_copy / "roles" / "wpb.yml").write_text("name: [niet gesloten\nsummary: x\n", encoding="utf-8")
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{content_copy / 'roles' / 'wpb.yml'}: regel ")
    assert "YAML-syntaxfout" in problem


def test_missing_field(content_copy):
    edit(content_copy / "roles" / "so.yml", lambda d: d.pop("summary"))
    assert problems_of(content_copy) == [f"{content_copy / 'roles' / 'so.yml'}: summary: verplicht veld ontbreekt"]


@pytest.mark.parametrize("value", ["04-02-2026", "2026-02-30", "morgen"])
def test_wrong_date(content_copy, value):
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    edit(programme, lambda d: d["periods"][1].update(deadline=value))
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{programme}: periods[1].deadline: geen geldige datum")
    assert f"(gevonden: '{value}')" in problem


def test_wrong_start_month(content_copy):
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    edit(programme, lambda d: d["periods"][0].update(start="september"))
    assert problems_of(content_copy) == [
        f"{programme}: periods[0].start: verwacht een maand (JJJJ-MM) of een datum (JJJJ-MM-DD), "
        "tussen aanhalingstekens (gevonden: 'september')"
    ]


def test_duplicate_ids(content_copy):
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    edit(programme, lambda d: d["periods"][0]["tasks"][1].update(id=d["periods"][0]["tasks"][0]["id"]))
    edit(content_copy / "roles" / "io.yml", lambda d: d["competences"][0].update(id=d["tasks"][2]["id"]))
    (content_copy / "domains" / "ict.yaml").write_text((content_copy / "domains" / "ict.yml").read_text())
    problems = problems_of(content_copy)
    assert len(problems) == 3
    assert any(p.startswith(f"{programme}: periods[0].tasks[1].id: dubbele id ") for p in problems)
    assert any(
        p.startswith(f"{content_copy / 'roles' / 'io.yml'}: competences[0].id: dubbele id ")
        and "(ook bij tasks[2])" in p
        for p in problems
    )
    assert any(p.startswith(f"{content_copy / 'domains'}/ict.") and "dubbele id 'ict'" in p for p in problems)


def test_dangling_references(content_copy):
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    edit(programme, lambda d: d["periods"][2]["tasks"][0].update(role="concierge"))
    edit(content_copy / "roles" / "wpb.yml", lambda d: d["tasks"][0].update(domains=["sport"]))
    assert problems_of(content_copy) == [
        f"{programme}: periods[2].tasks[0].role: onbekende rol 'concierge' (geen content/roles/concierge.yml)",
        f"{content_copy / 'roles' / 'wpb.yml'}: tasks[0].domains[0]: onbekend begeleidingsdomein 'sport' "
        "(geen content/domains/sport.yml)",
    ]


def test_unknown_field_and_duplicate_key(content_copy):
    edit(content_copy / "domains" / "ict.yml", lambda d: d.update(beschrijving="typo"))
    (content_copy / "roles" / "student.yml").write_text(
        (content_copy / "roles" / "student.yml").read_text() + "name: Nog een naam\n", encoding="utf-8"
    )
    problems = problems_of(content_copy)
    assert f"{content_copy / 'domains' / 'ict.yml'}: beschrijving: onbekend veld (typefout in de naam?)" in problems
    assert any("student.yml: regel" in p and "dubbele sleutel 'name'" in p for p in problems)


def test_every_problem_is_reported_at_once(content_copy):
    edit(content_copy / "roles" / "so.yml", lambda d: d.pop("name"))
    edit(content_copy / "domains" / "ict.yml", lambda d: d.update(order="eerst"))
    (content_copy / "pages" / "Over Ons.yml").write_text("title: x\n")
    problems = problems_of(content_copy)
    assert len(problems) == 3
    assert any("so.yml: name: verplicht veld ontbreekt" in p for p in problems)
    assert any("ict.yml: order: moet een geheel getal zijn (gevonden: 'eerst')" in p for p in problems)
    assert any("Over Ons.yml: de bestandsnaam is de id" in p for p in problems)


def test_periods_must_be_in_deadline_order(content_copy):
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    edit(programme, lambda d: d["periods"][2].update(deadline=dt.date(2026, 2, 3)))
    assert problems_of(content_copy) == [
        f"{programme}: periods[2].deadline: perioden staan op volgorde van deadline; deze ligt niet na die van 'p2'",
    ]


def test_page_may_not_take_an_app_path(content_copy):
    (content_copy / "pages" / "planning.yml").write_text("title: x\nintro: y\n")
    [problem] = problems_of(content_copy)
    assert "planning.yml: de naam 'planning' is al in gebruik door de app" in problem


# Words of libyaml's and pydantic's English messages; none may reach an editor.
ENGLISH = re.compile(
    r"\b(expected|found|mapping|exceeded|Keys should|None|while|scanning|parsing|constructor|could not|character"
    r"|token|stream|allowed|nesting|depth|indicator|node|flow|determine|violates|sequence|scalar|unhashable"
    r"|unexpected|Input should|Error|error)\b"
)


def problem_objects(content_dir: Path):
    with pytest.raises(ContentError) as caught:
        load(content_dir)
    return caught.value.problems


def test_hostile_yaml_never_gives_a_traceback_and_every_file_is_reported(content_copy):
    """Each of these once crashed the reader (a traceback naming no file, or a segfault) or showed
    libyaml's English; now each is one Dutch line naming its file, and the others are still read."""
    roles = content_copy / "roles"
    cases = {
        "datum": ("name: x\nsummary: y\ndatum: 2025-11-31\n", None),
        "sleutel": ("? [a, b]\n: 1\n", "een sleutel moet een naam zijn"),
        "getal": ("name: x\nsummary: y\norder: " + "9" * 5000 + "\n", "dit getal is veel te groot"),
        "diep": ("name: " + "[" * 50000 + "]" * 50000 + "\n", "te diep genest"),
        "diep-accolades": ("name: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", "te diep genest"),
        # past libyaml's own limit of 1000 levels, in block style: indented one space per level, and '- - - x'
        "diep-blok": ("".join(" " * i + "a:\n" for i in range(1100)) + " " * 1100 + "b: 1\n", "te diep genest"),
        "diep-lijst": ("name:\n" + "- " * 5000 + "x\n", "te diep genest"),
        "stuurteken": ("name: x\x07\nsummary: y\n", "onzichtbaar stuurteken"),
        "tab": ("name: x\n\tsummary: y\n", "gebruik spaties"),
        "dubbele-punt": ("name: x: y\nsummary: z\n", "Zet die tekst dan tussen aanhalingstekens"),
        "open-haak": ("name: [niet gesloten\nsummary: x\n", "met [ begint, is niet goed gesloten"),
        "open-haak-eind": ("name: x\nsummary: [\n", "met [ begint, is niet goed gesloten"),
        "open-accolade": ("name: {a: 1\n", "met { begint, is niet goed gesloten"),
        "losse-haak": ("name: ]\n", "een ] zonder ["),
        "open-aanhalingsteken": ("name: 'niet gesloten\nsummary: y\n", "wordt niet gesloten"),
        "getal-als-sleutel": ("name: x\nsummary: y\n1: x\n", "een veldnaam moet tekst zijn"),
        "leeg-als-sleutel": ("name: x\nsummary: y\n~: x\n", "een veldnaam moet tekst zijn"),
        "waar-als-sleutel": ("name: x\nsummary: y\ntrue: x\n", "een veldnaam moet tekst zijn"),
        "samenvoegen": ("name: x\n<<: {summary: y}\n", "samenvoegen met << kan niet"),
        "tag": ("name: !foo x\nsummary: y\n", "de tag !foo kan niet"),
        "escape": ('name: "a\\qb"\nsummary: y\n', "onbekende reeks met \\"),
        "apenstaartje": ("name: @school\nsummary: y\n", "kan niet beginnen met @"),
        "sterretje": ("name: * belangrijk\nsummary: y\n", "kan niet beginnen met * of &"),
        "inspringen": ("tasks:\n  - a\n  b: c\n", "klopt het inspringen?"),
        "twee-documenten": ("name: x\n---\nname: y\n", "meer dan één document"),
    }
    for name, (text, _) in cases.items():
        (roles / f"{name}.yml").write_text(text, encoding="utf-8")
    (roles / "groot.yml").write_text("name: x\nsummary: " + "a" * 1_100_000 + "\n", encoding="utf-8")
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    programme.write_text(programme.read_text().replace("deadline: 2026-02-04", "deadline: 2026-02-30"))

    started = time.perf_counter()
    found = problem_objects(content_copy)
    assert time.perf_counter() - started < 15
    problems = [str(p) for p in found]
    for name, (_, message) in cases.items():
        if message:
            assert any(p.startswith(str(roles / f"{name}.yml")) and message in p for p in problems), (name, problems)
    assert any(p.startswith(str(roles / "groot.yml")) and "te groot" in p for p in problems)
    assert f"{roles / 'datum.yml'}: datum: onbekend veld (typefout in de naam?)" in problems
    assert any(
        p.startswith(f"{programme}: periods[1].deadline: geen geldige datum") and "2026-02-30" in p for p in problems
    ), problems
    assert all("Traceback" not in p for p in problems)
    english = [str(p) for p in found if ENGLISH.search(f"{p.loc} {p.message}")]
    assert english == []
    syntax = [p for p in found if "YAML-syntaxfout" in p.message]
    assert syntax and all(re.fullmatch(r"regel \d+, kolom \d+", p.loc) for p in syntax)


def test_values_no_editor_means_are_refused(content_copy):
    def change(data):
        data["order"] = True
        data["summary"] = "x" * 6000
        data["tasks"][0]["text"] = "regel\u0007"

    edit(content_copy / "roles" / "wpb.yml", change)
    edit(
        content_copy / "programmes" / "hr-n2-2025-2026.yml",
        lambda d: d["periods"][0].update(deadline=20251112, start="2025-02-30"),
    )
    problems = problems_of(content_copy)
    wpb = content_copy / "roles" / "wpb.yml"
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    assert f"{wpb}: order: moet een geheel getal zijn (gevonden: True)" in problems
    assert any(
        p.startswith(f"{wpb}: summary: is te lang (maximaal 5000 tekens) (gevonden: 'xxx") and len(p) < 400
        for p in problems
    )
    assert any(p.startswith(f"{wpb}: tasks[0].text: bevat een onzichtbaar stuurteken") for p in problems)
    assert any(p.startswith(f"{programme}: periods[0].deadline: geen geldige datum") for p in problems)
    assert any(p.startswith(f"{programme}: periods[0].start: deze datum bestaat niet") for p in problems)


def test_role_groups_are_content_and_checked(content_copy):
    edit(content_copy / "roles" / "wpb.yml", lambda d: d.update(group="onbekend"))
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{content_copy / 'roles' / 'wpb.yml'}: group: onbekende groep 'onbekend'")


def test_anchors_and_aliases_are_refused_so_a_small_file_cannot_grow(content_copy):
    """A 'billion laughs' file of a few KB once made a 100 MB page and search index: YAML aliases
    (*naam) repeat what an anchor (&naam) names, nested. No content needs them; they are refused."""
    roles = content_copy / "roles"
    laughs = ["name: x", 'a0: &a0 ["' + "ha" * 50 + '"]']
    for level in range(1, 10):
        laughs.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    laughs.append("summary: *a9")
    (roles / "lachen.yml").write_text("\n".join(laughs) + "\n", encoding="utf-8")
    (roles / "anker.yml").write_text("name: &naam Werkplekbegeleider\nsummary: x\n", encoding="utf-8")
    (roles / "verwijzing.yml").write_text("name: x\nsummary: *bestaat-niet\n", encoding="utf-8")
    started = time.perf_counter()
    found = problem_objects(content_copy)
    assert time.perf_counter() - started < 10
    by_file = {}
    for p in found:
        by_file.setdefault(Path(p.path).name, []).append(p)
    assert set(by_file) == {"lachen.yml", "anker.yml", "verwijzing.yml"}
    for name, problems in by_file.items():
        assert problems[0].message.startswith("ankers (&naam) en verwijzingen (*naam) kunnen niet in de inhoud"), name
        assert re.fullmatch(r"regel \d+, kolom \d+", problems[0].loc)
    assert str(by_file["anker.yml"][0]).startswith(f"{roles / 'anker.yml'}: regel 1, kolom 7: ankers")
    assert len(by_file["lachen.yml"]) <= 11  # one line per anchor or alias, then a count
    assert by_file["lachen.yml"][-1].message.startswith("en nog ")


def test_short_name_and_learner_lengths_are_enforced(content_copy):
    def change(data):
        data["short_name"] = "Werkplekleren"  # 13 characters
        data["learner"] = {"singular": "s" * 61, "plural": "p" * 60}

    edit(content_copy / "site.yml", change)
    site = content_copy / "site.yml"
    problems = problems_of(content_copy)
    assert problems == [
        f"{site}: short_name: is te lang (maximaal 12 tekens) (gevonden: 'Werkplekleren')",
        f"{site}: learner.singular: is te lang (maximaal 60 tekens) (gevonden: '{'s' * 49}…)",
    ]


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\ufeff", "\u2028", "\u2029", "\u00ad", "\u2066", "\x85"])
def test_invisible_format_characters_are_refused(content_copy, char):
    wpb = content_copy / "roles" / "wpb.yml"
    text = wpb.read_text(encoding="utf-8")
    wpb.write_text(text.replace("name: Werkplekbegeleider", f"name: Werkplek{char}begeleider", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("name: Werkplekbegeleider"))
    [problem] = problems_of(content_copy)
    assert problem.startswith(
        f"{wpb}: regel {line}, kolom 15: de tekst bevat een onzichtbaar stuurteken (code U+{ord(char):04X}"
    ), problem
    assert "haal het weg" in problem


def test_invisible_characters_written_as_escapes_are_refused_by_field(content_copy):
    wpb = content_copy / "roles" / "wpb.yml"
    text = wpb.read_text(encoding="utf-8")
    wpb.write_text(text.replace("name: Werkplekbegeleider", 'name: "Werkplek\\u202Ebegeleider"', 1), encoding="utf-8")
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{wpb}: name: bevat een onzichtbaar stuurteken (code U+202E"), problem


def test_a_byte_order_mark_at_the_start_is_fine_and_emoji_keep_their_joiner(content_copy):
    wpb = content_copy / "roles" / "wpb.yml"
    text = wpb.read_text(encoding="utf-8").replace(
        "name: Werkplekbegeleider", "name: Werkplekbegeleider \U0001f469\u200d\U0001f3eb", 1
    )
    wpb.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load(content_copy).roles["wpb"].name == "Werkplekbegeleider \U0001f469\u200d\U0001f3eb"


@pytest.mark.parametrize(
    "value, shown",
    [
        ("!!binary aGFsbG8=", "!!binary"),
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [{a: 1}]", "!!omap"),
        ("!!timestamp 2025-01-01", "!!timestamp"),
    ],
)
def test_tags_other_than_plain_values_are_refused(content_copy, value, shown):
    wpb = content_copy / "roles" / "wpb.yml"
    wpb.write_text(wpb.read_text(encoding="utf-8") + f"extra: {value}\n", encoding="utf-8")
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{wpb}: regel "), problem
    assert f"de tag {shown} kan niet in de inhoud" in problem


def test_problems_are_shown_as_an_editor_counts_with_the_line_to_jump_to(content_copy):
    """`periods[1].deadline` is Periode 2 to an editor: the build prints list positions from 1, named by
    their id, and the file's line right after its name (file.yml:14:), which editors and terminals link."""
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    programme.write_text(
        programme.read_text(encoding="utf-8").replace("deadline: 2026-02-04", "deadline: 04-02-2026"), encoding="utf-8"
    )
    form = content_copy / "forms" / "kijkwijzer-pedagogiek.yml"
    form.write_text(form.read_text(encoding="utf-8").replace("kind: scale", "kind: schaal", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(content_copy)
    shown = str(caught.value.format_message()).splitlines()
    lines = {path: path.read_text(encoding="utf-8").splitlines() for path in (programme, form)}
    deadline = next(i for i, text in enumerate(lines[programme], 1) if "04-02-2026" in text)
    assert (
        f"{programme}:{deadline}: periods nr. 2 (p2) › deadline: geen geldige datum; schrijf JJJJ-MM-DD, "
        f"bijvoorbeeld 2025-11-12 (gevonden: '04-02-2026')" in shown
    )
    start = next(i for i, text in enumerate(lines[form], 1) if "kind: schaal" in text) - 1  # its "- id:" line
    [item] = [line for line in shown if line.startswith(f"{form}:")]
    assert (
        item.startswith(f"{form}:{start}: sections nr. ")
        and " › items nr. " in item
        and "onbekende soort 'schaal'" in item
    )
    assert "[" not in item.split(": onbekende")[0]
