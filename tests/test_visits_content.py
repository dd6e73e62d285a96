"""Lesson visits as content: `fills:` on a form's metadata, `visits:` on a programme and `role:` on a
requirement. Bad content is refused with the file, the field, its line and a Dutch message; good content
shows up where the browser reads it: data-fills on the form page, `fills` in formulieren/<id>/vragen.json,
data-author-role on a requirement, and the settings lesbezoek/ carries (only when a programme declares visits)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from werkplek.errors import ContentError
from werkplek.pipeline import build, load

from .helpers import CONTENT, edit, problems_of, visit_settings_of

PROGRAMME = "hr-n2-2025-2026"
KIJKWIJZERS = ["kijkwijzer-pedagogiek", "kijkwijzer-didactiek", "kijkwijzer-vakdidactiek"]


def shown_problems(content_dir: Path) -> list:
    """The problems as the build prints them (file:line: field as an editor counts: message)."""
    with pytest.raises(ContentError) as caught:
        load(content_dir)
    return caught.value.problems


def line_of(path: Path, problem) -> str:
    """The line of the file the problem points at."""
    assert problem.line is not None, problem
    return path.read_text(encoding="utf-8").splitlines()[problem.line - 1]


def meta(d: dict, item_id: str) -> dict:
    return next(item for item in d["metadata"] if item["id"] == item_id)


def meta_index(d: dict, item_id: str) -> int:
    return next(i for i, item in enumerate(d["metadata"]) if item["id"] == item_id)


# -- fills ---------------------------------------------------------------------------------------


def test_fills_takes_one_item_per_value_of_the_right_kind(content_copy):
    path = content_copy / "forms" / "kijkwijzer-pedagogiek.yml"
    data = {}

    def change(d):
        for item in d["metadata"]:
            item.pop("fills", None)
        meta(d, "student")["fills"] = "about"
        meta(d, "school")["fills"] = "about"  # a second item for the same value
        meta(d, "datum")["fills"] = "school"  # a date item cannot take a name
        meta(d, "observator")["fills"] = "date"  # a text item cannot take a date
        data.update(d)

    edit(path, change)
    problems = shown_problems(content_copy)
    school, datum, observator = (meta_index(data, i) for i in ("school", "datum", "observator"))
    student = meta_index(data, "student")
    assert [str(p) for p in problems] == [
        f"{path}: metadata[{school}].fills: dubbele fills 'about' (ook bij metadata[{student}]); "
        "hoogstens één veld per waarde",
        f"{path}: metadata[{datum}].fills: fills 'school' hoort bij een tekstveld (kind: text), niet bij kind: date",
        f"{path}: metadata[{observator}].fills: fills 'date' hoort bij een datumveld (kind: date), niet bij kind: text",
    ]
    for problem, item_id in zip(problems, ("school", "datum", "observator"), strict=True):
        assert line_of(path, problem).strip().startswith("fills:")
        index = meta_index(data, item_id)
        assert problem.for_editor().startswith(f"{path}:{problem.line}: metadata nr. {index + 1} ({item_id}) › fills: ")


def test_fills_is_only_for_metadata_and_names_a_known_value(content_copy):
    path = content_copy / "forms" / "adviesformulier-wpb.yml"
    data = {}

    def change(d):
        meta(d, "semester")["fills"] = "class"  # a choice is never filled in by the app
        meta(d, "vak")["fills"] = "vak"  # the values are English words
        d["sections"][0]["items"][1]["fills"] = "about"  # only metadata
        data.update(d)

    edit(path, change)
    semester, vak = meta_index(data, "semester"), meta_index(data, "vak")
    assert problems_of(content_copy) == [
        f"{path}: metadata[{vak}].fills: moet een van deze waarden zijn: 'about', 'author', 'date', 'time', "
        "'school', 'class', 'subject', 'focus' of 'participants' (gevonden: 'vak')",
        f"{path}: sections[0].items[1].fills: onbekend veld (typefout in de naam?)",
    ]
    edit(path, lambda d: meta(d, "vak").update(fills="subject") or d["sections"][0]["items"][1].pop("fills"))
    assert problems_of(content_copy) == [
        f"{path}: metadata[{semester}].fills: fills 'class' hoort bij een tekstveld (kind: text), niet bij kind: choice",
    ]


# -- visits --------------------------------------------------------------------------------------


def test_visits_name_roles_and_forms_that_fit(content_copy):
    path = content_copy / "programmes" / f"{PROGRAMME}.yml"
    visits = {
        "planned_by": "stagiair",
        "observers": ["wpb", "so", "wpb", "coach"],
        "forms": ["kijkwijzer-pedagogiek", "kijkwijzer-rekenen", "kijkwijzer-pedagogiek"],
        "reports": ["verslag"],
    }
    edit(path, lambda d: d.update(visits=visits))
    problems = shown_problems(content_copy)
    assert [str(p) for p in problems] == [
        f"{path}: visits.planned_by: onbekende rol 'stagiair' (geen content/roles/stagiair.yml)",
        f"{path}: visits.observers[3]: onbekende rol 'coach' (geen content/roles/coach.yml)",
        f"{path}: visits.observers[2]: de rol 'wpb' staat er al",
        f"{path}: visits.forms[1]: onbekend formulier 'kijkwijzer-rekenen' (geen content/forms/kijkwijzer-rekenen.yml)",
        f"{path}: visits.forms[2]: het formulier 'kijkwijzer-pedagogiek' staat er al",
        f"{path}: visits.reports[0]: onbekend formulier 'verslag' (geen content/forms/verslag.yml)",
        f"{path}: visits.forms[0]: het formulier 'kijkwijzer-pedagogiek' gaat over 'student'; een "
        "observatieformulier gaat over wie het lesbezoek plant ('stagiair', planned_by)",
        f"{path}: visits.forms[2]: het formulier 'kijkwijzer-pedagogiek' gaat over 'student'; een "
        "observatieformulier gaat over wie het lesbezoek plant ('stagiair', planned_by)",
    ]
    planned = next(p for p in problems if p.loc == "visits.planned_by")
    assert line_of(path, planned).strip() == "planned_by: stagiair"
    assert planned.for_editor().startswith(f"{path}:{planned.line}: visits › planned_by: onbekende rol")


def test_visit_forms_are_filled_in_by_an_observer_about_the_planner_and_reports_by_the_planner(content_copy):
    path = content_copy / "programmes" / f"{PROGRAMME}.yml"
    visits = {
        "planned_by": "student",
        "observers": ["io"],
        # filled in by wpb and so, neither of them invited; about the wpb; about no one
        "forms": ["kijkwijzer-didactiek", "feedback-wpb-van-student", "kwaliteitsscan-leerwerkplek"],
        "reports": ["adviesformulier-wpb"],  # the wpb writes it, not the student
    }
    edit(path, lambda d: d.update(visits=visits))
    problems = shown_problems(content_copy)
    assert [str(p) for p in problems] == [
        f"{path}: visits.forms[0]: het formulier 'kijkwijzer-didactiek' wordt door geen van de observers ingevuld "
        "(filled_by: wpb, so); voeg een van die rollen toe aan observers of kies een ander formulier",
        f"{path}: visits.forms[1]: het formulier 'feedback-wpb-van-student' wordt door geen van de observers "
        "ingevuld (filled_by: student); voeg een van die rollen toe aan observers of kies een ander formulier",
        f"{path}: visits.forms[1]: het formulier 'feedback-wpb-van-student' gaat over 'wpb'; een "
        "observatieformulier gaat over wie het lesbezoek plant ('student', planned_by)",
        f"{path}: visits.forms[2]: het formulier 'kwaliteitsscan-leerwerkplek' wordt door geen van de observers "
        "ingevuld (filled_by: so, schoolleider); voeg een van die rollen toe aan observers of kies een ander formulier",
        f"{path}: visits.forms[2]: het formulier 'kwaliteitsscan-leerwerkplek' gaat over niemand in het bijzonder "
        "(geen about); een observatieformulier gaat over wie het lesbezoek plant ('student', planned_by)",
        f"{path}: visits.reports[0]: het verslag 'adviesformulier-wpb' wordt niet ingevuld door 'student' "
        "(planned_by; filled_by: wpb); wie het lesbezoek plant, schrijft het verslag",
    ]
    report = problems[-1]
    assert re.fullmatch(r"\s*- adviesformulier-wpb", line_of(path, report))
    assert report.for_editor().startswith(f"{path}:{report.line}: visits › reports nr. 1: het verslag")


def test_the_reflection_form_exists_and_is_written_by_the_planner(content_copy):
    path = content_copy / "programmes" / f"{PROGRAMME}.yml"
    edit(path, lambda d: d["visits"].update(reflection="reflectie-op-de-les"))
    problems = shown_problems(content_copy)
    assert [str(p) for p in problems] == [
        f"{path}: visits.reflection: onbekend formulier 'reflectie-op-de-les' (geen content/forms/reflectie-op-de-les.yml)"
    ]
    assert line_of(path, problems[0]).strip() == "reflection: reflectie-op-de-les"
    edit(path, lambda d: d["visits"].update(reflection="adviesformulier-wpb"))  # the wpb writes it
    [problem] = shown_problems(content_copy)
    assert str(problem) == (
        f"{path}: visits.reflection: het reflectieformulier 'adviesformulier-wpb' wordt niet ingevuld door 'student' "
        "(planned_by; filled_by: wpb); wie het lesbezoek plant, schrijft de reflectie"
    )
    assert problem.for_editor().startswith(f"{path}:{problem.line}: visits › reflection: het reflectieformulier")
    assert line_of(path, problem).strip() == "reflection: adviesformulier-wpb"


def test_visits_need_an_observer_and_a_form(content_copy):
    path = content_copy / "programmes" / f"{PROGRAMME}.yml"
    edit(path, lambda d: d.update(visits={"planned_by": "student", "observers": [], "forms": []}))
    assert problems_of(content_copy) == [
        f"{path}: visits.observers: moet minstens 1 element bevatten",
        f"{path}: visits.forms: moet minstens 1 element bevatten",
    ]


# -- requirement role ----------------------------------------------------------------------------


def test_a_requirement_role_exists_and_fills_in_its_forms(content_copy):
    path = content_copy / "programmes" / f"{PROGRAMME}.yml"
    edit(path, lambda d: d["requirements"][0].update(role="mentor") or d["requirements"][1].update(role="student"))
    problems = shown_problems(content_copy)
    assert [str(p) for p in problems] == [
        f"{path}: requirements[0].role: onbekende rol 'mentor' (geen content/roles/mentor.yml)",
        f"{path}: requirements[1].role: de rol 'student' vult geen van deze formulieren in (filled_by); kies een rol "
        "die ze invult, of laat role weg",
    ]
    for problem in problems:
        assert line_of(path, problem).strip().startswith("role:")
        assert problem.for_editor().startswith(f"{path}:{problem.line}: requirements nr. ")


# -- what the browser reads ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def visit_site(tmp_path_factory) -> Path:
    """The default content with fills on a kijkwijzer, visits on the programme and a role on a requirement."""
    content = tmp_path_factory.mktemp("visits") / "content"
    shutil.copytree(CONTENT, content)

    def fills(d):
        for item in d["metadata"]:
            item.pop("fills", None)
        meta(d, "student")["fills"] = "about"
        meta(d, "datum")["fills"] = "date"
        meta(d, "observator")["fills"] = "author"

    edit(content / "forms" / "kijkwijzer-didactiek.yml", fills)

    def programme(d):
        d["visits"] = {"planned_by": "student", "observers": ["so", "wpb"], "forms": KIJKWIJZERS[1:]}
        d["requirements"][1]["role"] = "wpb"

    edit(content / "programmes" / f"{PROGRAMME}.yml", programme)
    out = content.parent / "build"
    build(content, out)
    return out


def item_tags(html: str) -> dict[str, str]:
    """The opening tag of every [data-item] element, by item id."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<div class="item[^"]*"[^>]*data-item="([^"]+)"[^>]*>', html)}


def test_the_form_page_says_what_the_app_fills_in(visit_site):
    tags = item_tags((visit_site / "formulieren" / "kijkwijzer-didactiek" / "index.html").read_text(encoding="utf-8"))
    fills = {item: re.search(r'data-fills="([^"]+)"', tag) for item, tag in tags.items()}
    assert {item: m.group(1) for item, m in fills.items() if m} == {
        "student": "about",
        "datum": "date",
        "observator": "author",
    }


def test_the_questions_file_carries_fills_on_its_metadata(visit_site):
    questions = json.loads((visit_site / "formulieren" / "kijkwijzer-didactiek" / "vragen.json").read_text())
    assert {q["id"]: q.get("fills") for q in questions["meta"]} == {
        "student": "about",
        "school": None,
        "klas": None,
        "vak": None,
        "datum": "date",
        "observator": "author",
        "kijkpunt": None,
    }
    assert all("fills" not in q for s in questions["sections"] for q in s["items"])


def test_the_visit_settings_file_names_the_programmes_roles_and_forms(visit_site):
    settings = visit_settings_of(visit_site)
    content = load(CONTENT)
    programme = content.programmes[PROGRAMME]
    assert settings["programmes"] == {
        PROGRAMME: {
            "name": programme.name,
            "planned_by": "student",
            "observers": [
                {"id": r, "name": content.roles[r].name, "abbreviation": content.roles[r].abbreviation}
                for r in ("so", "wpb")
            ],
            "forms": [{"id": f, "title": content.forms[f].title} for f in KIJKWIJZERS[1:]],
            "reports": [],
        }
    }
    assert settings["roles"] == {
        role_id: {"name": role.name, "abbreviation": role.abbreviation} for role_id, role in content.roles.items()
    }
    listing = (visit_site / "sw-files.json").read_text(encoding="utf-8")  # the worker's list (issue 17)
    assert '"lesbezoek/"' in listing  # in the core, so it opens offline


def test_a_site_without_visits_has_no_visit_settings(partnership_site):
    assert not (partnership_site / "lesbezoek").exists()
    assert "lesbezoek" not in (partnership_site / "sw-files.json").read_text(encoding="utf-8")


def test_a_requirement_with_a_role_says_so_and_is_for_that_role(visit_site):
    html = (visit_site / "planning" / PROGRAMME / "index.html").read_text(encoding="utf-8")
    by_id = {req_id: tag for tag, req_id in re.findall(r'(<li data-requirement="([^"]+)"[^>]*>)', html)}
    second = load(CONTENT).programmes[PROGRAMME].requirements[1].id
    # data-author-role, not data-role: on these pages data-role marks what is shown for the chosen role.
    # It shows for that role and for whom the forms are about (who sees her own progress).
    assert 'data-author-role="wpb"' in by_id[second] and 'data-req-roles="student wpb"' in by_id[second]
    assert all("data-author-role=" not in tag for req_id, tag in by_id.items() if req_id != second)


# -- the default content -------------------------------------------------------------------------

REPORTS = ["kennismakingsgesprek", "driehoeksgesprek", "eindgesprek"]


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


def fills_on_page(site: Path, form_id: str) -> dict[str, str]:
    html = (site / "formulieren" / form_id / "index.html").read_text(encoding="utf-8")
    found = {item: re.search(r'data-fills="([^"]+)"', tag) for item, tag in item_tags(html).items()}
    return {item: m.group(1) for item, m in found.items() if m}


def test_every_default_form_says_what_the_app_fills_in(built_site, content):
    for form_id, form in content.forms.items():
        expected = {item.id: item.fills for item in form.metadata if item.fills}
        assert expected, form_id  # every default form has a name, school or date field the app knows
        assert fills_on_page(built_site, form_id) == expected, form_id
        questions = json.loads((built_site / "formulieren" / form_id / "vragen.json").read_text(encoding="utf-8"))
        assert {q["id"]: q["fills"] for q in questions["meta"] if "fills" in q} == expected, form_id
    for form_id in KIJKWIJZERS:
        assert fills_on_page(built_site, form_id) == {
            "student": "about",
            "school": "school",
            "klas": "class",
            "vak": "subject",
            "datum": "date",
            "observator": "author",
            "kijkpunt": "focus",
        }


def test_the_report_forms_are_the_students_with_date_participants_and_three_parts(built_site, content):
    for form_id in REPORTS:
        form = content.forms[form_id]
        assert (form.filled_by, form.about, form.source) == (["student"], "student", "handleiding-wpb-n2"), form_id
        assert form.notice and "eigen woorden" in form.notice, form_id  # the questions are our own wording
        fills = {item.fills: item for item in form.metadata if item.fills}
        assert fills["date"].kind == "date" and fills["date"].required, form_id
        assert (fills["participants"].kind, fills["participants"].size) == ("text", "long"), form_id
        assert [s.title for s in form.sections] == ["Wat is besproken", "Afspraken", "Volgende stappen"], form_id
        html = (built_site / "formulieren" / form_id / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{form.title}</h1>" in html or f">{form.title}</h1>" in html, form_id
        assert 'data-fills="participants"' in html and 'data-fills="date"' in html, form_id
    listing = (built_site / "formulieren" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{form_id}/"' in listing for form_id in REPORTS)


def test_tasks_about_the_conversations_lead_to_their_reports(built_site, content):
    programme = content.programmes[PROGRAMME]
    linked = {(p.id, t.id): t.forms for p in programme.periods for t in p.tasks if set(t.forms) & set(REPORTS)}
    assert linked == {
        ("p1", "kennismakingsgesprek-voeren"): ["kennismakingsgesprek"],
        ("p1", "lesbezoek-plannen"): ["driehoeksgesprek"],
        ("p2", "lesbezoek-plannen"): ["driehoeksgesprek"],
        ("p3", "lesbezoek-plannen"): ["driehoeksgesprek"],
        ("p4", "lesbezoek-plannen"): ["driehoeksgesprek"],
        ("p4", "leeruitkomsten-aantonen"): ["eindgesprek"],
    }
    assert all(t.role == "student" for p in programme.periods for t in p.tasks if set(t.forms) & set(REPORTS))
    planning = (built_site / "planning" / PROGRAMME / "index.html").read_text(encoding="utf-8")
    assert all(f"formulieren/{form_id}/" in planning for form_id in REPORTS)


def test_the_default_visit_settings(built_site, content):
    settings = visit_settings_of(built_site)
    role = content.roles
    assert settings["programmes"] == {
        PROGRAMME: {
            "name": content.programmes[PROGRAMME].name,
            "planned_by": "student",
            "observers": [
                {"id": r, "name": role[r].name, "abbreviation": role[r].abbreviation} for r in ("wpb", "so", "io")
            ],
            "forms": [{"id": f, "title": content.forms[f].title} for f in KIJKWIJZERS],
            "reports": [{"id": "driehoeksgesprek", "title": "Verslag driehoeksgesprek"}],
        }
    }
    assert set(settings["roles"]) == set(content.roles)


def test_the_lesson_visits_of_the_wpb_count_only_the_wpbs_entries(built_site, content):
    [requirement] = [r for r in content.programmes[PROGRAMME].requirements if r.role]
    assert (requirement.id, requirement.role) == ("lesbezoeken-wpb", "wpb")
    for page in (f"planning/{PROGRAMME}/index.html", "index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        [tag] = re.findall(rf'<li data-requirement="{requirement.id}"[^>]*>', html)
        assert 'data-author-role="wpb"' in tag and 'data-req-roles="student wpb"' in tag, page
        assert html.count("data-author-role=") == 1, page
