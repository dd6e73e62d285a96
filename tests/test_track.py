"""Tracks as content (issue 10, katern 'Van werkplekbegeleider naar werkplekopleider'): the default track
follows the seed, its page shows every part with its source and links to its forms and back, the reflection
form fills in and reads back in Chromium, bad tracks fail with file and field, and a partnership without
tracks builds without the page or links to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkplek.pipeline import build, load

from .helpers import CONTENT, FIXTURES, edit, fill_every_item, open_page, problems_of, read_every_item, ready, saved

TRACK = "werkplekopleider"
TRACK_FORMS = ["zelfscan-werkplekopleider", "feedback-wpb-van-student", "feedback-wpb-van-so", "reflectie-bijeenkomst"]
SOURCE = "Van werkplekbegeleider naar werkplekopleider"


@pytest.fixture(scope="module")
def track():
    return load(CONTENT).tracks[TRACK]


@pytest.fixture(scope="module")
def track_html(built_site) -> str:
    return (built_site / "ontwikkeling" / TRACK / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_default_track_follows_the_seed(track):
    assert track.source == "katern-werkplekopleider"
    assert load(CONTENT).documents[track.source].title == SOURCE
    roles = track.roles.items
    assert [r.id for r in roles] == [
        "poortwachter",
        "bruggenbouwer",
        "onderzoeker",
        "curriculumbouwer",
        "begeleider",
        "leraar-van-leraren",
    ]
    # Onderzoeker and curriculumbouwer usually lie outside the WPB's job (§ 2.1); the other four are in it.
    assert [r.id for r in roles if not r.applies] == ["onderzoeker", "curriculumbouwer"]
    areas = track.areas.items
    assert [a.name for a in areas] == [
        "Agogisch bekwaam",
        "Organisatorisch en beleidsmatig bekwaam",
        "Opleidingsdidactisch bekwaam",
        "Ontwikkelingsbekwaam",
    ]
    assert [len(a.competences) for a in areas] == [6, 4, 9, 4]  # § 2.3
    cycle = track.cycle
    assert (cycle.meeting_count, cycle.months, cycle.meeting_hours) == (6, 6, 3)
    assert [p.name for p in cycle.phases] == [
        "Leervragen oproepen",
        "Onderzoekende dialoog: verkennen en verdiepen",
        "Samen ontwerpen",
        "Toepassen en ervaren in de eigen praktijk",
        "Reflecteren",
    ]
    assert len(cycle.meeting_structure) == 4
    assert len(track.recommendations.items) == 10
    assert track.forms == TRACK_FORMS


def test_default_werkvormen_have_the_seeds_steps_and_minutes(track):
    werkvormen = {w.id: w for w in track.werkvormen.items}
    assert len(werkvormen) == 6
    timing = {
        w_id: ((w.minutes, w.minutes_up_to), [(s.minutes, s.minutes_up_to) for s in w.steps])
        for w_id, w in werkvormen.items()
    }
    assert timing == {
        "kalibreren-bekwaamheden": ((60, None), [(15, None), (30, None), (15, None)]),
        "kalibreren-leeruitkomsten": ((60, None), []),  # the steps of werkvorm 1
        "waarderen-begeleiding": ((30, 60), [(None, None)] * 3),  # '30 tot 60 min.', steps without times
        "dialoog-identiteit": ((60, None), [(15, None), (30, None), (15, None)]),
        "dialoog-eigen-deelnemers": ((None, None), []),  # the seed gives neither steps nor minutes
        "interventies": ((60, None), [(5, 10), (15, None), (10, None), (25, None)]),  # 55-60 min. in steps
    }
    assert werkvormen["kalibreren-leeruitkomsten"].steps_from == "kalibreren-bekwaamheden"
    assert "Radboud Docenten Academie" in werkvormen["waarderen-begeleiding"].credit


def test_reflection_form_has_one_entry_per_meeting(track):
    form = load(CONTENT).forms["reflectie-bijeenkomst"]
    meeting, date, name = form.metadata
    assert (meeting.kind, meeting.options, meeting.required) == ("choice", ["1", "2", "3", "4", "5", "6"], True)
    assert (date.kind, name.kind) == ("date", "text")
    questions = [item for section in form.sections for item in section.items]
    assert [(q.kind, q.size) for q in questions] == [("text", "long")] * 4
    assert questions[0].text.startswith("Welk onderdeel van de bijeenkomst heeft je aan het denken gezet")
    assert form.source == "katern-werkplekopleider" and form.filled_by == ["wpb"]


def test_track_page_renders_every_part_with_its_source(track, track_html):
    text = text_of(track_html)
    assert "<h1>Van werkplekbegeleider naar werkplekopleider</h1>" in track_html
    for role in track.roles.items:
        assert role.name in text
    assert track_html.count("data-track-area") == 4
    for area in track.areas.items:
        for competence in area.competences:
            assert competence.replace("'", "&#39;") in track_html
    assert "6 bijeenkomsten in 6 maanden , elk 3 uur" in text
    assert len(re.findall(r'<li id="fase--', track_html)) == 5
    werkvormen = re.findall(r'<section class="card" data-werkvorm="([a-z-]+)"', track_html)
    assert werkvormen == [w.id for w in track.werkvormen.items]
    assert track_html.count("data-step>") == 3 + 3 + 3 + 4
    # every werkvorm has an anchor the table of contents links to
    for w in track.werkvormen.items:
        assert f'href="#werkvorm--{w.id}"' in track_html and f'id="werkvorm--{w.id}"' in track_html
    ids = re.findall(r'\sid="([^"]+)"', track_html)
    assert len(ids) == len(set(ids))  # also apart from base.html's own (id="inhoud" is the main element)
    assert "Bovenstaande" not in text and "De stappen zijn die van" in text
    # werkvorm 6: the steps (5-10 + 15 + 10 + 25) and the stated 60 minutes are both shown
    assert "De stappen duren samen 55–60 min.; de bron noemt 60 min. voor de hele werkvorm." in text
    assert track_html.count("data-minutes-steps") == 1
    # every part names its source document
    for part in ("hoofdstuk 2.1", "hoofdstuk 2.2", "hoofdstuk 3.3", "bijlage 3", "hoofdstuk 5"):
        assert re.search(
            rf'Bron: <a href="../../bronnen/#bron--katern-werkplekopleider">Katern werkplekopleider</a>, {part}',
            track_html,
        ), part
    assert track_html.count("<li>", track_html.index("data-recommendations")) >= 10


def test_track_links_to_its_forms_and_they_link_back(built_site, track_html):
    for form_id in TRACK_FORMS:
        assert f'href="../../formulieren/{form_id}/"' in track_html, form_id
        form_html = (built_site / "formulieren" / form_id / "index.html").read_text(encoding="utf-8")
        assert re.search(r'Hoort bij: <a href="../../ontwikkeling/werkplekopleider/">Van werkplekbegeleider', form_html)
    other = (built_site / "formulieren" / "kijkwijzer-pedagogiek" / "index.html").read_text(encoding="utf-8")
    assert "Hoort bij" not in other and "ontwikkeling/" not in other
    home = (built_site / "index.html").read_text(encoding="utf-8")
    section = home[home.index('id="verder"') :]
    assert '<a href="ontwikkeling/werkplekopleider/">Van werkplekbegeleider naar werkplekopleider</a>' in section


def test_reflection_form_fills_in_and_reads_back(context, site_url):
    page = context.new_page()
    open_page(page, site_url + "formulieren/reflectie-bijeenkomst/")
    expected = fill_every_item(page)
    assert set(expected) == {
        "bijeenkomst",
        "datum",
        "naam",
        "aan-het-denken",
        "opgedaan",
        "praktijk",
        "inzichten-praktijk",
    }
    assert expected["bijeenkomst"] == "1"
    page.get_by_label("3", exact=True).check()  # the third meeting
    expected["bijeenkomst"] = "3"
    saved(page)
    page.reload()
    ready(page)
    assert read_every_item(page) == expected
    # A second meeting is a new entry, not an overwrite of this one.
    first = page.url
    page.get_by_role("link", name="Nieuwe invulling").click()
    ready(page)
    assert page.url != first and read_every_item(page)["aan-het-denken"] == ""


def _track_file(content_dir: Path) -> Path:
    return content_dir / "tracks" / f"{TRACK}.yml"


def test_bad_track_fails_with_file_and_field(content_copy):
    path = _track_file(content_copy)

    def spoil(data):
        data["forms"].append("bestaat-niet")
        werkvormen = data["werkvormen"]["items"]
        werkvormen[0]["steps"][1]["minutes"] = 20  # 15 + 20 + 15 = 50, stated 60
        werkvormen[1]["steps_from"] = "onbekend"
        werkvormen[5]["minutes_up_to"] = 50  # a margin that runs downwards
        werkvormen[3]["id"] = "interventies"
        data["audience"].append("rector")
        data["cycle"]["meeting_count"] = 0

    edit(path, spoil)
    problems = problems_of(content_copy)
    name = f"{content_copy}/tracks/{TRACK}.yml"
    assert problems == [
        f"{name}: cycle.meeting_count: moet minstens 1 zijn (gevonden: 0)",
    ]  # a model error stops the file; cross-checks follow once it loads
    edit(path, lambda data: data["cycle"].update(meeting_count=6))
    problems = problems_of(content_copy)
    assert problems == [
        f"{name}: forms[4]: onbekend formulier 'bestaat-niet' (geen content/forms/bestaat-niet.yml)",
        f"{name}: audience[3]: onbekende rol 'rector' (geen content/roles/rector.yml)",
        f"{name}: werkvormen.items[5].id: dubbele id 'interventies' (ook bij werkvormen.items[3])",
        f"{name}: werkvormen.items[0].minutes: de stappen duren samen 50 minuten, de werkvorm 60 minuten; maak ze gelijk",
        f"{name}: werkvormen.items[1].steps_from: 'onbekend' is geen andere werkvorm met eigen stappen in deze lijst",
        f"{name}: werkvormen.items[5].minutes_up_to: een marge heeft een ondergrens in minutes en een grotere "
        "bovengrens in minutes_up_to",
    ]


def test_unknown_track_field_and_reserved_path(content_copy):
    edit(_track_file(content_copy), lambda data: data["werkvormen"]["items"][0]["steps"][0].update(minuten=15))
    page = content_copy / "pages" / "ontwikkeling.yml"
    page.write_text((content_copy / "pages" / "toegankelijkheid.yml").read_text(encoding="utf-8"), encoding="utf-8")
    problems = problems_of(content_copy)
    assert sorted(problems) == [
        f"{page}: de naam 'ontwikkeling' is al in gebruik door de app; kies een andere bestandsnaam",
        f"{content_copy}/tracks/{TRACK}.yml: werkvormen.items[0].steps[0].minuten: onbekend veld (typefout in de naam?)",
    ]


def test_a_partnership_without_tracks_has_no_track_page_or_links(tmp_path):
    out = tmp_path / "build"
    build(FIXTURES / "partnership", out)
    assert not (out / "ontwikkeling").exists()
    for html in out.rglob("*.html"):
        assert "ontwikkeling/" not in html.read_text(encoding="utf-8"), html


def test_search_finds_a_werkvorm_and_lands_on_its_section(page, site_url):
    from .helpers import result_for, search

    open_page(page, site_url + "zoeken/")
    search(page, "brieven")  # a step of werkvorm 4 ('Brieven beantwoorden')
    url = "ontwikkeling/werkplekopleider/#werkvorm--dialoog-identiteit"
    found = result_for(page, url)
    found.wait_for()
    assert found.locator(".result-kind").inner_text() == "Werkvorm · Van werkplekbegeleider naar werkplekopleider"
    found.get_by_role("link").click()
    ready(page)
    assert page.url.endswith(url)
    assert page.locator("#werkvorm--dialoog-identiteit").is_visible()
