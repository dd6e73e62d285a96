"""Which reminders are due, and what they say. Pure: content, subscriptions, ledger keys and a moment in,
reminders and payloads out. Every name and date comes from the content."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

from .store import Subscription

TIMEZONE = ZoneInfo("Europe/Amsterdam")  # the schools' clock: "today" and the hour reminders start
SEND_FROM = dt.time(8, 0)  # a reminder due today goes out from this local time on
TTL_SECONDS = 24 * 3600  # push services keep an undelivered reminder this long (pywebpush's default is 0)
PERIOD_PAGE = "planning/#periode--{programme}--{period}"  # the anchor planning.html writes with dom_id("periode", …)


@dataclass(frozen=True)
class Deadline:
    """A period's deadline (for everyone in the programme), or a task moment: the day within a period on
    which tasks with a timing (`when`/`days`, PeriodTask.due) fall, for the roles whose tasks they are.
    tasks_by_role: the period's tasks per role, or for a task moment only that day's."""

    programme_id: str
    programme_name: str
    period_id: str
    period_name: str
    date: dt.date
    tasks_by_role: dict[str, tuple[str, ...]] = field(hash=False, compare=False)
    for_roles: frozenset[str] | None = None  # a task moment: only these roles hear of it

    @property
    def is_task_moment(self) -> bool:
        return self.for_roles is not None

    @property
    def topic(self) -> str:
        """RFC 8030 Topic (at most 32 base64url characters): one per deadline, so a newer reminder for
        the same deadline replaces an older one the push service has not delivered yet."""
        moment = f"/{self.date.isoformat()}" if self.is_task_moment else ""
        digest = hashlib.sha256(f"{self.programme_id}/{self.period_id}{moment}".encode()).hexdigest()
        return digest[:32]

    @property
    def tag(self) -> str:
        """Notification tag: a reminder replaces the previous one for this deadline on the device."""
        if self.is_task_moment:
            return f"taak-{self.programme_id}-{self.period_id}-{self.date.isoformat()}"
        return f"deadline-{self.programme_id}-{self.period_id}"

    @property
    def url(self) -> str:
        return PERIOD_PAGE.format(programme=self.programme_id, period=self.period_id)


def deadlines(content: Any) -> dict[str, list[Deadline]]:
    """Programme id -> its deadlines and task moments, by date, from validated content
    (`werkplek.pipeline.load`). A task that falls on its period's deadline is in that reminder already."""
    result: dict[str, list[Deadline]] = {}
    for programme_id, programme in content.programmes.items():
        items = []
        for period in programme.periods:
            tasks: dict[str, list[str]] = {}
            moments: dict[dt.date, dict[str, list[str]]] = {}
            for task in period.tasks:
                tasks.setdefault(task.role, []).append(task.title)
                due = task.due(period)
                if due is not None and due != period.deadline:
                    moments.setdefault(due, {}).setdefault(task.role, []).append(task.title)
            common = {
                "programme_id": programme_id,
                "programme_name": programme.name,
                "period_id": period.id,
                "period_name": period.name,
            }
            items.append(
                Deadline(
                    **common,
                    date=period.deadline,
                    tasks_by_role={role: tuple(titles) for role, titles in tasks.items()},
                )
            )
            items.extend(
                Deadline(
                    **common,
                    date=day,
                    tasks_by_role={role: tuple(titles) for role, titles in by_role.items()},
                    for_roles=frozenset(by_role),
                )
                for day, by_role in moments.items()
            )
        result[programme_id] = sorted(items, key=lambda item: item.date)
    return result


@dataclass(frozen=True)
class Reminder:
    subscription: Subscription
    deadline: Deadline
    days_before: int  # the subscription's setting this reminder is for (its ledger key)
    days_left: int  # the real number of days to the deadline at sending

    @property
    def key(self) -> str:
        return reminder_key(self.subscription.id, self.deadline, self.days_before)


def reminder_key(sub_id: str, deadline: Deadline, days_before: int) -> str:
    """One key per (subscription, deadline, days-before): the unit of exactly-once. A moved deadline is
    a new deadline and gets its own reminders. A task moment's key has one part more (`taak`), so it never
    meets a deadline's; a deadline's key is as it has always been (the ledger keeps what was sent)."""
    moment = "taak/" if deadline.is_task_moment else ""
    return f"{sub_id}/{deadline.programme_id}/{deadline.period_id}/{moment}{deadline.date.isoformat()}/{days_before}"


def local_now(now: dt.datetime) -> dt.datetime:
    """A moment in the schools' time zone; a naive moment is taken as local time already."""
    return now.replace(tzinfo=TIMEZONE) if now.tzinfo is None else now.astimezone(TIMEZONE)


def plan(
    subscriptions: Iterable[Subscription],
    by_programme: dict[str, list[Deadline]],
    done: set[str],
    now: dt.datetime,
) -> tuple[list[Reminder], list[Reminder]]:
    """The reminders to send now, and those to skip because a later one for the same deadline is due too.

    A reminder `d` days before deadline D is due from SEND_FROM on day D-d until the end of day D. If the
    service missed a day, the reminder still goes out, saying how many days are really left; when several
    are due for one deadline, only the closest one is sent and the others are recorded as skipped."""
    moment = local_now(now)
    today = moment.date()
    sending_hours = moment.time() >= SEND_FROM
    to_send: list[Reminder] = []
    to_skip: list[Reminder] = []
    # per programme, its deadlines from today on with their days left: the reminder `d` days before is
    # due once its day (deadline - d) has passed, or is today during sending hours
    ahead = {
        programme: [(deadline, (deadline.date - today).days) for deadline in found if deadline.date >= today]
        for programme, found in by_programme.items()
    }
    for sub in subscriptions:
        days_before = set(sub.days_before)
        for deadline, days_left in ahead.get(sub.programme, ()):
            if deadline.is_task_moment and sub.role not in deadline.for_roles:
                continue
            due = sorted(d for d in days_before if d > days_left or (d == days_left and sending_hours))
            if not due:
                continue
            reminders = [Reminder(sub, deadline, d, days_left) for d in due]
            pending = [r for r in reminders if r.key not in done]
            if not pending:
                continue
            closest = reminders[0]
            if closest.key in done:  # the closest was sent already: older ones are out of date
                to_skip.extend(pending)
            else:
                to_send.append(closest)
                to_skip.extend(r for r in pending if r is not closest)
    return to_send, to_skip


def weekday_date(day: dt.date) -> str:
    """woensdag 4 februari"""
    return format_date(day, "EEEE d MMMM", locale="nl")


def headline(deadline: Deadline, days_left: int, role_id: str = "") -> str:
    if deadline.is_task_moment:
        titles = deadline.tasks_by_role.get(role_id, ())
        what = titles[0] if len(titles) == 1 else f"{len(titles)} taken in {deadline.period_name}"
        when = {0: "Vandaag", 1: "Morgen"}.get(days_left, f"Over {days_left} dagen")
        return f"{when}: {what} ({weekday_date(deadline.date)})"
    what = f"{deadline.period_name} ({weekday_date(deadline.date)})"
    if days_left == 0:
        return f"Vandaag: deadline van {what}"
    if days_left == 1:
        return f"Morgen: deadline van {what}"
    return f"Nog {days_left} dagen tot de deadline van {what}"


def body(deadline: Deadline, role_name: str, role_id: str) -> str:
    if deadline.is_task_moment:
        titles = deadline.tasks_by_role.get(role_id, ())
        listed = ": " + "; ".join(titles) if len(titles) > 1 else ""
        return f"{deadline.programme_name}, {deadline.period_name}{listed}. Bekijk de planning."
    count = len(deadline.tasks_by_role.get(role_id, ()))
    if not count:
        return f"{deadline.programme_name}. Bekijk de planning."
    noun = "taak" if count == 1 else "taken"
    return f"{deadline.programme_name}: {count} {noun} voor {role_name} in deze periode."


def payload(reminder: Reminder, role_name: str) -> dict[str, Any]:
    """What the device receives, encrypted. No personal data: only content and the chosen role.

    It is a Declarative Web Push message (Safari 18.4+ shows it without running a service worker; the
    `navigate` URL is resolved against the worker's scope, the site's root) and carries the same fields at
    the top level for the service worker of other browsers."""
    return json.loads(payload_bytes(reminder.deadline, reminder.days_left, reminder.subscription.role, role_name))


@functools.lru_cache(maxsize=4096)
def payload_bytes(deadline: Deadline, days_left: int, role_id: str, role_name: str) -> bytes:
    """The encoded payload; the same for every subscriber with this role, so it is made once per run."""
    return encode(_payload(deadline, days_left, role_id, role_name))


def _payload(deadline: Deadline, days_left: int, role_id: str, role_name: str) -> dict[str, Any]:
    title = headline(deadline, days_left, role_id)
    text = body(deadline, role_name, role_id)
    return {
        "web_push": 8030,
        "notification": {
            "title": title,
            "body": text,
            "navigate": deadline.url,
            "lang": "nl",
            "dir": "ltr",
            "tag": deadline.tag,
        },
        "title": title,
        "body": text,
        "url": deadline.url,
        "tag": deadline.tag,
        "deadline": deadline.date.isoformat(),
        "days_left": days_left,
    }


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def urgency(reminder: Reminder) -> str:
    """RFC 8030 Urgency: the day itself matters more than a week ahead."""
    return "high" if reminder.days_left == 0 else "normal"
