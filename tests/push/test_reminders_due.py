"""What is due, and what it says: the texts a week, a day and the day itself before a deadline, nothing before 08:00
or after the deadline, a missed day, and a link that lands on the period in the built planning page."""

from __future__ import annotations

import datetime as dt

from werkplek.push import reminders
from werkplek.push.sender import send_due
from werkplek.push.store import subscription_id

from ..helpers import CONTENT
from .helpers import DAY_BEFORE, DAY_TEXT, DEADLINE_DAY, PROGRAMME, TODAY_TEXT, WEEK_BEFORE, WEEK_TEXT, subscribe


def test_texts_for_a_week_a_day_and_the_day_itself(insecure, service, push, data_dir):
    subscribe(service, push.device("p"))
    send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    send_due(data_dir, CONTENT, now=DAY_BEFORE)
    send_due(data_dir, CONTENT, now=DEADLINE_DAY)
    send_due(data_dir, CONTENT, now=DEADLINE_DAY + dt.timedelta(hours=8))
    assert [d.message["notification"]["title"] for d in push.delivered] == [WEEK_TEXT, DAY_TEXT, TODAY_TEXT]
    assert not push.problems


def test_nothing_before_eight_nor_after_the_deadline(insecure, service, push, data_dir):
    subscribe(service, push.device("p"))
    assert send_due(data_dir, CONTENT, now=dt.datetime(2026, 1, 28, 7, 59)).counts["sent"] == 0
    # 07:30 UTC is 08:30 in Amsterdam (winter time)
    utc = dt.datetime(2026, 1, 28, 7, 30, tzinfo=dt.UTC)
    assert send_due(data_dir, CONTENT, now=utc).counts["sent"] == 1
    assert send_due(data_dir, CONTENT, now=dt.datetime(2026, 2, 5, 9, 0)).counts["sent"] == 0
    assert push.requests == 1


def test_a_missed_day_sends_the_real_days_left_and_only_the_closest(content):
    deadlines = reminders.deadlines(content)
    sub = _sub("x", days=(7, 1, 0))
    to_send, to_skip = reminders.plan([sub], deadlines, set(), dt.datetime(2026, 1, 31, 10, 0))
    assert [(r.deadline.period_id, r.days_before, r.days_left) for r in to_send] == [("p2", 7, 4)]
    assert (
        reminders.headline(to_send[0].deadline, 4) == "Nog 4 dagen tot de deadline van Periode 2 (woensdag 4 februari)"
    )
    # the service was down from a week before until the day before: only "Morgen" goes out
    to_send, to_skip = reminders.plan([sub], deadlines, set(), DAY_BEFORE)
    assert [(r.days_before, r.days_left) for r in to_send] == [(1, 1)]
    assert [r.days_before for r in to_skip] == [7]
    # once the closest is done, an older one that never went out is skipped, not sent late
    done = {to_send[0].key}
    to_send, to_skip = reminders.plan([sub], deadlines, done, DAY_BEFORE)
    assert to_send == [] and [r.days_before for r in to_skip] == [7]


def _sub(name: str, days: tuple[int, ...] = (7, 1, 0), role: str = "student"):
    from werkplek.push.store import Subscription

    return Subscription(
        subscription_id(name),
        f"https://push.test/{name}",
        "k",
        "a",
        PROGRAMME,
        role,
        days,
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T00:00:00+00:00",
    )


def test_the_reminder_opens_an_anchor_the_planning_really_has(built_site):
    """The payload's link lands on the period in planning/: the anchor exists in the built page (with several
    programmes, planning/ forwards to the page of the programme the anchor names: test_programme_choice.py)."""
    from werkplek.pipeline import load
    from werkplek.push.reminders import PERIOD_PAGE

    programme_id, programme = next(iter(load(CONTENT).programmes.items()))
    html = (built_site / "planning" / programme_id / "index.html").read_text(encoding="utf-8")
    for period in programme.periods:
        anchor = PERIOD_PAGE.format(programme=programme_id, period=period.id).split("#", 1)[1]
        assert f'id="{anchor}"' in html


OTHER = "nh-ipabo-2025-2026"  # its tasks have a timing within the semester (`when`), the HR tasks none


def test_a_task_with_a_timing_is_reminded_on_its_day_to_its_roles_alone(insecure, service, push, data_dir, content):
    period = content.programmes[OTHER].periods[0]
    task = next(t for t in period.tasks if t.when == "halfway" and t.role == "studiebegeleider")
    day = task.due(period)
    same_day = {t.role for t in period.tasks if t.due(period) == day}
    others = {t.role for t in period.tasks} - same_day
    assert others, "a role without a task that day"
    subscribe(service, push.device("sb"), role="studiebegeleider", days=[1, 0], programme=OTHER)
    subscribe(service, push.device("other"), role=sorted(others)[0], days=[1, 0], programme=OTHER)
    send_due(data_dir, CONTENT, now=dt.datetime.combine(day - dt.timedelta(days=1), dt.time(9)))
    send_due(data_dir, CONTENT, now=dt.datetime.combine(day, dt.time(9)))
    send_due(data_dir, CONTENT, now=dt.datetime.combine(day, dt.time(15)))  # sent once, not again
    weekday = reminders.weekday_date(day)
    titles = sorted(d.message["notification"]["title"] for d in push.delivered)
    assert titles == [f"Morgen: {task.title} ({weekday})", f"Vandaag: {task.title} ({weekday})"], titles
    message = push.delivered[-1].message
    assert message["notification"]["body"] == f"{content.programmes[OTHER].name}, {period.name}. Bekijk de planning."
    assert message["url"] == reminders.PERIOD_PAGE.format(programme=OTHER, period=period.id)
    assert message["tag"] == f"taak-{OTHER}-{period.id}-{day.isoformat()}"
    assert not push.problems


def test_task_moments_leave_the_deadlines_as_they_were(content):
    by_programme = reminders.deadlines(content)
    # HR: no task has a timing, so only the four period deadlines, with the keys the ledger already holds
    assert [d.is_task_moment for d in by_programme[PROGRAMME]] == [False] * len(content.programmes[PROGRAMME].periods)
    deadline = by_programme[PROGRAMME][1]
    assert reminders.reminder_key("s", deadline, 7) == f"s/{PROGRAMME}/{deadline.period_id}/{deadline.date}/7"
    moments = [d for d in by_programme[OTHER] if d.is_task_moment]
    periods = content.programmes[OTHER].periods
    assert moments and all(d.date not in {p.deadline for p in periods} for d in moments)  # "end": the deadline's
    assert len({reminders.reminder_key("s", d, 0) for d in by_programme[OTHER]}) == len(by_programme[OTHER])
    assert len({d.topic for d in by_programme[OTHER]}) == len(by_programme[OTHER])
    dates = [d.date for d in by_programme[OTHER]]
    assert dates == sorted(dates)
