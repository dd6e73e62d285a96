"""End to end: real VAPID and aes128gcm against the fake push service, the declarative Web Push payload, and one
VAPID token per push service origin with its own audience."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
import requests
from werkplek.push import reminders
from werkplek.push.sender import send_due

from ..helpers import CONTENT
from .fake_service import Device, b64decode
from .helpers import DEADLINE_DAY, PROGRAMME, SITE, TODAY_TEXT, WEEK_BEFORE, WEEK_TEXT, subscribe, task_count


def test_end_to_end_real_encryption_then_nothing_twice(insecure, service, push, content, data_dir):
    student, wpb = push.device("student"), push.device("wpb")
    key = requests.get(f"{service}/api/key", timeout=5).json()["publicKey"]
    assert key == push.vapid_public_key and len(b64decode(key)) == 65
    assert subscribe(service, student).status_code == 201
    assert subscribe(service, wpb, role="wpb", days=[7]).status_code == 201

    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert not push.problems
    assert report.counts["sent"] == 2 and push.count_by_path() == {"/student": 1, "/wpb": 1}
    messages = {d.path: d.message for d in push.delivered}
    student_tasks = task_count(content, "student")
    assert messages["/student"]["notification"] == {
        "title": WEEK_TEXT,
        "body": f"Werkplekleren Niveau 2: {student_tasks} taken voor Student in deze periode.",
        "navigate": f"planning/#periode--{PROGRAMME}--p2",
        "lang": "nl",
        "dir": "ltr",
        "tag": f"deadline-{PROGRAMME}-p2",
    }
    assert messages["/wpb"]["notification"]["body"].endswith(
        f"{task_count(content, 'wpb')} taken voor Werkplekbegeleider in deze periode."
    )
    # one token per push service per run, not one per message
    assert report.signed_tokens == 1
    assert len({d.headers["authorization"] for d in push.delivered}) == 1
    assert {d.headers["topic"] for d in push.delivered} == {
        reminders.Deadline(PROGRAMME, "", "p2", "", dt.date(2026, 2, 4), {}).topic
    }

    again = send_due(data_dir, CONTENT, now=WEEK_BEFORE + dt.timedelta(hours=3))
    assert again.counts["sent"] == 0 and push.requests == 2


def test_payload_is_a_declarative_web_push_message(insecure, service, push, data_dir):
    device = push.device("phone")
    subscribe(service, device, role="so")
    send_due(data_dir, CONTENT, now=DEADLINE_DAY)
    (delivery,) = push.delivered
    message = delivery.message
    # the parser of the Push API's declarative push message: 8030, a notification with a title and a
    # navigate URL that resolves against the worker's scope (the site's root)
    assert message["web_push"] == 8030 and isinstance(message["web_push"], int)
    notification = message["notification"]
    assert isinstance(notification["title"], str) and notification["title"] == TODAY_TEXT
    assert notification["dir"] in {"auto", "ltr", "rtl"}
    from urllib.parse import urljoin

    assert urljoin(f"{SITE}/stage/", notification["navigate"]) == f"{SITE}/stage/planning/#periode--{PROGRAMME}--p2"
    # and the same for the service worker, at the top level
    assert (message["title"], message["body"], message["url"], message["tag"]) == (
        notification["title"],
        notification["body"],
        notification["navigate"],
        notification["tag"],
    )
    assert message["deadline"] == "2026-02-04" and message["days_left"] == 0
    assert delivery.headers["urgency"] == "high"
    # no personal data: nothing of the subscription travels in the message; it stays small
    text = json.dumps(message)
    for secret in (device.endpoint, *device.subscription()["keys"].values()):
        assert secret not in text
    assert len(reminders.encode(message)) < 3052


def test_each_origin_gets_its_own_token_with_its_own_audience(insecure, service, push, data_dir):
    subscribe(service, push.device("a", host="127.0.0.1"))
    subscribe(service, push.device("b", host="localhost"))
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert not push.problems, push.problems
    assert report.signed_tokens == 2
    assert {d.claims["aud"] for d in push.delivered} == {
        f"http://127.0.0.1:{push.port}",
        f"http://localhost:{push.port}",
    }


def test_the_body_is_byte_for_byte_what_pywebpush_and_http_ece_make(monkeypatch):
    """send-due encrypts with `cryptography` directly (sender.encrypt); for the same ephemeral key pair and
    salt its body is exactly pywebpush's `WebPusher.encode` (aes128gcm through http_ece), and a device
    decrypts it. Each message gets its own key pair and salt."""
    import http_ece
    import pywebpush
    from cryptography.hazmat.primitives.asymmetric import ec
    from werkplek.push import sender

    for size in (1, 200, sender.MAX_PLAINTEXT):
        device = Device.new("https://push.example/x")
        data = os.urandom(size)
        server_key, salt = ec.generate_private_key(ec.SECP256R1()), os.urandom(16)
        ours = sender.encrypt(data, device.subscription(), private_key=server_key, salt=salt)
        monkeypatch.setattr(pywebpush.ec, "generate_private_key", lambda *args, key=server_key: key)
        monkeypatch.setattr(http_ece.os, "urandom", lambda n, salt=salt: salt)  # os itself, until undo()
        theirs = pywebpush.WebPusher(device.subscription()).encode(data, content_encoding="aes128gcm")["body"]
        monkeypatch.undo()
        assert ours == theirs
        assert ours[:16] == salt and int.from_bytes(ours[16:20], "big") == 4096 and ours[20] == 65
        plain = http_ece.decrypt(ours, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm")
        assert plain == data

    device = Device.new("https://push.example/y")
    first, second = (sender.encrypt(b"hallo", device.subscription()) for _ in range(2))
    assert first[:16] != second[:16] and first[21:86] != second[21:86]  # salt and sender key
    for body in (first, second):
        assert http_ece.decrypt(body, private_key=device.private_key, auth_secret=device.auth) == b"hallo"
    with pytest.raises(ValueError):
        sender.encrypt(b"x" * (sender.MAX_PLAINTEXT + 1), device.subscription())
