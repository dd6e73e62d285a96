"""Two programmes in one site: task timing within a period (when/days) and the dates derived from it, the
Noord-Holland programme with its example dates, each programme's own planning page and calendars, and
the HR programme without the Noord-Holland rules."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from icalendar import Calendar
from werkplek.calendars import calendar_files
from werkplek.pipeline import load
from werkplek.schema.programme import Period, PeriodTask

from .helpers import CONTENT, edit, problems_of

HR, NH = "hr-n2-2025-2026", "nh-ipabo-2025-2026"


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


def text_of(page: str) -> str:
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- timing ---------------------------------------------------------------------------------------


def period(start: str = "2025-09-01", deadline: str = "2026-01-30") -> Period:
    return Period(id="s1", name="Semester 1", start=start, deadline=deadline)


def task(**timing) -> PeriodTask:
    return PeriodTask(id="t", role="wpb", title="Taak", **timing)


@pytest.mark.parametrize(
    ("timing", "day"),
    [
        ({"when": "start"}, dt.date(2025, 9, 1)),
        ({"when": "end"}, dt.date(2026, 1, 30)),
        ({"when": "halfway"}, dt.date(2025, 11, 14)),  # 151 days: 75 after the start is a Saturday: the Friday
        ({"days": 0}, dt.date(2025, 9, 1)),
        ({"days": 30}, dt.date(2025, 10, 1)),
        ({"days": 151}, dt.date(2026, 1, 30)),
        ({}, None),
    ],
)
def test_a_tasks_moment_gives_its_date(timing, day):
    assert task(**timing).due(period()) == day


def test_halfway_of_a_period_that_starts_in_a_month_counts_from_its_first_day():
    assert task(when="halfway").due(period(start="2026-02", deadline="2026-02-21")) == dt.date(2026, 2, 11)


@pytest.mark.parametrize(
    ("deadline", "day"),
    [
        ("2025-09-21", dt.date(2025, 9, 11)),  # the middle is a Thursday: as it is
        ("2025-09-25", dt.date(2025, 9, 12)),  # a Saturday: the Friday before
        ("2025-09-27", dt.date(2025, 9, 15)),  # a Sunday: the Monday after
    ],
)
def test_halfway_is_a_school_day(deadline, day):
    assert task(when="halfway").due(period(start="2025-09-01", deadline=deadline)) == day
    assert day.weekday() < 5


def test_a_moment_is_when_or_days_and_lies_within_the_period(content_copy):
    path = content_copy / "programmes" / f"{NH}.yml"
    original = path.read_text(encoding="utf-8")

    def change(data):
        tasks = data["periods"][0]["tasks"]
        tasks[0]["days"] = 3  # it has when: start already
        tasks[1]["days"] = 400

    edit(path, change)
    assert problems_of(content_copy) == [
        f"{path}: periods[0].tasks[0].days: geef when of days, niet allebei",
        f"{path}: periods[0].tasks[1].days: 400 dagen na de start valt na de deadline van de periode (die ligt 151 "
        "dagen na de start)",
    ]
    path.write_text(original, encoding="utf-8")
    edit(path, lambda data: data["periods"][0]["tasks"][2].update(when="eind"))
    assert problems_of(content_copy) == [
        f"{path}: periods[0].tasks[2].when: moet een van deze waarden zijn: 'start', 'halfway' of 'end' "
        "(gevonden: 'eind')"
    ]


# --- the Noord-Holland programme ---------------------------------------------------------------------


def test_the_nh_programme_has_two_semesters_with_the_moments_of_its_source(content):
    nh = content.programmes[NH]
    assert nh.example_dates and nh.source == "rolbeschrijvingen-noord-holland"
    assert [p.name for p in nh.periods] == ["Semester 1", "Semester 2"]
    for semester in nh.periods:
        by_role = {}
        for t in semester.tasks:
            by_role.setdefault(t.role, []).append(t)
        assert set(by_role) == {"wpb", "so", "io", "studiebegeleider", "student"}
        wpb = by_role["wpb"]
        start = [t for t in wpb if t.when == "start"]
        assert [t.forms for t in start] == [["startgesprek"]]
        advice = [t for t in wpb if "adviesformulier-wpb" in t.forms]
        assert [t.due(semester) for t in advice] == sorted(t.due(semester) for t in advice)
        assert advice[0].when == "halfway" and advice[1].due(semester) < semester.deadline  # just before the end
        assert any(t.when == "end" and "werkplekassessment" in t.text for t in by_role["so"])
        assert len([t for t in by_role["studiebegeleider"] if t.due(semester)]) == 2  # twice a semester
        assert all(t.basis == "uitwerking" and t.basis_note for t in by_role["studiebegeleider"] + by_role["student"])
    flits = [t for t in nh.periods[0].tasks if "flitsbezoek" in t.id]
    assert len(flits) == 1 and flits[0].role == "so"
    assert [(r.id, r.count, r.from_period, r.by_period, r.window) for r in nh.requirements] == [
        ("advies-semester-1", 2, "semester-1", "semester-1", "in semester 1"),
        ("advies-semester-2", 2, "semester-2", "semester-2", "in semester 2"),
    ]


def test_the_hr_programme_keeps_what_its_handbook_says(content):
    hr = content.programmes[HR]
    assert not any("adviesformulier-wpb" in t.forms for p in hr.periods for t in p.tasks)
    assert not any("adviesformulier-wpb" in r.forms for r in hr.requirements)
    assert not any("semester" in r.text for r in hr.requirements)
    [visits] = [r for r in hr.requirements if r.id == "lesbezoeken-wpb"]
    assert visits.role == "wpb" and visits.count == 2 and visits.window == "in het schooljaar"
    assert "elk met een kijkwijzer" not in visits.text
    assert not hr.example_dates


def test_planning_lists_the_programmes_and_each_has_its_own_page(built_site, content):
    index = read(built_site, "planning")
    links = re.findall(r'<a href="([^"]+)" data-programme="([^"]+)"', index)
    assert links == [(f"{p}/", p) for p in sorted(content.programmes)]
    assert "data-timeline" not in index  # no programme's periods on the list itself
    nh, hr = read(built_site, f"planning/{NH}"), read(built_site, f"planning/{HR}")
    assert "<title>Planning Werkplekleren Samen Opleiden Noord-Holland" in nh
    nh_text, hr_text = text_of(nh), text_of(hr)
    for t in (t for p in content.programmes[NH].periods for t in p.tasks):
        assert t.title in nh_text
    assert "Periode 1" not in nh_text and "Semester 1" not in hr_text
    assert "Adviesformulier" not in hr_text and "formulieren/adviesformulier-wpb/" not in hr
    assert "data-example-dates" in nh and "data-example-dates" not in hr
    assert "Voorbeelddata" not in hr_text and "voorbeelddatum" not in hr_text


def test_nh_tasks_show_their_derived_dates_marked_as_example(built_site, content):
    nh = read(built_site, f"planning/{NH}")
    shown = re.findall(
        r'<p class="due meta">([^<]+): <time datetime="([0-9-]+)">[^<]+</time> \(voorbeelddatum\)</p>', nh
    )
    expected = [t.due(p).isoformat() for p in content.programmes[NH].periods for t in p.tasks if t.due(p) is not None]
    assert [day for _, day in shown] == expected and len(expected) >= 16
    assert {label for label, _ in shown} == {
        "Begin van de periode",
        "Halverwege de periode",
        "Einde van de periode",
        "Wanneer",
    }
    assert 'Halverwege de periode: <time datetime="2025-11-14">vr 14 november 2025</time> (voorbeelddatum)' in nh
    assert "Einde: <time datetime=\"2026-01-30\">vr 30 januari 2026</time>" in nh
    assert nh.count('<span class="badge">Voorbeelddata</span>') == 2


def test_requirement_windows_the_source_names_and_no_made_up_deadline(built_site):
    hr = text_of(read(built_site, f"planning/{HR}"))
    assert (
        "Minstens twee lesbezoeken door de werkplekbegeleider, elk gevolgd door een driehoeksgesprek met de student "
        "en de IO (geteld: de kijkwijzers die de werkplekbegeleider invulde) , in het schooljaar:"
    ) in hr
    assert "vr 29 mei 2026" in hr  # the period's deadline stays, at the period
    assert not re.search(r"lesbezoeken door de werkplekbegeleider[^:]*uiterlijk", hr)
    nh = text_of(read(built_site, f"planning/{NH}"))
    assert "Het adviesformulier twee keer ingevuld (halverwege en vlak voor het einde) , in semester 1:" in nh


def test_links_to_a_period_go_to_its_programmes_planning(built_site):
    domain = read(built_site, "domeinen/leervaardigheden")
    assert f'href="../../planning/{NH}/#periode--{NH}--semester-1"' in domain
    assert f'href="../../planning/{HR}/#periode--{HR}--p1"' in domain
    home = read(built_site, "")
    assert f'href="planning/{NH}/">Hele planning</a>' in home and f'href="planning/{HR}/">Hele planning</a>' in home


def test_a_site_with_one_programme_keeps_planning_as_its_planning(partnership_site):
    assert (partnership_site / "planning" / "index.html").exists()
    assert [p.name for p in (partnership_site / "planning").iterdir()] == ["index.html"]
    assert "data-timeline" in read(partnership_site, "planning")


# --- calendars ----------------------------------------------------------------------------------------


def test_each_programmes_calendars_hold_its_own_tasks_on_their_dates(content):
    files = calendar_files(content)
    periods = content.programmes[NH].periods
    dated = [(t, t.due(p)) for p in periods for t in p.tasks if t.due(p) is not None]
    calendar = Calendar.from_ical(files[f"agenda/{NH}/studiebegeleider.ics"])
    assert "Voorbeelddata" in str(calendar["x-wr-caldesc"])
    events = {(str(e["summary"]), e.decoded("dtstart")): e for e in calendar.walk("VEVENT")}
    mine = [(t.title, day) for t, day in dated if t.role == "studiebegeleider"]
    assert len(mine) == 4  # twice a semester
    for key in mine:
        assert "Voorbeelddata" in str(events[key]["description"]), key
    assert len(events) == 2 * len(periods) + len(mine)
    everyone = [str(e["summary"]) for e in Calendar.from_ical(files[f"agenda/{NH}.ics"]).walk("VEVENT")]
    assert "Werkplekassessment afnemen (Schoolopleider)" in everyone
    assert len(everyone) == 2 * len(periods) + len(dated)
    for path, data in files.items():
        if path.startswith(f"agenda/{HR}"):
            text = data.decode()
            assert "Semester" not in text and "Voorbeelddata" not in text and "Adviesformulier" not in text, path
