"""The answers of a push service and what send-due does with them: 410/404 remove the subscription, 429 and its
Retry-After, 5xx and timeouts leave the reminder due, refusals and redirects are recorded (never followed),
stale subscriptions are dropped, a second run at the same time does nothing, unusable keys stop nothing."""

from __future__ import annotations

import base64
import datetime as dt
import logging

from werkplek.push import sender
from werkplek.push.sender import send_due

from ..helpers import CONTENT
from .helpers import PROGRAMME, WEEK_BEFORE, subscribe


def test_410_and_404_remove_the_subscription(insecure, service, push, data_dir, store):
    for name, status in (("gone", 410), ("missing", 404)):
        subscribe(service, push.device(name))
        push.statuses[f"/{name}"] = (status, {})
    subscribe(service, push.device("alive"))
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)  # a pretend run deletes nothing
    assert report.counts["gone"] == 2 and report.counts["sent"] == 1
    assert [s.endpoint for s in store.subscriptions()] == [push.devices["/alive"].endpoint]


def test_429_honours_retry_after_then_sends_once(insecure, service, push, data_dir, store):
    subscribe(service, push.device("busy"))
    push.statuses["/busy"] = (429, {"Retry-After": "600"})
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["retry"] == 1
    assert push.requests == 1 and len(store.subscriptions()) == 1
    push.statuses.clear()
    # still inside Retry-After: the push service is not even asked
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE + dt.timedelta(minutes=5)).counts["retry"] == 1
    assert push.requests == 1
    later = send_due(data_dir, CONTENT, now=WEEK_BEFORE + dt.timedelta(minutes=11))
    assert later.counts["sent"] == 1 and push.requests == 2
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE + dt.timedelta(minutes=20)).counts["sent"] == 0


def test_5xx_and_an_unreachable_service_leave_the_reminder_due(insecure, service, push, data_dir, monkeypatch):
    subscribe(service, push.device("flaky"))
    push.statuses["/flaky"] = (503, {})
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["retry"] == 1
    push.statuses.clear()
    push.hold_after = 0  # accepts the connection, never answers: the timeout must end it
    monkeypatch.setattr(sender, "TIMEOUT", (1.0, 0.5))
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["retry"] == 1
    push.hold_after = None
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["sent"] == 1
    assert push.count_by_path() == {"/flaky": 1}


def test_a_refusing_push_service_is_recorded_not_retried_forever(insecure, service, push, data_dir, store):
    subscribe(service, push.device("bad"))
    push.statuses["/bad"] = (413, {})
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert report.counts["rejected"] == 1 and "413: 1" in report.summary()
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["rejected"] == 0
    assert push.requests == 1 and len(store.subscriptions()) == 1


def test_a_redirect_is_never_followed(insecure, service, push, data_dir, store):
    for name, status in (("moved", 301), ("elsewhere", 307)):
        subscribe(service, push.device(name))
        push.statuses[f"/{name}"] = (status, {"Location": f"{push.url}/target"})
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert report.counts["rejected"] == 2 and report.statuses[300] == 2, report.summary()
    assert push.requests == 2 and not push.delivered  # nothing was sent to /target
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["rejected"] == 0  # recorded, not retried
    assert len(store.subscriptions()) == 2


def test_subscriptions_not_seen_for_60_days_are_dropped(insecure, service, push, data_dir, store):
    now = dt.datetime.now(dt.UTC)
    old, fresh = push.device("old"), push.device("fresh")
    for device in (old, fresh):
        s = device.subscription()
        store.save_subscription(
            device.endpoint,
            s["keys"]["p256dh"],
            s["keys"]["auth"],
            PROGRAMME,
            "student",
            [7, 1, 0],
            now - dt.timedelta(days=10),
        )
    subscribe(service, fresh, days=[1])  # the app re-posts on every open: updates and counts as seen
    subs = {s.endpoint: s for s in store.subscriptions()}
    assert subs[fresh.endpoint].days_before == (1,)
    assert subs[fresh.endpoint].created == subs[old.endpoint].created < subs[fresh.endpoint].seen
    report = send_due(data_dir, CONTENT, now=now + dt.timedelta(days=55), pretend=False)
    assert report.counts["stale"] == 1
    assert [s.endpoint for s in store.subscriptions()] == [fresh.endpoint]


def test_a_second_run_at_the_same_time_does_nothing(insecure, service, push, data_dir, store):
    subscribe(service, push.device("p"))
    with store.run_lock():
        report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert report.busy and report.summary().startswith("Er loopt al een verzendronde")
    assert push.requests == 0


def test_unusable_keys_in_the_store_do_not_stop_the_run(insecure, data_dir, push, store, caplog):
    good = push.device("good")
    s = good.subscription()
    store.save_subscription(
        good.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student", [7], dt.datetime.now(dt.UTC)
    )
    off_curve = base64.urlsafe_b64encode(b"\x04" + b"\x01" * 64).rstrip(b"=").decode()
    for name, p256dh, auth in [
        ("broken", "bm90IGEga2V5", "c2hvcnQ"),
        ("accents", "é" * 87, s["keys"]["auth"]),
        ("off-curve", off_curve, s["keys"]["auth"]),
        ("no-auth", s["keys"]["p256dh"], ""),
    ]:
        store.save_subscription(f"{push.url}/{name}", p256dh, auth, PROGRAMME, "student", [7], dt.datetime.now(dt.UTC))
    with caplog.at_level(logging.WARNING, logger="werkplek.push"):
        report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert (report.counts["sent"], report.counts["rejected"]) == (1, 4)
    unusable = [r.getMessage() for r in caplog.records if "onbruikbare sleutels" in r.getMessage()]
    assert len(unusable) == 4 and not any("Exception" in m or "Invalid" in m for m in unusable), unusable
    assert push.count_by_path() == {"/good": 1}
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["rejected"] == 0  # recorded, not retried
