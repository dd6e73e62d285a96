"""Calendar files: valid RFC 5545 that icalendar reads back, every deadline of the programme for each role,
stable UIDs, and the same bytes on every build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar
from werkplek.calendars import calendar_files
from werkplek.pipeline import load

from .helpers import CONTENT


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


@pytest.fixture(scope="module")
def files(content) -> dict[str, bytes]:
    return calendar_files(content)


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def by_kind(data: bytes, kind: str) -> dict[dt.date, object]:
    return {e.decoded("dtstart"): e for e in events(data) if str(e["summary"]).startswith(kind)}


def test_one_file_per_programme_and_per_role_with_tasks(content, files):
    expected = set()
    for programme_id, programme in content.programmes.items():
        expected.add(f"agenda/{programme_id}.ics")
        expected |= {f"agenda/{programme_id}/{t.role}.ics" for p in programme.periods for t in p.tasks}
    assert set(files) == expected
    assert "agenda/hr-n2-2025-2026/student.ics" in files and "agenda/hr-n2-2025-2026/wpb.ics" in files
    assert not any("bestuurder" in path for path in files)  # a role without tasks in the programme


def test_every_file_is_valid_rfc5545(files):
    for path, data in files.items():
        text = data.decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n"), path
        assert "\n" not in text.replace("\r\n", ""), "lines end in CRLF"
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "long lines are folded"
        calendar = Calendar.from_ical(data)
        assert str(calendar["version"]) == "2.0" and str(calendar["prodid"])
        uids = []
        for event in calendar.walk("VEVENT"):
            for required in ("uid", "dtstamp", "dtstart", "dtend", "summary"):
                assert required in event, (path, required)
            start, end = event.decoded("dtstart"), event.decoded("dtend")
            assert type(start) is dt.date and end == start + dt.timedelta(days=1)  # all-day
            assert event["dtstart"].params["VALUE"] == "DATE"
            alarms = event.walk("VALARM")
            assert alarms, "every event has a reminder"
            for alarm in alarms:
                assert str(alarm["action"]) == "DISPLAY" and str(alarm["description"])
                assert isinstance(alarm.decoded("trigger"), dt.timedelta)
            uids.append(str(event["uid"]))
        assert len(uids) == len(set(uids))


@pytest.mark.parametrize("role_id", ["student", "wpb", "so", "io"])
def test_a_role_file_holds_every_deadline_with_that_roles_tasks(content, files, role_id):
    programme = content.programmes["hr-n2-2025-2026"]
    role_name = content.roles[role_id].name
    data = files[f"agenda/hr-n2-2025-2026/{role_id}.ics"]
    deadlines = by_kind(data, "Deadline")
    assert set(deadlines) == {p.deadline for p in programme.periods}
    assert set(by_kind(data, "Start")) == {p.start_date for p in programme.periods}
    others = {t.title for p in programme.periods for t in p.tasks if t.role != role_id}
    for period in programme.periods:
        event = deadlines[period.deadline]
        assert str(event["summary"]) == f"Deadline {period.name} ({role_name})"
        description = str(event["description"])
        mine = [t.title for t in period.tasks if t.role == role_id]
        for title in mine:
            assert f"- {title}" in description
        for title in others - set(mine):
            assert f"- {title}\n" not in description + "\n"
        assert [str(a["description"]) for a in event.walk("VALARM")] == [
            f"Over een week: deadline van {period.name}",
            f"Morgen: deadline van {period.name}",
        ]


def test_the_all_roles_file_has_every_task(content, files):
    programme = content.programmes["hr-n2-2025-2026"]
    deadlines = by_kind(files["agenda/hr-n2-2025-2026.ics"], "Deadline")
    p2 = next(p for p in programme.periods if p.id == "p2")
    assert str(deadlines[dt.date(2026, 2, 4)]["summary"]) == "Deadline Periode 2"
    description = str(deadlines[p2.deadline]["description"])
    assert "woensdag 4 februari 2026" in description
    for task in p2.tasks:
        assert f"- {task.title}" in description
        assert f"{content.roles[task.role].name}:" in description


def test_two_builds_give_the_same_bytes_and_no_clock_time(content, files):
    assert calendar_files(load(CONTENT)) == files
    first_day = min(p.start_date for p in content.programmes["hr-n2-2025-2026"].periods)
    for data in files.values():
        assert {e.decoded("dtstamp") for e in events(data)} == {
            dt.datetime.combine(first_day, dt.time(0), tzinfo=dt.UTC)
        }


def test_uids_are_stable_when_a_deadline_moves(content_copy: Path, files):
    path = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("deadline: 2026-02-04", "deadline: 2026-02-06"), encoding="utf-8")
    moved = calendar_files(load(content_copy))
    before = {str(e["uid"]): e.decoded("dtstart") for e in events(files["agenda/hr-n2-2025-2026/student.ics"])}
    after = {str(e["uid"]): e.decoded("dtstart") for e in events(moved["agenda/hr-n2-2025-2026/student.ics"])}
    assert set(before) == set(after)
    changed = {uid for uid in before if before[uid] != after[uid]}
    assert changed == {"hr-n2-2025-2026-p2-deadline-student@werkplek"}
    assert after[next(iter(changed))] == dt.date(2026, 2, 6)


def test_everything_comes_from_the_content(content_copy: Path):
    """A second programme with other ids and names gets its own files and UIDs; nothing is hard-coded."""
    source = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["name"] = "Werkplekleren Niveau 3"
    for period in data["periods"]:
        period["id"] = period["id"].replace("p", "blok-")
        period["name"] = period["name"].replace("Periode", "Blok")
    data["periods"][0]["start"] = "2025-09-03"  # a day instead of a month
    data.pop("requirements", None)  # they name the old period ids; not what this test is about
    (content_copy / "programmes" / "n3.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    files = calendar_files(load(content_copy))
    assert "agenda/n3.ics" in files and "agenda/n3/student.ics" in files
    n3 = events(files["agenda/n3/student.ics"])
    assert {str(e["summary"]) for e in n3} >= {"Deadline Blok 2 (Student)", "Start Blok 1 (Student)"}
    assert all(re.fullmatch(r"n3-blok-\d-(start|deadline)-student@werkplek", str(e["uid"])) for e in n3)
    start = next(e for e in n3 if str(e["summary"]) == "Start Blok 1 (Student)")
    assert start.decoded("dtstart") == dt.date(2025, 9, 3)
    assert "begint op woensdag 3 september 2025" in str(start["description"])
    assert [str(a["description"]) for a in start.walk("VALARM")] == ["Morgen begint Blok 1"]
    month = next(e for e in n3 if str(e["summary"]) == "Start Blok 2 (Student)")
    assert "begint in november 2025" in str(month["description"])
    assert [str(a["description"]) for a in month.walk("VALARM")] == ["Deze maand begint Blok 2"]
    name = str(Calendar.from_ical(files["agenda/n3/student.ics"])["x-wr-calname"])
    assert name == "Werkplek: Werkplekleren Niveau 3 (Student)"
    hr = {str(e["uid"]) for e in events(files["agenda/hr-n2-2025-2026/student.ics"])}
    assert hr.isdisjoint({str(e["uid"]) for e in n3})


def test_a_subscription_at_a_stable_path_carries_a_moved_deadline(content_copy: Path, tmp_path: Path):
    """Two real builds, the second with a deadline moved: the same file path (no version in it) that a
    calendar app refreshes daily, the same UIDs, the new date under the old UID with a higher SEQUENCE."""
    from werkplek.pipeline import build

    build(content_copy, tmp_path / "first")
    path = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("deadline: 2026-02-04", "deadline: 2026-02-11"), encoding="utf-8"
    )
    build(content_copy, tmp_path / "second")
    name = "agenda/hr-n2-2025-2026/wpb.ics"
    first, second = (Calendar.from_ical((tmp_path / out / name).read_bytes()) for out in ("first", "second"))
    for calendar in (first, second):
        assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
        assert calendar.decoded("refresh-interval") == dt.timedelta(days=1)
        assert str(calendar["x-published-ttl"]) == "P1D"
    before = {str(e["uid"]): e for e in first.walk("VEVENT")}
    after = {str(e["uid"]): e for e in second.walk("VEVENT")}
    assert set(before) == set(after)
    moved = "hr-n2-2025-2026-p2-deadline-wpb@werkplek"
    assert before[moved].decoded("dtstart") == dt.date(2026, 2, 4)
    assert after[moved].decoded("dtstart") == dt.date(2026, 2, 11)
    assert int(after[moved]["sequence"]) > int(before[moved]["sequence"])
    for uid in set(before) - {moved}:
        assert after[uid].decoded("dtstart") == before[uid].decoded("dtstart")
        assert int(after[uid]["sequence"]) == int(before[uid]["sequence"])
