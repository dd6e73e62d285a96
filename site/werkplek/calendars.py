"""Calendar files (RFC 5545, made with `icalendar`): every period start and deadline of a programme, and every
task with a moment in its period (`when`/`days`, PeriodTask.due), as all-day events with a reminder alarm, so a school without any server still gets the deadlines into
everyone's calendar. Pure: validated content in, file paths and bytes out; the build writes them.

    agenda/<programme>.ics          every role
    agenda/<programme>/<role>.ics   one per role that has tasks in the programme

Two builds of the same content give the same bytes: UIDs come from programme, period and role ids (a
re-import updates an event instead of adding a copy), and DTSTAMP is derived from the content (the
programme's first day), never from the clock.

The paths hold no version, so a calendar app can subscribe to one (webcal:) and fetch it again every day
(REFRESH-INTERVAL, X-PUBLISHED-TTL): a moved deadline then reaches every subscribed calendar, as the same
UID on its new date. SEQUENCE is the event's date as a day number, so it changes whenever the date does
and grows when a deadline is postponed (the usual move); apps that compare it on a re-import then take
the new date. A date moved earlier lowers it: subscriptions replace the events anyway, a re-import in an
app that insists on a higher SEQUENCE may then keep the old date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date
from icalendar import Alarm, Calendar, Event, vText

PRODID = "-//Werkplek//Agenda met perioden en deadlines//NL"
UID_DOMAIN = "werkplek"
# Alarm triggers are relative to the start of the all-day event (00:00 local time).
WEEK_BEFORE_AT_NINE = dt.timedelta(days=-7, hours=9)
DAY_BEFORE_AT_NINE = dt.timedelta(hours=-15)
SAME_DAY_AT_NINE = dt.timedelta(hours=9)
SEQUENCE_EPOCH = dt.date(2020, 1, 1)
EXAMPLE_DATES = "Voorbeelddata: de bron noemt geen data; het partnerschap vult de eigen data in."


def sequence(day: dt.date) -> int:
    """An event's SEQUENCE: days from 2020-01-01 to its date (never negative)."""
    return max(0, (day - SEQUENCE_EPOCH).days)


def calendar_paths(content: Any) -> dict[str, tuple[str, str | None]]:
    """Relative path -> (programme id, role id or None) of every calendar file the build writes."""
    paths: dict[str, tuple[str, str | None]] = {}
    for programme_id, programme in content.programmes.items():
        paths[f"agenda/{programme_id}.ics"] = (programme_id, None)
        roles = sorted({task.role for period in programme.periods for task in period.tasks})
        for role_id in roles:
            paths[f"agenda/{programme_id}/{role_id}.ics"] = (programme_id, role_id)
    return paths


def calendar_files(content: Any) -> dict[str, bytes]:
    """Relative path -> .ics bytes, for every programme: one for all roles and one per role with tasks."""
    return {
        path: programme_calendar(content, programme_id, role_id)
        for path, (programme_id, role_id) in calendar_paths(content).items()
    }


def _role_name(content: Any, role_id: str) -> str:
    role = content.roles.get(role_id)
    return role.name if role is not None else role_id


def _long_date(day: dt.date) -> str:
    return format_date(day, "EEEE d MMMM y", locale="nl")


def programme_calendar(content: Any, programme_id: str, role_id: str | None) -> bytes:
    """One calendar: the periods of a programme, with the tasks of one role (or of every role)."""
    programme = content.programmes[programme_id]
    site_title = content.site.title if content.site is not None else "Werkplek"
    who = _role_name(content, role_id) if role_id else "alle rollen"
    first_day = min(period.start_date for period in programme.periods)
    stamp = dt.datetime.combine(first_day, dt.time(0, 0), tzinfo=dt.UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{site_title}: {programme.name} ({who})"
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    description = f"Perioden en deadlines van {programme.name}, {programme.institution}, {programme.school_year}."
    if programme.example_dates:
        description += " " + EXAMPLE_DATES
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", vText(description))
    calendar.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")

    label = f" ({who})" if role_id else ""
    uid_role = role_id or "alle-rollen"
    for period in programme.periods:
        tasks = [t for t in period.tasks if role_id is None or t.role == role_id]

        start = Event()
        start.add("uid", f"{programme_id}-{period.id}-start-{uid_role}@{UID_DOMAIN}")
        start.add("dtstamp", stamp)
        start.add("sequence", sequence(period.start_date))
        start.add("dtstart", period.start_date)
        start.add("dtend", period.start_date + dt.timedelta(days=1))
        start.add("summary", f"Start {period.name}{label}")
        precise = len(period.start) > 7
        when = (
            f"op {_long_date(period.start_date)}"
            if precise
            else "in " + format_date(period.start_date, "MMMM y", locale="nl")
        )
        text = f"{period.name} van {programme.name} begint {when}."
        if period.summary:
            text += f"\n\n{period.summary}"
        start.add("description", text)
        start.add("transp", "TRANSPARENT")
        if precise:
            start.add_component(_alarm(DAY_BEFORE_AT_NINE, f"Morgen begint {period.name}"))
        else:  # only the month is known: a reminder on its first day
            start.add_component(_alarm(SAME_DAY_AT_NINE, f"Deze maand begint {period.name}"))
        calendar.add_component(start)

        deadline = Event()
        deadline.add("uid", f"{programme_id}-{period.id}-deadline-{uid_role}@{UID_DOMAIN}")
        deadline.add("dtstamp", stamp)
        deadline.add("sequence", sequence(period.deadline))
        deadline.add("dtstart", period.deadline)
        deadline.add("dtend", period.deadline + dt.timedelta(days=1))
        deadline.add("summary", f"Deadline {period.name}{label}")
        deadline.add("description", _deadline_description(content, programme, period, tasks, role_id))
        deadline.add("transp", "TRANSPARENT")
        deadline.add_component(_alarm(WEEK_BEFORE_AT_NINE, f"Over een week: deadline van {period.name}"))
        deadline.add_component(_alarm(DAY_BEFORE_AT_NINE, f"Morgen: deadline van {period.name}"))
        calendar.add_component(deadline)

        for task in tasks:
            day = task.due(period)
            if day is None:
                continue
            event = Event()
            event.add("uid", f"{programme_id}-{period.id}-taak-{task.id}-{uid_role}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("sequence", sequence(day))
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            who_does = "" if role_id else f" ({_role_name(content, task.role)})"
            event.add("summary", f"{task.title}{who_does}")
            text = f"{period.name} van {programme.name}: {task.title}."
            if task.text:
                text += f"\n\n{task.text}"
            if programme.example_dates:
                text += f"\n\n{EXAMPLE_DATES}"
            event.add("description", text)
            event.add("transp", "TRANSPARENT")
            event.add_component(_alarm(DAY_BEFORE_AT_NINE, f"Morgen: {task.title}"))
            calendar.add_component(event)
    return calendar.to_ical()


def _alarm(trigger: dt.timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    alarm.add("description", text)
    return alarm


def _deadline_description(content: Any, programme: Any, period: Any, tasks: list[Any], role_id: str | None) -> str:
    lines = [f"Uiterste inleverdatum van {period.name} ({programme.name}): {_long_date(period.deadline)}."]
    if role_id is not None:
        if tasks:
            lines += ["", f"Taken voor {_role_name(content, role_id)} in deze periode:"]
            lines += [f"- {task.title}" for task in tasks]
        return "\n".join(lines)
    roles = sorted({t.role for t in tasks}, key=lambda r: (getattr(content.roles.get(r), "order", 100), r))
    for role in roles:
        lines += ["", f"{_role_name(content, role)}:"]
        lines += [f"- {task.title}" for task in tasks if task.role == role]
    return "\n".join(lines)
