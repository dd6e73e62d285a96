"""Forms, radars and programme requirements as content: the default forms are complete and follow the
seeds; bad forms are refused with the file, the field and a Dutch message, every problem at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkplek.pipeline import build, load

from .helpers import CONTENT, edit, problems_of

KIJKWIJZERS = ["kijkwijzer-pedagogiek", "kijkwijzer-didactiek", "kijkwijzer-vakdidactiek"]
WPB_FORMS = ["zelfscan-werkplekopleider", "feedback-wpb-van-student", "feedback-wpb-van-so"]
AREAS = [
    "agogisch",
    "organisatorisch",
    "opleidingsdidactisch-poortwachter",
    "opleidingsdidactisch-leraar-van-leraren",
    "ontwikkelingsbekwaam",
]
PROGRAMME = "hr-n2-2025-2026"


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


def scale_items_per_section(form) -> dict[str, int]:
    return {
        s.id: sum(item.kind == "scale" for item in s.items)
        for s in form.sections
        if any(item.kind == "scale" for item in s.items)
    }


def all_items(form):
    return [*form.metadata, *(item for section in form.sections for item in section.items)]


def test_default_forms_and_radar_load(content):
    assert set(content.forms) == {
        *KIJKWIJZERS,
        *WPB_FORMS,
        "adviesformulier-wpb",
        "startgesprek",
        "kwaliteitsscan-leerwerkplek",
        "schoolportret",
        "reflectie-bijeenkomst",
        "kennismakingsgesprek",
        "driehoeksgesprek",
        "eindgesprek",
        "reflectie-lesbezoek",
    }
    assert set(content.radars) == {"werkplekopleider"}
    for form_id, form in content.forms.items():
        ids = [item.id for item in all_items(form)]
        assert len(ids) == len(set(ids)), form_id
        for item in all_items(form):
            if item.kind == "scale":
                assert item.scale in form.scales, (form_id, item.id)
        assert set(form.filled_by) <= set(content.roles), form_id
        assert form.about is None or form.about in content.roles, form_id  # a scan or portrait is about no one
        assert set(form.domains) <= set(content.domains), form_id


def test_every_form_file_starts_with_its_schema():
    for kind in ("forms", "radars", "schools"):
        for path in (CONTENT / kind).glob("*.yml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schema/{kind.rstrip('s')}.json", path


def test_zelfscan_has_every_statement_of_the_seed(content):
    zelfscan = content.forms["zelfscan-werkplekopleider"]
    assert zelfscan.filled_by == ["wpb"] and zelfscan.about == "wpb"
    # seed 002, bijlage 1: the second "Organisatorische bekwaamheden" heading is the poortwachter area
    assert scale_items_per_section(zelfscan) == dict(zip(AREAS, [5, 3, 2, 5, 4], strict=True))
    [scale] = zelfscan.scales.values()
    assert len(scale.labels) == 7 and not scale.na
    assert all(item.required for s in zelfscan.sections for item in s.items if item.kind == "scale")
    texts = [item.text for s in zelfscan.sections for item in s.items]
    assert texts[0].startswith("Ik ben in staat een goede professionele relatie op te bouwen")
    assert any(
        t.startswith("Ik kan het niveau van de student signaleren")
        for t in (i.text for i in zelfscan.sections[2].items)
    )


def test_feedback_from_the_schoolopleider_mirrors_the_zelfscan(content):
    zelfscan, so = content.forms["zelfscan-werkplekopleider"], content.forms["feedback-wpb-van-so"]
    assert so.filled_by == ["so"] and so.about == "wpb"
    assert scale_items_per_section(so) == dict(zip(AREAS, [5, 3, 2, 5, 4], strict=True))
    for area in AREAS:
        mine = next(s for s in zelfscan.sections if s.id == area)
        theirs = next(s for s in so.sections if s.id == area)
        assert [i.id for i in mine.items] == [i.id for i in theirs.items], area
        assert all(i.text.startswith("De wpb ") for i in theirs.items)
    assert [len(s.labels) for s in so.scales.values()] == [7]


def test_feedback_from_the_student_has_sub_statements_and_feedforward(content):
    form = content.forms["feedback-wpb-van-student"]
    assert form.filled_by == ["student"] and form.about == "wpb"
    # seed 002, bijlage 2, first form: 4 statements on bruggenbouwer, 3 on poortwachter ("De wpb geeft duidelijk
    # aan of ik het gewenste niveau heb bereikt" is a statement of its own), 2 on ontwikkelingsbekwaam
    assert scale_items_per_section(form) == dict(zip(AREAS, [5, 4, 3, 5, 2], strict=True))
    assert [s.id for s in form.sections] == AREAS
    for section in form.sections:
        last = section.items[-1]
        assert last.kind == "text" and last.size == "long", section.id
        assert last.text == "Welke feedforward heb je op dit gebied voor je werkplekbegeleider?"
    agogisch = form.sections[0].items
    assert [len(i.examples) for i in agogisch if i.kind == "scale"] == [2, 2, 2, 3, 2]
    assert "De relatie is gelijkwaardig." in agogisch[0].examples
    assert [len(s.labels) for s in form.scales.values()] == [7]


@pytest.mark.parametrize("form_id", KIJKWIJZERS)
def test_kijkwijzers_observe_the_student_and_end_with_tops_tips_feedforward(content, form_id):
    form = content.forms[form_id]
    assert "wpb" in form.filled_by and form.about == "student"
    assert form.notice and "startpunt" in form.notice
    assert form.source == "handleiding-wpb-n2" and "werkplekbegeleider" in content.documents[form.source].title
    [scale] = form.scales.values()
    assert len(scale.labels) == 4 and scale.na
    meta = {item.id: item.kind for item in form.metadata}
    assert {"student", "school", "klas", "vak", "datum", "observator"} <= set(meta)
    assert meta["datum"] == "date"
    *observed, closing = form.sections
    assert 3 <= len(observed) <= 5
    for section in observed:
        assert 3 <= len(section.items) <= 6 and all(i.kind == "scale" for i in section.items), section.id
    assert [(i.id, i.kind, i.size) for i in closing.items] == [
        ("tops", "text", "long"),
        ("tips", "text", "long"),
        ("feedforward", "text", "long"),
    ]


def test_advice_and_start_forms(content):
    advies, start = content.forms["adviesformulier-wpb"], content.forms["startgesprek"]
    assert advies.filled_by == ["wpb"] and advies.about == "student"
    assert start.filled_by == ["wpb", "student"] and start.about == "student"
    for form in (advies, start):
        assert any(item.kind == "date" for item in form.metadata)


def test_radar_lays_three_series_over_five_axes(content):
    radar = content.radars["werkplekopleider"]
    assert [s.form for s in radar.series] == WPB_FORMS
    assert len(radar.axes) == 5
    for axis, area in zip(radar.axes, AREAS, strict=True):
        assert axis.sections == {form_id: area for form_id in WPB_FORMS}


def test_programme_tasks_lead_to_forms_and_requirements_follow_the_seeds(content):
    programme = content.programmes[PROGRAMME]
    tasks = {(p.id, t.id): t for p in programme.periods for t in p.tasks}
    for period in ("p1", "p2", "p3"):
        assert tasks[(period, "kijkwijzer-invullen")].forms == KIJKWIJZERS
    # The startgesprek form is Noord-Holland's (document 004); the HR handbook's kennismakingsgesprek has the
    # student's own report, not the WPB's form.
    assert tasks[("p1", "kennismakingsgesprek-plannen")].forms == []
    assert tasks[("p1", "kennismakingsgesprek-voeren")].forms == ["kennismakingsgesprek"]
    # The handbook has no form for the WPB's input (P2) or advice (P4); the adviesformulier is Noord-Holland's.
    assert tasks[("p4", "advies-eindbeoordeling")].forms == []
    requirements = {r.id: r for r in programme.requirements}
    assert [(r.forms, r.count, r.per, r.from_period, r.by_period) for r in requirements.values()] == [
        (KIJKWIJZERS, 1, "each", None, "p3"),
        (KIJKWIJZERS, 2, "total", None, "p4"),
    ]


# -- bad content -------------------------------------------------------------------------------


def test_every_form_problem_is_reported_at_once(content_copy: Path):
    forms, radar = content_copy / "forms", content_copy / "radars" / "werkplekopleider.yml"
    programme = content_copy / "programmes" / f"{PROGRAMME}.yml"

    def bad_pedagogiek(d):
        d["sections"][0]["items"][1]["kind"] = "slider"
        del d["scales"]["kijkwijzer"]["labels"]

    def bad_didactiek(d):
        d["sections"][1]["items"][0]["scale"] = "vijfpunt"
        d["sections"][2]["items"][0]["id"] = d["metadata"][0]["id"]

    def bad_programme(d):
        task = next(t for t in d["periods"][0]["tasks"] if t["id"] == "kijkwijzer-invullen")
        task["forms"] = ["kijkwijzer-pedagogiek", "kijkwijzer-rekenen"]
        d["requirements"][0]["by_period"] = "p5"

    edit(forms / "kijkwijzer-pedagogiek.yml", bad_pedagogiek)
    edit(forms / "kijkwijzer-didactiek.yml", bad_didactiek)
    edit(radar, lambda d: d["axes"][2]["sections"].update({"feedback-wpb-van-so": "poortwachter"}))
    edit(programme, bad_programme)
    task_index = next(
        i for i, t in enumerate(load(CONTENT).programmes[PROGRAMME].periods[0].tasks) if t.id == "kijkwijzer-invullen"
    )

    problems = problems_of(content_copy)
    pedagogiek, didactiek = forms / "kijkwijzer-pedagogiek.yml", forms / "kijkwijzer-didactiek.yml"
    so_sections = ", ".join(AREAS)
    assert problems == [
        f"{didactiek}: sections[2].items[0].id: dubbele id 'student' (ook bij metadata[0])",
        f"{didactiek}: sections[1].items[0].scale: onbekende schaal 'vijfpunt' (schalen in dit formulier: kijkwijzer)",
        f"{pedagogiek}: scales.kijkwijzer.labels: verplicht veld ontbreekt",
        f"{pedagogiek}: sections[0].items[1]: onbekende soort 'slider'; kies uit scale, check, choice, text, date",
        f"{programme}: periods[0].tasks[{task_index}].forms[1]: onbekend formulier 'kijkwijzer-rekenen' "
        "(geen content/forms/kijkwijzer-rekenen.yml)",
        f"{programme}: requirements[0].by_period: onbekende periode 'p5' (perioden in dit programma: p1, p2, p3, p4)",
        f"{radar}: axes[2].sections.feedback-wpb-van-so: formulier 'feedback-wpb-van-so' heeft geen sectie "
        f"'poortwachter' (wel: {so_sections})",
    ]


def test_field_inside_an_item_is_named_as_written(content_copy):
    """Pydantic puts the item kind into the location (items[0].scale.scale); the message does not."""
    path = content_copy / "forms" / "zelfscan-werkplekopleider.yml"

    def change(d):
        del d["sections"][0]["items"][0]["scale"]
        d["sections"][0]["items"][1]["text"] = ""
        d["sections"][5]["items"][1]["size"] = "medium"
        d["sections"][5]["items"][0]["options"] = ["alleen deze"]
        del d["sections"][0]["items"][2]["kind"]

    edit(path, change)
    assert problems_of(content_copy) == [
        f"{path}: sections[0].items[0].scale: verplicht veld ontbreekt",
        f"{path}: sections[0].items[1].text: mag niet leeg zijn (gevonden: '')",
        f"{path}: sections[0].items[2]: verplicht veld kind ontbreekt: geef de soort op, bijvoorbeeld kind: text",
        f"{path}: sections[5].items[0].options: moet minstens 2 elementen bevatten",
        f"{path}: sections[5].items[1].size: moet een van deze waarden zijn: 'short' of 'long' (gevonden: 'medium')",
    ]


def test_metadata_takes_only_text_date_and_choice(content_copy):
    path = content_copy / "forms" / "startgesprek.yml"
    edit(path, lambda d: d["metadata"][0].update(kind="scale", scale="x"))
    assert problems_of(content_copy) == [
        f"{path}: metadata[0]: soort 'scale' kan hier niet; kies uit text, date, choice",
    ]


def test_form_references_roles_domains_and_a_scale_with_enough_labels(content_copy):
    path = content_copy / "forms" / "adviesformulier-wpb.yml"

    def change(d):
        d["filled_by"] = ["wpb", "conciërge"]
        d["about"] = "leerling"
        d["domains"] = ["sport"]
        d["scales"]["voortgang"]["labels"] = ["goed"]

    edit(path, change)
    problems = problems_of(content_copy)
    assert problems == [
        f"{path}: filled_by[1]: alleen kleine letters, cijfers en koppeltekens (bijvoorbeeld 'periode-1') "
        "(gevonden: 'conciërge')",
        f"{path}: scales.voortgang.labels: moet minstens 2 elementen bevatten",
    ]
    edit(
        path,
        lambda d: (
            d.update(filled_by=["wpb", "concierge"])
            or d["scales"]["voortgang"].update(labels=["zorgelijk", "op koers"])
        ),
    )
    assert problems_of(content_copy) == [
        f"{path}: filled_by[1]: onbekende rol 'concierge' (geen content/roles/concierge.yml)",
        f"{path}: about: onbekende rol 'leerling' (geen content/roles/leerling.yml)",
        f"{path}: domains[0]: onbekend begeleidingsdomein 'sport' (geen content/domains/sport.yml)",
    ]


def test_share_with_names_a_known_role_or_false(content_copy):
    path = content_copy / "forms" / "adviesformulier-wpb.yml"
    edit(path, lambda d: d.update(share_with="directeur"))
    assert problems_of(content_copy) == [
        f"{path}: share_with: onbekende rol 'directeur' (geen content/roles/directeur.yml)",
    ]
    edit(path, lambda d: d.update(share_with=False))
    assert load(content_copy).forms["adviesformulier-wpb"].share_with is False


def share_heading(site: Path, form_id: str) -> str:
    html = (site / "formulieren" / form_id / "index.html").read_text(encoding="utf-8")
    return re.search(r'<h2 id="delen">([^<]*)</h2>', html).group(1)


def test_the_share_heading_names_the_usual_recipient_from_content(built_site, content):
    """From the sources: the WPB's advice goes to the SO, feedback to whom it is about, a kijkwijzer to the
    student; a zelfscan or reflection is the WPB's own."""
    assert share_heading(built_site, "adviesformulier-wpb") == "Deel met de schoolopleider"
    assert share_heading(built_site, "feedback-wpb-van-student") == "Deel met de werkplekbegeleider"
    assert share_heading(built_site, "kijkwijzer-pedagogiek") == "Deel met de student"
    assert share_heading(built_site, "zelfscan-werkplekopleider") == "Deel of bewaar deze invulling"
    assert share_heading(built_site, "reflectie-bijeenkomst") == "Deel of bewaar deze invulling"
    roles = {role_id: role.name for role_id, role in content.roles.items()}
    for form_id, form in content.forms.items():
        heading = share_heading(built_site, form_id)
        if isinstance(form.share_with, str):
            assert heading == f"Deel met de {roles[form.share_with][:1].lower()}{roles[form.share_with][1:]}"
        elif form.share_with is False:
            assert heading == "Deel of bewaar deze invulling"


def test_without_share_with_the_form_is_shared_with_whom_it_is_about_unless_they_fill_it_in(content_copy, tmp_path):
    for path in (content_copy / "forms").glob("*.yml"):
        edit(path, lambda d: d.pop("share_with", None))
    out = tmp_path / "build"
    build(content_copy, out)
    assert share_heading(out, "kijkwijzer-didactiek") == "Deel met de student"  # filled by WPB or SO
    assert share_heading(out, "feedback-wpb-van-so") == "Deel met de werkplekbegeleider"
    assert share_heading(out, "adviesformulier-wpb") == "Deel met de student"  # why content says so
    assert share_heading(out, "zelfscan-werkplekopleider") == "Deel of bewaar deze invulling"  # only the WPB
    assert share_heading(out, "startgesprek") == "Deel deze invulling"  # the student fills it in too
    assert share_heading(out, "schoolportret") == "Deel deze invulling"  # about no one


def test_duplicate_sections_and_options(content_copy):
    path = content_copy / "forms" / "startgesprek.yml"

    def change(d):
        d["sections"][1]["id"] = d["sections"][0]["id"]
        options = d["sections"][1]["items"][2]["options"]
        options.append(options[0])

    edit(path, change)
    assert problems_of(content_copy) == [
        f"{path}: sections[1].id: dubbele id 'kennismaking' (ook bij sections[0])",
        f"{path}: sections[1].items[2].options[5]: dubbele keuze 'mondeling, kort na de les'",
    ]


def test_radar_rules(content_copy):
    radar = content_copy / "radars" / "werkplekopleider.yml"
    zelfscan = content_copy / "forms" / "zelfscan-werkplekopleider.yml"

    def change(d):
        d["series"].append({"form": "feedback-wpb-van-io", "label": "IO"})
        d["axes"][1]["id"] = d["axes"][0]["id"]
        del d["axes"][3]["sections"]["feedback-wpb-van-student"]
        d["axes"][4]["sections"]["startgesprek"] = "planning"

    edit(radar, change)
    edit(zelfscan, lambda d: d["scales"]["likert"].update(labels=["oneens", "neutraal", "eens"]))
    problems = problems_of(content_copy)
    assert problems == [
        f"{radar}: series[3].form: onbekend formulier 'feedback-wpb-van-io' (geen content/forms/feedback-wpb-van-io.yml)",
        f"{radar}: axes[1].id: dubbele id 'agogisch' (ook bij axes[0])",
        *(
            f"{radar}: axes[{i}].sections: geen sectie voor formulier 'feedback-wpb-van-io' (dat staat in series)"
            for i in range(3)
        ),
        f"{radar}: axes[3].sections: geen sectie voor formulier 'feedback-wpb-van-student' (dat staat in series)",
        f"{radar}: axes[3].sections: geen sectie voor formulier 'feedback-wpb-van-io' (dat staat in series)",
        f"{radar}: axes[4].sections: geen sectie voor formulier 'feedback-wpb-van-io' (dat staat in series)",
        f"{radar}: axes[4].sections.startgesprek: het formulier 'startgesprek' staat niet in series van deze radar",
        f"{radar}: series: alle schalen in één radar moeten evenveel punten hebben "
        "(zelfscan-werkplekopleider: likert heeft 3 punten; feedback-wpb-van-student: likert heeft 7 punten)",
    ]


def test_radar_axis_needs_scale_items_and_at_least_three_axes(content_copy):
    radar = content_copy / "radars" / "werkplekopleider.yml"
    edit(radar, lambda d: d["axes"][0]["sections"].update({"zelfscan-werkplekopleider": "vervolg"}))
    assert problems_of(content_copy) == [
        f"{radar}: axes[0].sections.zelfscan-werkplekopleider: sectie 'vervolg' van formulier "
        "'zelfscan-werkplekopleider' heeft geen schaalvragen; een as heeft die nodig",
    ]
    edit(radar, lambda d: d.update(axes=d["axes"][1:3]))
    assert problems_of(content_copy) == [f"{radar}: axes: moet minstens 3 elementen bevatten"]


def test_requirement_rules(content_copy):
    programme = content_copy / "programmes" / f"{PROGRAMME}.yml"

    def change(d):
        d["requirements"][1]["id"] = d["requirements"][0]["id"]
        rule = {"text": "Een regel", "forms": ["kijkwijzer-didactiek"], "by_period": "p4"}
        d["requirements"].append({**rule, "id": "regel-1", "from_period": "p2", "by_period": "p1", "count": 0})
        d["requirements"].append({**rule, "id": "regel-2", "forms": ["kijkwijzer-didactiek"] * 2, "per": "samen"})

    edit(programme, change)
    assert problems_of(content_copy) == [
        f"{programme}: requirements[2].count: moet minstens 1 zijn (gevonden: 0)",
        f"{programme}: requirements[3].per: moet een van deze waarden zijn: 'each' of 'total' (gevonden: 'samen')",
    ]
    edit(programme, lambda d: d["requirements"][2].update(count=2) or d["requirements"][3].update(per="each"))
    assert problems_of(content_copy) == [
        f"{programme}: requirements[1].id: dubbele id 'kijkwijzers-p3' (ook bij requirements[0])",
        f"{programme}: requirements[2].from_period: de periode 'p2' komt na 'p1'; de termijn begint vóór hij eindigt",
        f"{programme}: requirements[3].forms[1]: het formulier 'kijkwijzer-didactiek' staat er al",
    ]
