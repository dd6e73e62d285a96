"""Sources, visible: every role item, period task, form, hour table, track and school portrait names its
source document (content/documents/), the pages show it, and a period task that is our reading of the
source, or the school's own agreement, says so."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest
from werkplek.pipeline import build, load
from werkplek.store import Store

from .helpers import CONTENT, edit, open_page, problems_of, ready, wait_until_stored

HR = "handleiding-wpb-n2"
NH = "rolbeschrijvingen-noord-holland"
AOS3R = "aos3r-werkplekleren"
KATERN = "katern-werkplekopleider"
LEIDRAAD = "leidraad-leerwerkplek"
HANDBOOK = Path(__file__).parent / "fixtures" / "sources" / "handleiding-wpb-n2.txt"
# The student's own steps the handbook names per period ("De student plant een lesbezoek …", "De student werkt
# aan de eindconclusie", "De student zal u vragen …", "Hierin toont de student aan …"): the only period tasks of
# a role other than the WPB that are the source's, not our reading of the WPB's timeline.
STUDENT_STEPS_IN_THE_HANDBOOK = {
    ("p1", "lesbezoek-plannen"),
    ("p1", "kijkwijzer-aanvragen"),
    ("p2", "lesbezoek-plannen"),
    ("p3", "lesbezoek-plannen"),
    ("p4", "lesbezoek-plannen"),
    ("p4", "eindconclusie"),
    ("p4", "leeruitkomsten-aantonen"),
}


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


@pytest.fixture(scope="module")
def store(content):
    return Store(content)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_item_of_the_default_content_names_a_source_document(content, store):
    """Nothing in the app is without its document: the five seeds, each a document."""
    assert len(content.documents) == 5
    for role in store.roles():
        for item in role["tasks"] + role["competences"]:
            assert item["source"] in content.documents, (role["id"], item["id"])
    for task in store.period_tasks():
        assert task["source"] in content.documents, task["id"]
    named = [
        *content.forms.values(),
        *content.hours.values(),
        *content.tracks.values(),
        *content.schools.values(),
        *content.domains.values(),
    ]
    assert all(thing.source in content.documents for thing in named)
    # Every document is used by something; the leidraad gives the 20 domains and the quality scan.
    for doc in store.documents():
        assert any(store.document_uses(doc["id"]).values()), doc["id"]
    leidraad = store.document_uses("leidraad-leerwerkplek")
    assert len(leidraad["domains"]) == 20 and [f["id"] for f in leidraad["forms"]] == ["kwaliteitsscan-leerwerkplek"]


def test_the_hr_handbook_and_the_noord_holland_roles_are_kept_apart(content, store):
    """The WPB combines two documents of two partnerships; each duty keeps its own."""
    wpb = {item["id"]: item["source"] for item in store.role("wpb")["tasks"]}
    assert wpb["adviesformulier"] == NH  # the iPabo duty: twice a semester the adviesformulier
    assert wpb["lesbezoeken"] == HR and wpb["dagelijkse-begeleiding"] == HR
    assert {store.role(r)["source"] for r in ("wpb", "so", "io")} == {NH}
    assert store.role("student")["source"] == HR
    assert content.forms["adviesformulier-wpb"].source == NH


def test_role_page_groups_duties_per_source(built_site):
    html = read(built_site, "rollen/wpb")
    tasks = html[html.index('<h2 id="taken">') : html.index('<h2 id="bekwaamheden">')]
    headings = re.findall(
        r'<h3 id="taken--([a-z0-9-]+)">Volgens <a href="../../bronnen/#bron--\1">([^<]+)</a></h3>', tasks
    )
    assert headings == [(HR, "Handleiding WPB N2 (HR)"), (NH, "Rolbeschrijvingen Noord-Holland (iPabo)")]
    hr_part, nh_part = tasks.split("<h3 ")[1:]
    assert "Vult twee keer per semester het adviesformulier in." in nh_part
    assert "adviesformulier" not in hr_part
    assert "Legt minimaal twee lesbezoeken af" in hr_part
    assert "Deze taken komen uit 2 documenten" in tasks
    # A role from one document gets one list and one source line.
    leader = read(built_site, "rollen/schoolleider")
    assert leader.count("data-checklist") == 1 + leader.count('class="period-block"')
    assert f'Bron: <a href="../../bronnen/#bron--{NH}">Rolbeschrijvingen Noord-Holland (iPabo)</a>' in leader
    # The student's duties come from the HR handbook and, who takes the initiative for what, from AOS3R (001).
    student = read(built_site, "rollen/student")
    own = student[student.index('<h2 id="taken">') :]
    assert re.findall(r'<h3 id="taken--([a-z0-9-]+)">', own)[:2] == [HR, AOS3R]


def test_worked_out_tasks_say_what_the_source_says(content, built_site):
    """The handbook's timeline is the WPB's: a period task of another role is our reading of it and says so,
    apart from the student's own steps the handbook names. Each says what the source does say."""
    programme = content.programmes["hr-n2-2025-2026"]
    tasks = [(p.id, t) for p in programme.periods for t in p.tasks]
    for period_id, task in tasks:
        derived = task.role != "wpb" and (period_id, task.id) not in STUDENT_STEPS_IN_THE_HANDBOOK
        if derived:
            assert task.basis == "uitwerking" and task.basis_note, (period_id, task.id)
            assert "onze lezing" in task.basis_note or task.role == "wpb", (period_id, task.id)
    worked_out = [t for _, t in tasks if t.basis == "uitwerking"]
    by_role = {role: sum(1 for t in worked_out if t.role == role) for role in ("wpb", "so", "io", "student")}
    assert by_role == {"wpb": 2, "so": 5, "io": 6, "student": 6}
    # Only this programme's part of the pages: another programme has its own tasks and notes.
    planning = read(built_site, "planning/hr-n2-2025-2026")  # the programme's own planning page
    assert planning.count('<p class="basis"><strong>Uitgewerkt uit de bron.</strong>') == len(worked_out) == 19
    assert "Afspraak van de school" not in planning
    text = text_of(planning)
    assert "Wie dit lesbezoek aflegt, de WPB of de SO, spreken jullie samen af." in text
    assert "Dat het formele lesbezoek van de SO in periode 2 of 3 valt, is onze lezing" in text
    assert "Bron: Handleiding WPB N2 (HR) . Een taak die er niet letterlijk zo in staat, zegt dat erbij." in text
    # The source's own "WPB of SO" stays in the task, where the source says it.
    assert text.count("Lesbezoek en driehoeksgesprek (WPB of SO)") == 2
    # A period summary states no more than its tasks: the SO's formal visit in P2 is our reading, so the
    # summary of P2 does not give it as fact.
    p2 = next(p for p in programme.periods if p.id == "p2")
    assert "formele lesbezoek" not in p2.summary and "periode 2 of 3" in p2.summary
    for role, count in (("so", 5), ("io", 6), ("student", 6)):
        page = read(built_site, f"rollen/{role}")
        ours = [
            b.split("</section>", 1)[0]
            for b in page.split('<section class="period-block" data-programme="hr-n2-2025-2026">')[1:]
        ]
        assert len(ours) == 4 and sum(b.count("Uitgewerkt uit de bron.") for b in ours) == count, role


def _repeated(texts: list[tuple[str, str]], runs: set[tuple[str, ...]], n: int) -> list[tuple[str, str]]:
    """(where, the first run of n words it shares with the source) for each text that has one."""
    found = []
    for where, text in texts:
        words = _words(text)
        hits = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1) if tuple(words[i : i + n]) in runs]
        if hits:
            found.append((where, hits[0]))
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_no_handbook_sentence_is_repeated_verbatim_in_the_planning(content):
    """The facts of the handbook's timeline stay; its sentences do not: no run of 12 words of the handbook
    (parts 2 and 3, tests/fixtures/sources/) appears in a period task, note or summary."""
    source = _words(HANDBOOK.read_text(encoding="utf-8"))
    n = 12
    runs = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    assert len(runs) > 500  # the fixture holds the handbook's text, not a stub
    programme = content.programmes["hr-n2-2025-2026"]
    texts = [(f"{p.id} summary", p.summary or "") for p in programme.periods]
    texts += [
        (f"{p.id} {t.id} {field}", getattr(t, field) or "")
        for p in programme.periods
        for t in p.tasks
        for field in ("title", "text", "basis_note")
    ]
    assert _repeated(texts, runs, n) == []
    # The check finds a sentence of the handbook when it is there (the P3 vooruitblik, 32 words).
    quoted = (
        "Bespreek met de student welke bewijsstukken nog nodig zijn om de leeruitkomsten aan te tonen en waar de "
        "student trots op is."
    )
    words = _words(quoted)
    assert any(tuple(words[i : i + n]) in runs for i in range(len(words) - n + 1))


def test_sources_page_lists_every_document_with_what_comes_from_it(content, built_site):
    html = read(built_site, "bronnen")
    for doc_id, doc in content.documents.items():
        assert f'id="bron--{doc_id}"' in html and f"<h2 id=\"bron--{doc_id}--titel\">" in html
        assert doc.summary in html_module.unescape(text_of(html))
    text = text_of(html)
    tasks = [t for p in content.programmes["hr-n2-2025-2026"].periods for t in p.tasks]
    marked = sum(1 for t in tasks if t.basis != "bron")
    assert (len(tasks), marked) == (36, 19)
    assert (
        f"Planning: Werkplekleren Niveau 2 2025-2026 , {len(tasks)} taken per periode, waarvan {marked} uitgewerkt"
        in text
    )
    assert "Rol Werkplekbegeleider : 6 taken en bekwaamheden" in text  # from the HR handbook
    assert "Formulier Kwaliteitsscan" in text
    assert 'href="../bronnen/"' in read(built_site, "planning")  # in the footer of every page
    assert "Begeleidingsdomeinen : 20" in text
    domains = read(built_site, "domeinen")
    assert 'Bron: <a href="../bronnen/#bron--leidraad-leerwerkplek">Leidraad goede leerwerkplek</a></p>' in domains


def test_an_agreement_and_a_task_from_another_document_are_marked(content_copy, tmp_path):
    (content_copy / "documents" / "afspraken.yml").write_text(
        "title: Afsprakenkaart opleidingsschool\nshort: Afsprakenkaart\nsummary: Wat onze school zelf afspreekt.\n",
        encoding="utf-8",
    )

    def change(data):
        task = data["periods"][0]["tasks"][0]
        task["basis"] = "afspraak"
        task["basis_note"] = "Bij ons voert de student dit gesprek in de eerste stageweek."
        data["periods"][1]["tasks"][0]["source"] = "afspraken"

    edit(content_copy / "programmes" / "hr-n2-2025-2026.yml", change)
    build(content_copy, tmp_path / "out")
    planning = text_of(read(tmp_path / "out", "planning/hr-n2-2025-2026"))
    assert "Afspraak van de school. Bij ons voert de student dit gesprek in de eerste stageweek." in planning
    assert planning.count("Bron: Afsprakenkaart") == 1
    home = read(tmp_path / "out", "")
    assert "Afspraak van de school." in home and 'href="bronnen/#bron--afspraken">Afsprakenkaart</a>' in home


def test_bad_source_references_are_refused_all_at_once(content_copy):
    edit(content_copy / "roles" / "wpb.yml", lambda d: d["tasks"][0].update(source="handboek"))
    edit(content_copy / "forms" / "startgesprek.yml", lambda d: d.update(source="Handleiding HR 2025"))

    def change(data):
        data["periods"][0]["tasks"][1]["basis"] = "uitwerking"
        data["periods"][0]["tasks"][2]["basis_note"] = "Zo staat het er."

    edit(content_copy / "programmes" / "hr-n2-2025-2026.yml", change)
    (content_copy / "documents" / "leeg.yml").write_text("title: Zonder korte naam\nsummary: x\n", encoding="utf-8")
    got = problems_of(content_copy)
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    known = "aos3r-werkplekleren, handleiding-wpb-n2, katern-werkplekopleider, leidraad-leerwerkplek, rolbeschrijvingen-noord-holland"
    assert sorted(got) == sorted(
        [
            f"{content_copy / 'documents' / 'leeg.yml'}: short: verplicht veld ontbreekt",
            f"{content_copy / 'forms' / 'startgesprek.yml'}: source: noem hier de id van een brondocument: de bestandsnaam "
            "in content/documents/ zonder .yml, bijvoorbeeld 'handleiding-2025'; de titel staat in dat bestand (gevonden: 'Handleiding HR 2025')",
            f"{content_copy / 'roles' / 'wpb.yml'}: tasks[0].source: onbekend brondocument 'handboek' (brondocumenten: {known})",
            f"{programme}: periods[0].tasks[1].basis_note: verplicht bij basis: uitwerking; schrijf wat de bron zelf zegt",
            f"{programme}: periods[0].tasks[2].basis_note: basis_note hoort bij basis: uitwerking of afspraak; "
            "laat hem weg of kies een van die",
        ]
    )


def test_ticks_in_each_source_group_are_kept_with_their_own_progress(page, site_url):
    open_page(page, site_url + "rollen/wpb/")
    section = page.locator("section[aria-labelledby='taken']")
    lists = section.locator("[data-checklist]")
    assert lists.count() == 2
    totals = [lists.nth(i).locator("input[type=checkbox]").count() for i in range(2)]
    lists.nth(0).locator("input[type=checkbox]").nth(1).check()
    lists.nth(1).locator("input[type=checkbox]").nth(0).check()
    wait_until_stored(page, 2)
    page.reload()
    ready(page)
    lists = page.locator("section[aria-labelledby='taken'] [data-checklist]")
    for i in range(2):
        assert lists.nth(i).locator("input:checked").count() == 1
        assert lists.nth(i).locator(".progress-line").inner_text().strip() == f"1 van {totals[i]} afgevinkt"


# --- fidelity: what the audit of 2026-12-01 found, each checked (issue 17 §2) ---------------------------


def test_a_document_without_a_year_of_its_own_shows_none(content, built_site):
    """The katern's 2024 is the year of its research (it cites the 2025 standard); the leidraad's 2021 is the
    date of the Regiegroep's meeting, not the document's. Unknown stays unknown."""
    assert content.documents[KATERN].year is None and content.documents[LEIDRAAD].year is None
    assert content.documents[HR].year == "2025-2026"
    html = read(built_site, "bronnen")
    for doc_id in (KATERN, LEIDRAAD):
        part = html[html.index(f'id="bron--{doc_id}"') :]
        meta = part[part.index('<p class="meta">') : part.index("</p>", part.index('<p class="meta">'))]
        assert not re.search(r"\b20\d\d\b ·", meta), meta


def test_domain_descriptions_are_ours_and_only_the_names_the_leidraads(content, built_site):
    assert {d.description_basis for d in content.domains.values()} == {"uitwerking"}
    listing = text_of(read(built_site, "domeinen"))
    assert "De namen van de domeinen komen uit de bron; de uitleg bij elk domein is van ons. Bron:" in listing
    for domain_id in content.domains:
        page = text_of(read(built_site, f"domeinen/{domain_id}"))
        assert "De naam van dit domein komt uit de bron; de uitleg hierboven is van ons. Bron: Leidraad" in page


def test_the_track_says_what_the_katern_says(content, built_site):
    track = content.tracks["werkplekopleider"]
    competences = [c for area in track.areas.items for c in area.competences]
    assert any("de maat en de leerweg" in c for c in competences)
    assert any("houdt ze op peil" in c for c in competences)
    assert not any("tempo" in c or "houdt ze bij" in c for c in competences)
    assert (
        "werkvormen die je kunt" in track.werkvormen.intro and "in het traject gebruikt" not in track.werkvormen.intro
    )
    first = track.cycle.phases[0].description
    for fact in ("nominale groepstechniek", "opsplitsen", "één bekwaamheidsgebied", "Binnen een week"):
        assert fact in first, fact
    assert len(track.cycle.meeting_structure) == 4
    assert track.cycle.meeting_structure[-1].startswith("Evalueren en afstemmen")
    page = text_of(read(built_site, "ontwikkeling/werkplekopleider"))
    assert "nominale groepstechniek" in page and "Evalueren en afstemmen wat er in de volgende bijeenkomst" in page


def test_scales_that_are_ours_say_so_on_the_form(content, built_site):
    for form_id in ("zelfscan-werkplekopleider", "feedback-wpb-van-student", "feedback-wpb-van-so"):
        [scale] = content.forms[form_id].scales.values()
        assert scale.basis_note and "van ons" in scale.basis_note, form_id
        html = read(built_site, f"formulieren/{form_id}")
        assert f'<p class="meta scale-basis">{html_module.escape(scale.basis_note, quote=False)}</p>' in html
    for form_id in ("feedback-wpb-van-student", "feedback-wpb-van-so"):
        assert "zeven punten" in content.forms[form_id].scales["likert"].basis_note
    # In the katern a statement to rate, not an example of another one.
    student = content.forms["feedback-wpb-van-student"]
    items = {i.id: i for s in student.sections for i in s.items}
    assert items["niveau-aangeven"].kind == "scale"
    assert items["niveau-aangeven"].text == "De wpb geeft duidelijk aan of ik het gewenste niveau heb bereikt."
    assert not any("gewenste niveau" in e for i in items.values() for e in i.examples)


def test_the_hours_split_is_marked_as_our_reading(content, built_site):
    note = content.hours["wpb"].scaling_note
    assert note and "één aankomend leraar" in note and "onze lezing" in note
    for page in ("inzet", "rollen/wpb"):
        assert f"Uitgewerkt uit de bron. {note}" in text_of(read(built_site, page)), page
    assert "Welke taken meegroeien, is bij de rol Werkplekbegeleider onze lezing" in text_of(read(built_site, "inzet"))


def test_the_school_portrait_keeps_the_templates_qualifiers(content):
    portrait = content.forms["schoolportret"]
    items = {i.id: i for s in portrait.sections for i in s.items}
    assert items["theorie-praktijk"].text.startswith("In welke mate")
    options = items["theorie-praktijk"].options + items["leermogelijkheden"].options
    for qualifier in (
        "Klassenbezoeken door IO, SO en de student",
        "door de onderzoeksbegeleider (OB)",
        "verbinden theorie-praktijk",
        "Studenten ontwikkelen een eigen identiteit",
        "masterplannen",
        "(samen leren inhoud geven)",
        "onderwijskundig team",
    ):
        assert any(qualifier in o for o in options), qualifier
    # The seven aspects of a school's context (001, "Schoolcontext").
    context = next(s for s in portrait.sections if s.id == "karakteristiek").intro
    for aspect in (
        "bestuurlijke",
        "sociaal-economische",
        "sociaal-culturele",
        "pedagogische en didactische",
        "partners",
        "infrastructuur",
        "financiële middelen en regelgeving",
    ):
        assert aspect in context, aspect


def test_the_startbijeenkomst_and_who_takes_the_initiative_are_on_the_role_pages(store, built_site):
    for role in ("so", "io"):
        [item] = [i for i in store.role(role)["tasks"] if i["id"] == "startbijeenkomst-schoolcontext"]
        assert item["source"] == AOS3R and "eerste stageweek" in item["text"] and len(item["details"]) == 9
        page = text_of(read(built_site, f"rollen/{role}"))
        assert "Wat heeft de school te bieden?" in page and "Wie neemt het initiatief?" in page
    [initiative] = [i for i in store.role("student")["tasks"] if i["source"] == AOS3R]
    assert "begeleidingsteam" in initiative["text"] and "contextrijk leren" in initiative["text"]


# --- fidelity: the repeated audit, Noord-Holland (004) and HR (003) ------------------------------------

NH_PROGRAMME, HR_PROGRAMME = "nh-ipabo-2025-2026", "hr-n2-2025-2026"


def test_each_nh_semester_has_every_moment_of_the_sos_table(content):
    """004 gives the schoolopleider the same five moments in semester 1 and in semester 2 (flitsbezoek, three
    werkpleklabs, lesbezoek, WPA, contact with the WPB): each semester's tasks hold each row of that table."""
    [semester_table] = [t for t in content.hours["so"].tables if t.per == "semester"]
    keywords = {
        "Flitsbezoek met nagesprek": "Flitsbezoek",
        "Werkpleklab (3x)": "Drie werkpleklabs",
        "Lesbezoek met nagesprek": "Lesbezoek met nagesprek",
        "Werkplekassessment (WPA)": "Werkplekassessment afnemen",
        "Contact met werkplekbegeleider": "Contact met de werkplekbegeleider",
    }
    assert sorted(keywords) == sorted(r.what for r in semester_table.rows)
    for semester in content.programmes[NH_PROGRAMME].periods:
        so = [t for t in semester.tasks if t.role == "so"]
        for row, title in keywords.items():
            assert any(t.title.startswith(title) for t in so), (semester.id, row)
        [flits] = [t for t in so if "flitsbezoek" in t.id]
        assert flits.when == "start" and flits.basis == "uitwerking"
        assert "semester 1 en in semester 2" in flits.basis_note and "onze lezing" in flits.basis_note
        # The kennismakings- and voorbereidingsgesprekken: per semester at the SO, two a year at the WPB.
        assert any(t.id == "so-voorbereidingsgesprekken" for t in so), semester.id
        [meeting] = [t for t in semester.tasks if t.role == "wpb" and t.id == "voorbereidingsgesprek"]
        assert meeting.basis == "uitwerking" and "twee van deze gesprekken" in meeting.basis_note
    # The startbijeenkomst "bij aanvang van het cursusjaar": once, at the start of semester 1.
    periods = content.programmes[NH_PROGRAMME].periods
    starts = [(p.id, t.when) for p in periods for t in p.tasks if "startbijeenkomst" in t.id]
    assert starts == [("semester-1", "start")]


def test_what_the_nh_programme_adds_to_004_says_it_is_ours(content, built_site):
    """A day, a split or a task for a role 004 does not give is ours, and its note says so."""
    programme = content.programmes[NH_PROGRAMME]
    worked_out = [(p.id, t) for p in programme.periods for t in p.tasks if t.basis == "uitwerking"]
    for period_id, task in worked_out:
        assert re.search(r"onze (lezing|verdeling|keuze)", task.basis_note), (period_id, task.id)
    for period_id, task in ((p.id, t) for p in programme.periods for t in p.tasks if t.role == "student"):
        assert "onze lezing" in task.basis_note, (period_id, task.id)
    # "Vlak voor het einde" is the source's; the day (two weeks before the end) is ours.
    for semester in programme.periods:
        [late] = [t for t in semester.tasks if t.id == "advies-einde"]
        assert late.days is not None and late.basis == "uitwerking" and "onze keuze" in late.basis_note
    planning = read(built_site, f"planning/{NH_PROGRAMME}")
    assert planning.count('<p class="basis"><strong>Uitgewerkt uit de bron.</strong>') == len(worked_out)
    # Who takes part, in 004's terms: not the HR handbook's "in en rond de klas" or "organisator".
    who = " ".join(programme.sections[0].paragraphs)
    assert "in en rond de klas" not in who and "organiseert het opleiden" not in who
    assert "algemeen begeleider" in who and "leeromgeving van de school" in who
    # In 004 the studiebegeleider evaluates twice a semester, not the year.
    assert not any("van het jaar" in (t.text or "") for p in programme.periods for t in p.tasks)


def test_the_nh_forms_say_that_004_gives_no_questions(content, built_site):
    """004 names the adviesformulier and the startgesprek, with what they are for, but not their questions or a
    scale: the forms say the questions are ours, and keep 004's moments."""
    advice = content.forms["adviesformulier-wpb"]
    assert "van ons" in advice.notice and "geven het formulier zelf niet" in advice.notice
    assert "in eigen woorden" not in advice.source_part  # nothing of 004 to reword
    note = advice.scales["voortgang"].basis_note
    assert note and "van ons" in note
    html = read(built_site, "formulieren/adviesformulier-wpb")
    assert f'<p class="meta scale-basis">{html_module.escape(note, quote=False)}</p>' in html
    [moment] = [m for m in advice.metadata if m.id == "moment"]
    assert moment.options == ["halverwege het semester", "vlak voor het einde van het semester"]
    assert "werkplekassessment" in advice.summary and "afstemt met de schoolopleider" in advice.summary
    start = content.forms["startgesprek"]
    assert "van ons" in start.notice
    # The groeidossier is the HR handbook's; 004 has none.
    for form_id in ("adviesformulier-wpb", "startgesprek"):
        form = content.forms[form_id]
        assert form.source == NH
        assert "groeidossier" not in f"{form.summary} {form.notice}", form_id


def test_role_summaries_state_no_more_than_004(content):
    assert "binnen het bestuur" not in content.roles["cso"].summary
    assert "proactieve rol" in content.roles["cso"].summary
    assert "medeverantwoordelijk voor de kostenverrekening" in " ".join(content.roles["stagebureau"].summary.split())
    leaders = content.roles["programmaleider"].summary
    assert "een vertegenwoordiging van Hogeschool iPabo" in leaders and "vertegenwoordiger" not in leaders


def test_the_hr_students_first_visit_keeps_the_handbooks_two_facts_apart(content):
    """P1: the student plans a lesbezoek with a driehoeksgesprek, and has a kennismakingsgesprek with WPB/SO and
    IO. That the two are one talk is our reading (the IO's task says so), not a fact of the student's step."""
    [p1] = [p for p in content.programmes[HR_PROGRAMME].periods if p.id == "p1"]
    [step] = [t for t in p1.tasks if t.role == "student" and t.id == "lesbezoek-plannen"]
    assert step.basis == "bron"
    assert "driehoeksgesprek: je kennismakingsgesprek" not in step.text
    assert "kennismakingsgesprek met de WPB of de SO en de IO" in " ".join(step.text.split())
    [io] = [t for t in p1.tasks if t.id == "kennismakingsgesprek-driehoek"]
    assert "onze lezing" in io.basis_note
    # The report of the kennismakingsgesprek says the same: our reading.
    summary = " ".join(content.forms["kennismakingsgesprek"].summary.split())
    assert "volgens onze lezing je eerste driehoeksgesprek" in summary


def test_every_scale_says_whose_it_is(content, built_site):
    """None of the five documents gives a scale with names at its points (the katern gives seven points, not their
    names): every scale of every form says, on the form, that its steps are ours. The first audit found it for
    the katern's forms; the kijkwijzers (003 names them, gives none), the kwaliteitsscan (000 gives the
    criteria) and the adviesformulier (004 names it, gives none) had the same gap."""
    scales = [(form_id, s) for form_id, f in content.forms.items() for s in (f.scales or {}).values()]
    assert len(scales) >= 8
    for form_id, scale in scales:
        assert scale.basis_note and "van ons" in scale.basis_note, form_id
        html = read(built_site, f"formulieren/{form_id}")
        assert f'<p class="meta scale-basis">{html_module.escape(scale.basis_note, quote=False)}</p>' in html, form_id


NH_ROLES = Path(__file__).parent / "fixtures" / "sources" / "rolbeschrijvingen-noord-holland.txt"


def test_no_sentence_of_the_noord_holland_roles_is_repeated_verbatim(content):
    """The rule of the HR planning, for 004: its moments, hour tables and role texts are said in our own words
    (no run of 12 words of 004) in the NH programme, its forms, the role summaries and the hour tables' purposes
    and notes. The durations are figures and the role checklists are 004's lists: those carry over and are not
    checked."""
    source = _words(NH_ROLES.read_text(encoding="utf-8"))
    n = 12
    runs = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    assert len(runs) > 4000  # the fixture holds 004's text, not a stub
    programme = content.programmes[NH_PROGRAMME]
    texts = [("summary", programme.summary)]
    texts += [(f"section {s.heading}", p) for s in programme.sections for p in s.paragraphs]
    texts += [(f"{p.id} summary", p.summary or "") for p in programme.periods]
    texts += [
        (f"{p.id} {t.id} {field}", getattr(t, field) or "")
        for p in programme.periods
        for t in p.tasks
        for field in ("title", "text", "basis_note")
    ]
    for form_id in ("adviesformulier-wpb", "startgesprek"):
        form = content.forms[form_id]
        texts += [(f"{form_id} summary", form.summary or ""), (f"{form_id} notice", form.notice or "")]
    texts += [(f"role {role_id}", role.summary or "") for role_id, role in content.roles.items()]
    for hours_id, hours in content.hours.items():
        texts.append((f"hours {hours_id}", hours.summary or ""))
        texts += [
            (f"hours {hours_id} {row.what}", f"{row.purpose or ''} {row.note or ''}")
            for table in hours.tables
            for row in table.rows
        ]
    assert _repeated(texts, runs, n) == []
    # The check finds 004's words when they are there (the WPB's adviesformulier row, as it read before).
    quoted = "Adviesbeoordeling voor de aankomend leraar halverwege en vlak voor het einde van het semester"
    words = _words(quoted)
    assert any(tuple(words[i : i + n]) in runs for i in range(len(words) - n + 1))
