"""The push service: real VAPID and aes128gcm against a fake push service on 127.0.0.1, exactly-once sending,
concurrency from threads and processes, kill -9 during writes, and every kind of bad input and SSRF endpoint.

Network: only 127.0.0.1. Names that are not IP literals or `localhost` go through a fake resolver, so no
test ever sends a DNS query."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import http.client
import json
import logging
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import http_ece
import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from werkzeug.serving import make_server

from werkplek.pipeline import load
from werkplek.push import api, netguard, reminders, sender
from werkplek.push.keys import init_keys
from werkplek.push.sender import send_due
from werkplek.push.store import AtomicJSONStorage, PushStore, subscription_id

from .helpers import CONTENT

SUBJECT = "mailto:beheer@werkplek.test"
PROGRAMME = "hr-n2-2025-2026"
SITE = "https://school.test"
# 7, 1 and 0 days before the deadline of Periode 2 (Wednesday 4 February 2026), after 08:00 local time
WEEK_BEFORE = dt.datetime(2026, 1, 28, 9, 0)
DAY_BEFORE = dt.datetime(2026, 2, 3, 9, 0)
DEADLINE_DAY = dt.datetime(2026, 2, 4, 9, 0)
WEEK_TEXT = "Nog 7 dagen tot de deadline van Periode 2 (woensdag 4 februari)"
DAY_TEXT = "Morgen: deadline van Periode 2 (woensdag 4 februari)"
TODAY_TEXT = "Vandaag: deadline van Periode 2 (woensdag 4 februari)"
PUBLIC_IP = "93.184.216.34"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


# --------------------------------------------------------------------------------------------------------
# A fake push service: checks the VAPID JWT against the public key and decrypts each message.


@dataclasses.dataclass
class Device:
    """A browser's side of a subscription: a fresh P-256 key pair and auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @classmethod
    def new(cls, endpoint: str) -> Device:
        return cls(endpoint, ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    def subscription(self) -> dict[str, Any]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)}}


@dataclasses.dataclass
class Delivery:
    path: str
    origin: str
    headers: dict[str, str]
    claims: dict[str, Any]
    message: dict[str, Any]


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many senders connect at once; socketserver's default backlog is 5


class FakePushService:
    def __init__(self, vapid_public_key: str) -> None:
        self.vapid_public_key = vapid_public_key
        self.devices: dict[str, Device] = {}
        self.statuses: dict[str, tuple[int, dict[str, str]]] = {}
        self.delivered: list[Delivery] = []
        self.problems: list[str] = []
        self.requests = 0
        self.connections = 0
        self.delay = 0.0
        self.gate: threading.Event | None = None  # when set, every request waits for it before answering
        self.hold_after: int | None = None  # accept this many, then hold every later request unanswered
        self.accepted = 0
        self.held = 0
        self.release = threading.Event()
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real push services

            def setup(self) -> None:
                super().setup()
                with service.lock:
                    service.connections += 1

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with service.lock:
                    service.requests += 1
                    hold = service.hold_after is not None and service.accepted >= service.hold_after
                    if hold:
                        service.held += 1
                    else:
                        service.accepted += 1
                if hold:  # never answered: the push service did not accept this message
                    service.release.wait(30)
                    self.close_connection = True
                    return
                if service.gate is not None:
                    service.gate.wait(30)
                if service.delay:
                    time.sleep(service.delay)
                status, extra = service.statuses.get(self.path, (201, {}))
                if status == 201:
                    try:
                        delivery = service.check(self.path, dict(self.headers), body)
                    except Exception as exc:  # noqa: BLE001 - any failed check is a test failure
                        with service.lock:
                            service.problems.append(f"{self.path}: {exc!r}")
                        status = 400
                    else:
                        with service.lock:
                            service.delivered.append(delivery)
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def device(self, name: str, host: str = "127.0.0.1") -> Device:
        device = Device.new(f"http://{host}:{self.port}/{name}")
        self.devices[f"/{name}"] = device
        return device

    def check(self, path: str, headers: dict[str, str], body: bytes) -> Delivery:
        """What a real push service checks, and what the browser does with the body."""
        headers = {k.lower(): v for k, v in headers.items()}
        origin = f"http://{headers['host']}"
        match = re.fullmatch(r"vapid t=([^,]+),k=([A-Za-z0-9_-]+)", headers["authorization"])
        assert match, headers["authorization"]
        token, key = match.groups()
        assert key == self.vapid_public_key, "k= is not the service's public key"
        signed, _, signature = token.rpartition(".")
        raw = b64decode(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(self.vapid_public_key))
        public.verify(  # raises InvalidSignature
            encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
            signed.encode(), ec.ECDSA(hashes.SHA256()),
        )
        header, claims = (json.loads(b64decode(part)) for part in signed.split("."))
        assert header == {"typ": "JWT", "alg": "ES256"}
        assert claims["aud"] == origin, (claims, origin)
        assert claims["sub"] == SUBJECT
        assert time.time() < claims["exp"] <= time.time() + 12 * 3600 + 5
        assert int(headers["ttl"]) >= 24 * 3600
        assert headers["urgency"] in {"very-low", "low", "normal", "high"}
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", headers["topic"])
        assert headers["content-encoding"] == "aes128gcm"
        device = self.devices[path]
        plain = http_ece.decrypt(body, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm")
        return Delivery(path, origin, headers, claims, json.loads(plain))

    def count_by_path(self) -> Counter[str]:
        return Counter(d.path for d in self.delivered)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# --------------------------------------------------------------------------------------------------------
# Fixtures: keys in a data folder, the service on loopback, the fake push service.


@pytest.fixture
def insecure(monkeypatch) -> None:
    """Allow the local fake push server (http on 127.0.0.1); subprocesses inherit it."""
    monkeypatch.setenv(netguard.INSECURE_ENV, "1")


@pytest.fixture
def secure(monkeypatch) -> None:
    monkeypatch.delenv(netguard.INSECURE_ENV, raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "push-data"
    init_keys(folder, SUBJECT)
    return folder


@pytest.fixture
def public_key(data_dir: Path) -> str:
    return json.loads((data_dir / "vapid.json").read_text())["publicKey"]


@contextlib.contextmanager
def serve_app(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


NO_LIMITS = api.Limits(per_client=0, total=0)  # these tests send many requests from 127.0.0.1; test_push_hostile.py tests the limits


@pytest.fixture
def app(data_dir: Path):
    return api.create_push_app(data_dir, CONTENT, [SITE], NO_LIMITS)


@pytest.fixture
def service(app) -> Iterator[str]:
    with serve_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Iterator[tuple[str, PushStore]]:
    """One service for the many tests that must store nothing: they share it, and each checks it is empty."""
    folder = tmp_path_factory.mktemp("shared") / "push-data"
    init_keys(folder, SUBJECT)
    with serve_app(api.create_push_app(folder, CONTENT, [SITE], NO_LIMITS)) as url:
        yield url, PushStore(folder)


@pytest.fixture
def push(public_key: str) -> Iterator[FakePushService]:
    fake = FakePushService(public_key)
    yield fake
    fake.close()


@pytest.fixture
def store(data_dir: Path) -> PushStore:
    return PushStore(data_dir)


def subscribe(url: str, device: Device, role: str = "student", days: list[int] | None = None,
              programme: str = PROGRAMME) -> requests.Response:
    body: dict[str, Any] = {"subscription": device.subscription(), "programme": programme, "role": role}
    if days is not None:
        body["days_before"] = days
    return requests.post(f"{url}/api/subscriptions", json=body, timeout=10)


def task_count(content, role: str, period: str = "p2") -> int:
    found = next(p for p in content.programmes[PROGRAMME].periods if p.id == period)
    return sum(1 for t in found.tasks if t.role == role)


FAKE_DNS: dict[str, list[str]] = {}


@pytest.fixture
def fake_dns(monkeypatch) -> dict[str, list[str]]:
    """Names resolve from this dict; IP literals and localhost resolve for real (no DNS query)."""
    FAKE_DNS.clear()

    def resolve(host: str, port: int) -> list[str]:
        if host in FAKE_DNS:
            return FAKE_DNS[host]
        if host == "localhost":
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        else:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        return sorted({i[4][0] for i in infos})

    monkeypatch.setattr(netguard, "resolve", resolve)
    return FAKE_DNS


# --------------------------------------------------------------------------------------------------------
# End to end


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
        "navigate": f"planning/#periode--{PROGRAMME}--p2", "lang": "nl", "dir": "ltr", "tag": f"deadline-{PROGRAMME}-p2",
    }
    assert messages["/wpb"]["notification"]["body"].endswith(
        f"{task_count(content, 'wpb')} taken voor Werkplekbegeleider in deze periode.")
    # one token per push service per run, not one per message
    assert report.signed_tokens == 1
    assert len({d.headers["authorization"] for d in push.delivered}) == 1
    assert {d.headers["topic"] for d in push.delivered} == {reminders.Deadline(
        PROGRAMME, "", "p2", "", dt.date(2026, 2, 4), {}).topic}

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
        notification["title"], notification["body"], notification["navigate"], notification["tag"])
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
        f"http://127.0.0.1:{push.port}", f"http://localhost:{push.port}"}


# --------------------------------------------------------------------------------------------------------
# What is due, and what it says


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
    utc = dt.datetime(2026, 1, 28, 7, 30, tzinfo=dt.timezone.utc)
    assert send_due(data_dir, CONTENT, now=utc).counts["sent"] == 1
    assert send_due(data_dir, CONTENT, now=dt.datetime(2026, 2, 5, 9, 0)).counts["sent"] == 0
    assert push.requests == 1


def test_a_missed_day_sends_the_real_days_left_and_only_the_closest(content):
    deadlines = reminders.deadlines(content)
    sub = _sub("x", days=(7, 1, 0))
    to_send, to_skip = reminders.plan([sub], deadlines, set(), dt.datetime(2026, 1, 31, 10, 0))
    assert [(r.deadline.period_id, r.days_before, r.days_left) for r in to_send] == [("p2", 7, 4)]
    assert reminders.headline(to_send[0].deadline, 4) == \
        "Nog 4 dagen tot de deadline van Periode 2 (woensdag 4 februari)"
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
    return Subscription(subscription_id(name), f"https://push.test/{name}", "k", "a", PROGRAMME, role, days,
                        "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00")


# --------------------------------------------------------------------------------------------------------
# Answers of the push service


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
    now = dt.datetime.now(dt.timezone.utc)
    old, fresh = push.device("old"), push.device("fresh")
    for device in (old, fresh):
        s = device.subscription()
        store.save_subscription(device.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student",
                                [7, 1, 0], now - dt.timedelta(days=10))
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


# --------------------------------------------------------------------------------------------------------
# Exactly once, with a run killed half-way


REAL_RUN = """
import datetime as dt, sys
from pathlib import Path
from werkplek.push.sender import send_due
print(send_due(Path(sys.argv[1]), Path(sys.argv[2]), now=dt.datetime.fromisoformat(sys.argv[3]), pretend=False).summary())
"""


def _send_due_process(data_dir: Path, now: dt.datetime, real: bool = False) -> subprocess.Popen:
    """`send-due --now` in a process of its own; `real`: a real run at that moment (one that deletes what
    push services report gone), which the command line never does with --now."""
    command = ([sys.executable, "-c", REAL_RUN, str(data_dir), str(CONTENT), now.isoformat()] if real else
               [sys.executable, "-m", "werkplek", "push", "send-due", "--data", str(data_dir),
                "--content", str(CONTENT), "--now", now.isoformat()])
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_run_killed_half_way_then_run_again_sends_each_reminder_exactly_once(insecure, data_dir, push, store):
    total, accepted = 60, 20
    devices = [push.device(f"d{i}") for i in range(total)]
    for device in devices:
        s = device.subscription()
        store.save_subscription(device.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student",
                                [7, 1, 0], dt.datetime.now(dt.timezone.utc))
    push.hold_after = accepted
    run = _send_due_process(data_dir, WEEK_BEFORE)
    # every sending thread is now stuck in a request the push service never answers, so each of them has
    # recorded the answer it had before: this is "half-way", with messages in flight
    _wait_for(lambda: push.held >= min(sender.WORKERS, total - accepted))
    run.send_signal(signal.SIGKILL)
    run.wait(10)
    assert run.returncode == -signal.SIGKILL
    assert len(push.delivered) == accepted
    push.release.set()
    push.hold_after = None

    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert report.counts["sent"] == total - accepted
    assert push.count_by_path() == {f"/d{i}": 1 for i in range(total)}
    assert not push.problems
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE + dt.timedelta(hours=1)).counts["sent"] == 0
    assert len(push.delivered) == total


def test_a_large_run_sends_from_several_processes_each_reminder_once(insecure, data_dir, push, store, monkeypatch):
    monkeypatch.setattr(sender, "PROCESS_MIN", 10)
    monkeypatch.setattr(sender, "PROCESSES", 2)
    devices = [push.device(f"m{i}") for i in range(24)]
    for device in devices:
        s = device.subscription()
        store.save_subscription(device.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "wpb", [7],
                                dt.datetime.now(dt.timezone.utc))
    push.statuses["/m3"] = (410, {})
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)
    assert not push.problems, push.problems
    assert (report.counts["sent"], report.counts["gone"], report.signed_tokens) == (23, 1, 1), report.summary()
    assert push.count_by_path() == {f"/m{i}": 1 for i in range(24) if i != 3}
    assert len({d.headers["authorization"] for d in push.delivered}) == 1  # one token, shared by the processes
    assert len(store.subscriptions()) == 23
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["sent"] == 0


def test_no_run_starts_while_senders_of_an_earlier_run_are_at_work(insecure, service, push, data_dir, store):
    subscribe(service, push.device("p"))
    with store.sending():  # as a sending process of a killed run would hold it
        assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).busy
    assert push.requests == 0
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["sent"] == 1


# --------------------------------------------------------------------------------------------------------
# Concurrency: threads and processes writing while send-due runs


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve_process(data_dir: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "werkplek", "push", "serve", "--data", str(data_dir), "--content", str(CONTENT),
         "--port", str(port), "--allow-origin", SITE, "--limit-client", "0", "--limit-total", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _start_push_serve(data_dir: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`werkplek push serve` on 127.0.0.1 on a free port, answering; the caller stops it (`_stop`)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "werkplek", "push", "serve", "--data", str(data_dir), "--content", str(CONTENT),
         "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _up(url) or process.poll() is not None, timeout=30)
    except BaseException:
        process.kill()
        process.communicate()
        raise
    assert process.poll() is None, process.communicate()
    return process, url


def _stop(process: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM, as systemd stops it: the server finishes and says so; killed only if it hangs."""
    process.terminate()
    try:
        out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("push serve stopte niet binnen 15 s na SIGTERM") from None
    assert process.returncode == 0, (process.returncode, out, err)
    assert out.rstrip().endswith("Herinneringendienst gestopt."), out
    return out, err


@pytest.mark.parametrize("debug", [False, True], ids=["waitress", "debug-werkzeug"])
def test_push_serve_runs_waitress_and_the_development_server_only_with_debug(data_dir, debug):
    process, url = _start_push_serve(data_dir, *(["--debug"] if debug else []))
    try:
        answer = requests.get(f"{url}/healthz", timeout=5)
        key = requests.get(f"{url}/api/key", timeout=5)
    finally:
        out, err = _stop(process)
    assert answer.json() == {"status": "ok"} and key.status_code == 200
    if debug:
        assert answer.headers["Server"].startswith("Werkzeug/"), answer.headers
        assert "ontwikkelserver van Werkzeug" in out
    else:
        assert answer.headers["Server"] == "waitress", answer.headers
        assert f"Herinneringendienst op {url}/ (waitress, 8 threads" in out
        assert err == "", err  # no English banner, no warnings
    assert "development server" not in err, err


def test_push_serve_behind_a_proxy_limits_each_browser_by_x_forwarded_for(data_dir):
    """waitress drops X-Forwarded-For by default; with --proxies the app's ProxyFix must still get it."""
    process, url = _start_push_serve(data_dir, "--proxies", "1", "--limit-client", "1", "--limit-total", "0")
    try:
        def post(client: str) -> int:  # not JSON: refused after the limit is counted
            return requests.post(f"{url}/api/subscriptions", data="x", timeout=5,
                                 headers={"Content-Type": "text/plain", "X-Forwarded-For": client}).status_code
        statuses = [post("198.51.100.1"), post("198.51.100.1"), post("198.51.100.2")]
    finally:
        _stop(process)
    assert statuses == [415, 429, 415], statuses


def test_push_serve_on_a_port_in_use_says_so_in_dutch(data_dir):
    from click.testing import CliRunner

    from werkplek.__main__ import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for debug in ([], ["--debug"]):
            result = CliRunner().invoke(cli, ["push", "serve", "--data", str(data_dir), "--content", str(CONTENT),
                                              "--port", str(port), *debug])
            assert result.exit_code == 1, result.output
            assert f"Kan niet luisteren op 127.0.0.1:{port}: de poort is al in gebruik." in result.output
            assert "Traceback" not in result.output


def _shards_are_valid_json(data_dir: Path) -> None:
    for path in [*data_dir.glob("subscriptions/*.json"), *data_dir.glob("*.json")]:
        json.loads(path.read_text())  # raises on a torn file


def test_parallel_subscribes_from_threads_and_processes_while_send_due_runs(insecure, data_dir, app, push, store):
    # work for send-due: 48 reminders, a quarter of them to endpoints that are gone (deletes in the shards)
    seeded = [push.device(f"seed{i}") for i in range(48)]
    for i, device in enumerate(seeded):
        s = device.subscription()
        store.save_subscription(device.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student",
                                [7], dt.datetime.now(dt.timezone.utc))
        if i % 4 == 0:
            push.statuses[f"/seed{i}"] = (410, {})
    push.gate = threading.Event()
    ports = [_free_port(), _free_port()]
    servers = [_serve_process(data_dir, port) for port in ports]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            _wait_for(lambda url=url: _up(url), timeout=30)
        with serve_app(app) as local:
            urls.append(local)
            new = [Device.new(f"{push.url}/new{i}") for i in range(240)]
            errors: list[str] = []
            done = Counter()
            lock = threading.Lock()

            def worker(part: list[Device], offset: int) -> None:
                with requests.Session() as session:
                    for n, device in enumerate(part):
                        url = urls[(offset + n) % len(urls)]
                        body = {"subscription": device.subscription(), "programme": PROGRAMME, "role": "wpb"}
                        response = session.post(f"{url}/api/subscriptions", json=body, timeout=20)
                        if response.status_code != 201:
                            errors.append(response.text)
                        with lock:
                            done["subscribed"] += 1
                            if done["subscribed"] == len(new) // 2:
                                push.gate.set()  # send-due gets its answers, records them, deletes the gone

            run = _send_due_process(data_dir, WEEK_BEFORE, real=True)
            _wait_for(lambda: push.requests > 0)  # send-due is sending (and waiting for answers)
            threads = [threading.Thread(target=worker, args=(new[i::8], i)) for i in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            out, err = run.communicate(timeout=60)
            assert run.returncode == 0, err
            assert not errors, errors[:3]
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    _shards_are_valid_json(data_dir)
    stored = {s.endpoint for s in store.subscriptions()}
    gone = {d.endpoint for i, d in enumerate(seeded) if i % 4 == 0}
    assert stored == {d.endpoint for d in new} | ({d.endpoint for d in seeded} - gone)
    assert "36 herinnering(en) verzonden" in out and "12 abonnement(en) verlopen" in out
    assert push.count_by_path() == {f"/seed{i}": 1 for i in range(48) if i % 4}


def _up(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


WRITER = """
import datetime as dt, sys
from pathlib import Path
from werkplek.push.store import PushStore, Outcome
store = PushStore(Path(sys.argv[1]))
start = int(sys.argv[2])
now = dt.datetime.now(dt.timezone.utc)
for i in range(start, start + 100000):
    store.save_subscription(f"https://push.test/{i}", "k", "a", "p", "r", [7, 1, 0], now)
    print(i, flush=True)
    if i % 10 == 0:
        with store.journal() as journal:
            journal.record(Outcome(f"key{i}", "sent", "s", "2026-02-04", "t"))
        store.fold_journal()
"""


def test_kill_9_during_writes_leaves_a_readable_database(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    written: list[int] = []
    journaled: set[str] = set()  # key i is folded before the same child writes i + 1
    rng = random.Random(9)
    start = 0
    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(data), str(start)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        first = child.stdout.readline()  # it is writing now
        assert first.strip() == str(start)
        time.sleep(rng.uniform(0.02, 0.15))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=10)
        done = [int(line) for line in (first + out).split()]
        written.extend(done)
        journaled |= {f"key{i}" for i in done if i % 10 == 0 and i + 1 in done}
        start = done[-1] + 1
        # every file is whole JSON, and TinyDB reads it
        _shards_are_valid_json(data)
        for path in data.glob("subscriptions/*.json"):
            assert AtomicJSONStorage(path).read() is not None
        stored = {s.endpoint for s in PushStore(data).subscriptions()}
        assert {f"https://push.test/{i}" for i in written} <= stored
        assert PushStore(data).done_keys() >= journaled
    assert len(written) > 8 and journaled


# --------------------------------------------------------------------------------------------------------
# Bad input: 4xx with a Dutch message, and nothing stored


def _valid_body(endpoint: str = "https://push.example.net/abc") -> dict[str, Any]:
    return {"subscription": Device.new(endpoint).subscription(), "programme": PROGRAMME, "role": "student",
            "days_before": [7, 1, 0]}


def _with(path: str, value: Any) -> dict[str, Any]:
    body = _valid_body()
    target = body
    *parents, last = path.split(".")
    for part in parents:
        target = target[part]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return body


BAD_BODIES = {
    "not an object": [1, 2, 3],
    "days as text": _with("days_before", "7"),
    "day as text": _with("days_before", ["7"]),
    "day as bool": _with("days_before", [True]),
    "day too far": _with("days_before", [61]),
    "negative day": _with("days_before", [-1]),
    "no days": _with("days_before", []),
    "too many days": _with("days_before", list(range(11))),
    "programme as number": _with("programme", 5),
    "unknown programme": _with("programme", "onbekend"),
    "unknown role": _with("role", "directeur"),
    "role with capitals": _with("role", "Student"),
    "missing subscription": _with("subscription", KeyError),
    "missing keys": _with("subscription.keys", KeyError),
    "extra field": {**_valid_body(), "naam": "Jan"},
    "endpoint as number": _with("subscription.endpoint", 12),
    "p256dh not a key": _with("subscription.keys.p256dh", b64url(b"\x04" + b"\x01" * 64)),
    "p256dh not base64": _with("subscription.keys.p256dh", "!!!"),
    "auth too short": _with("subscription.keys.auth", b64url(b"123")),
    "subscription as text": _with("subscription", "abc"),
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_bodies_are_refused_with_a_dutch_message(secure, fake_dns, shared, body):
    service, store = shared
    fake_dns["push.example.net"] = [PUBLIC_IP]
    response = requests.post(f"{service}/api/subscriptions", json=body, timeout=5)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["error"] == "De aanvraag klopt niet."
    assert answer["problems"] and all(p["field"] and p["message"] for p in answer["problems"])
    assert store.subscriptions() == []


def test_the_messages_name_the_field_in_dutch(secure, fake_dns, shared):
    service, store = shared
    fake_dns["push.example.net"] = [PUBLIC_IP]
    body = _with("days_before", ["7", 70])
    body["role"] = "directeur"
    problems = requests.post(f"{service}/api/subscriptions", json=body, timeout=5).json()["problems"]
    assert {"field": "days_before[0]", "message": "moet een geheel getal zijn"} in problems
    assert {"field": "days_before[1]", "message": "mag hoogstens 60 zijn"} in problems
    body = _with("role", "directeur")
    problems = requests.post(f"{service}/api/subscriptions", json=body, timeout=5).json()["problems"]
    assert problems == [{"field": "role", "message": "onbekende rol 'directeur'"}]


def test_a_valid_public_endpoint_is_stored(secure, fake_dns, service, store):
    fake_dns["push.example.net"] = [PUBLIC_IP, "2606:2800:220:1:248:1893:25c8:1946"]
    response = requests.post(f"{service}/api/subscriptions", json=_valid_body(), timeout=5)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", answer.pop("token"))
    assert answer == {"status": "aangemeld", "programme": PROGRAMME, "role": "student", "days_before": [7, 1, 0]}
    again = {**_valid_body(), "token": response.json()["token"]}
    assert requests.post(f"{service}/api/subscriptions", json=again, timeout=5).json()["status"] == "bijgewerkt"
    assert len(store.subscriptions()) == 1


@pytest.mark.parametrize("raw, content_type, status", [
    (b"{not json", "application/json", 400),
    (b"", "application/json", 400),
    (b'{"subscription": ', "application/json", 400),
    (b"\xff\xfe", "application/json", 400),
    (json.dumps(_valid_body()).encode(), "text/plain", 415),
    (json.dumps(_valid_body()).encode(), "application/x-www-form-urlencoded", 415),
])
def test_malformed_requests(secure, fake_dns, shared, raw, content_type, status):
    service, store = shared
    fake_dns["push.example.net"] = [PUBLIC_IP]
    response = requests.post(f"{service}/api/subscriptions", data=raw, headers={"Content-Type": content_type},
                             timeout=5)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert store.subscriptions() == []


def test_oversized_bodies_are_refused_with_and_without_a_length(secure, fake_dns, shared):
    service, store = shared
    fake_dns["push.example.net"] = [PUBLIC_IP]
    body = _valid_body()
    body["subscription"]["endpoint"] += "x" * (17 * 1024)
    response = requests.post(f"{service}/api/subscriptions", json=body, timeout=5)
    assert response.status_code == 413 and "te groot" in response.json()["error"]
    # chunked, so the server cannot see the size in advance
    host, port = service.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    chunks = (json.dumps(body).encode()[i:i + 1024] for i in range(0, 20 * 1024, 1024))
    connection.request("POST", "/api/subscriptions", body=chunks, encode_chunked=True,
                       headers={"Content-Type": "application/json"})
    answer = connection.getresponse()
    assert answer.status == 413
    connection.close()
    assert store.subscriptions() == []


SSRF_ENDPOINTS = {
    "plain http": "http://push.example.net/x",
    "ftp": "ftp://push.example.net/x",
    "file": "file:///etc/passwd",
    "javascript": "javascript:alert(1)",
    "credentials": "https://user:secret@push.example.net/x",
    "no host": "https:///x",
    "bad port": "https://push.example.net:99999/x",
    "localhost": "https://localhost/x",
    "loopback": "https://127.0.0.1/x",
    "loopback short": "https://127.1/x",
    "loopback decimal": "https://2130706433/x",
    "loopback hex": "https://0x7f000001/x",
    "loopback octal": "https://0177.0.0.1/x",
    "ipv6 loopback": "https://[::1]/x",
    "ipv4-mapped ipv6": "https://[::ffff:127.0.0.1]/x",
    "nat64 of loopback": "https://[64:ff9b::7f00:1]/x",
    "6to4 of loopback": "https://[2002:7f00:1::]/x",
    "unspecified": "https://0.0.0.0/x",
    "private 10": "https://10.1.2.3/x",
    "private 172": "https://172.16.5.4/x",
    "private 192": "https://192.168.1.10/x",
    "carrier nat": "https://100.64.0.1/x",
    "link-local metadata": "https://169.254.169.254/latest/meta-data/",
    "ipv6 link-local": "https://[fe80::1]/x",
    "ipv6 unique local": "https://[fc00::1]/x",
    "multicast": "https://224.0.0.1/x",
    "name to private": "https://intern.example.net/x",
    "name to public and private": "https://gemengd.example.net/x",
    "name that does not resolve": "https://bestaat-niet.example.net/x",
    "spaces": "https://push.example.net/a b",
    "too long": "https://push.example.net/" + "a" * 2100,
}


@pytest.mark.parametrize("endpoint", SSRF_ENDPOINTS.values(), ids=SSRF_ENDPOINTS.keys())
def test_endpoints_that_could_reach_inside_are_refused(secure, fake_dns, shared, endpoint):
    service, store = shared
    fake_dns.update({"push.example.net": [PUBLIC_IP], "intern.example.net": ["10.0.0.5"],
                     "gemengd.example.net": [PUBLIC_IP, "127.0.0.1"], "bestaat-niet.example.net": []})
    body = _valid_body()
    body["subscription"]["endpoint"] = endpoint
    response = requests.post(f"{service}/api/subscriptions", json=body, timeout=5)
    assert response.status_code == 400, response.text
    assert any(p["field"] == "subscription.endpoint" for p in response.json()["problems"])
    assert store.subscriptions() == []


def test_send_time_resolution_refuses_a_name_that_turned_private(secure, fake_dns, service, data_dir, store, push):
    fake_dns["rebind.example.net"] = [PUBLIC_IP]
    device = Device.new("https://rebind.example.net/x")
    assert subscribe(service, device).status_code == 201
    fake_dns["rebind.example.net"] = ["10.0.0.7"]
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)
    assert report.counts["blocked"] == 1 and report.counts["sent"] == 0
    assert store.subscriptions() == []


def test_the_connection_itself_refuses_a_private_peer(secure, monkeypatch, data_dir, store, push):
    """DNS says public, the socket lands on loopback (rebinding between check and connect): refused
    before a single byte of the request is sent."""
    monkeypatch.setattr(netguard, "resolve", lambda host, port: [PUBLIC_IP])
    device = push.device("peer")
    endpoint = device.endpoint.replace("http://", "https://")
    push.devices["/peer"] = device
    s = device.subscription()
    store.save_subscription(endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student", [7],
                            dt.datetime.now(dt.timezone.utc))
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)
    assert report.counts["blocked"] == 1
    assert push.requests == 0
    assert store.subscriptions() == []


def test_the_sending_pool_checks_every_new_connection(secure, push):
    """The guard sits in the connection pool itself: a loopback peer is refused before anything is sent,
    for http and https, and the unguarded pool (tests only) does connect."""
    for scheme in ("http", "https"):
        with pytest.raises(netguard.BlockedAddress):
            netguard.push_pool().urlopen("POST", f"{scheme}://127.0.0.1:{push.port}/x", body=b"x",
                                         retries=False, redirect=False)
    assert push.requests == 0
    push.statuses["/x"] = (204, {})
    answer = netguard.push_pool(guarded=False).urlopen("POST", f"{push.url}/x", body=b"", retries=False)
    assert answer.status == 204 and push.requests == 1


# --------------------------------------------------------------------------------------------------------
# The rest of the API


def test_unsubscribe_removes_and_is_idempotent(insecure, service, push, store):
    device = push.device("p")
    token = subscribe(service, device).json()["token"]
    for _ in range(2):
        response = requests.delete(f"{service}/api/subscriptions", json={"endpoint": device.endpoint, "token": token},
                                   timeout=5)
        assert response.status_code == 204
    assert store.subscriptions() == []
    bad = requests.delete(f"{service}/api/subscriptions", json={"endpoint": 5}, timeout=5)
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "endpoint"


def test_cors_only_for_the_configured_sites(insecure, service, push, store):
    preflight = requests.options(f"{service}/api/subscriptions", timeout=5, headers={
        "Origin": SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == SITE
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    body = {"subscription": push.device("p").subscription(), "programme": PROGRAMME, "role": "student"}
    allowed = requests.post(f"{service}/api/subscriptions", json=body, headers={"Origin": SITE}, timeout=5)
    assert allowed.status_code == 201 and allowed.headers["Access-Control-Allow-Origin"] == SITE
    for method in ("options", "post", "get"):
        other = requests.request(method, f"{service}/api/subscriptions" if method != "get" else f"{service}/api/key",
                                 json=body, headers={"Origin": "https://evil.test"}, timeout=5)
        assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other.headers
        assert "niet toegestaan" in other.json()["error"]
    assert len(store.subscriptions()) == 1


def test_unknown_routes_and_methods_answer_json(insecure, service):
    assert requests.get(f"{service}/healthz", timeout=5).json() == {"status": "ok"}
    missing = requests.get(f"{service}/api/onbekend", timeout=5)
    assert missing.status_code == 404 and "bestaat niet" in missing.json()["error"]
    wrong = requests.put(f"{service}/api/subscriptions", json={}, timeout=5)
    assert wrong.status_code == 405 and wrong.json()["error"]


def test_init_keeps_the_key_and_protects_it(tmp_path: Path):
    from click.testing import CliRunner

    from werkplek.__main__ import cli

    runner = CliRunner()
    folder = tmp_path / "keys"
    refused = runner.invoke(cli, ["push", "init", "--data", str(folder)])
    assert refused.exit_code == 1 and "contactadres" in refused.output
    first = runner.invoke(cli, ["push", "init", "--data", str(folder), "--subject", SUBJECT])
    assert first.exit_code == 0, first.output
    assert "Nieuw sleutelpaar" in first.output
    private = folder / "vapid-private.pem"
    assert private.stat().st_mode & 0o777 == 0o600
    pem = private.read_bytes()
    again = runner.invoke(cli, ["push", "init", "--data", str(folder)])
    assert again.exit_code == 0 and "Bestaand sleutelpaar behouden" in again.output
    assert private.read_bytes() == pem
    assert first.output.splitlines()[-1] == again.output.splitlines()[-1]  # the same public key
    bad = runner.invoke(cli, ["push", "init", "--data", str(folder), "--subject", "beheer"])
    assert bad.exit_code == 1 and "mailto:" in bad.output
    no_keys = runner.invoke(cli, ["push", "send-due", "--data", str(tmp_path / "leeg"), "--content", str(CONTENT)])
    assert no_keys.exit_code == 1 and "push init" in no_keys.output
    bad_now = runner.invoke(cli, ["push", "send-due", "--data", str(folder), "--content", str(CONTENT),
                                  "--now", "morgen"])
    assert bad_now.exit_code == 2 and "geen geldig tijdstip" in bad_now.output
    both = runner.invoke(cli, ["push", "send-due", "--data", str(folder), "--content", str(CONTENT),
                               "--now", "2026-01-28T09:00", "--loop"])
    assert both.exit_code == 2 and "--loop en --now" in both.output


def test_send_due_from_the_command_line(insecure, service, push, data_dir):
    from click.testing import CliRunner

    from werkplek.__main__ import cli

    subscribe(service, push.device("p"))
    result = CliRunner().invoke(cli, ["push", "send-due", "--data", str(data_dir), "--content", str(CONTENT),
                                      "--now", "2026-01-28T09:00"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 herinnering(en) verzonden")
    assert push.count_by_path() == {"/p": 1}


def test_the_wsgi_factory_reads_its_settings_from_the_environment(monkeypatch, data_dir, public_key):
    from werkplek.push import create_push_app_from_env

    monkeypatch.setenv("WERKPLEK_PUSH_DATA", str(data_dir))
    monkeypatch.setenv("WERKPLEK_PUSH_CONTENT", str(CONTENT))
    monkeypatch.setenv("WERKPLEK_PUSH_ORIGINS", f"{SITE}, https://andere.test")
    client = create_push_app_from_env().test_client()
    for origin in (SITE, "https://andere.test"):
        answer = client.get("/api/key", headers={"Origin": origin})
        assert answer.json == {"publicKey": public_key}
        assert answer.headers["Access-Control-Allow-Origin"] == origin
    assert client.get("/api/key", headers={"Origin": "https://derde.test"}).status_code == 403
    monkeypatch.setenv("WERKPLEK_PUSH_ORIGINS", "school.test")
    with pytest.raises(ValueError, match="geen geldige herkomst"):
        create_push_app_from_env()


def test_unusable_keys_in_the_store_do_not_stop_the_run(insecure, data_dir, push, store, caplog):
    good = push.device("good")
    s = good.subscription()
    store.save_subscription(good.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student", [7],
                            dt.datetime.now(dt.timezone.utc))
    off_curve = base64.urlsafe_b64encode(b"\x04" + b"\x01" * 64).rstrip(b"=").decode()
    for name, p256dh, auth in [("broken", "bm90IGEga2V5", "c2hvcnQ"), ("accents", "é" * 87, s["keys"]["auth"]),
                               ("off-curve", off_curve, s["keys"]["auth"]), ("no-auth", s["keys"]["p256dh"], "")]:
        store.save_subscription(f"{push.url}/{name}", p256dh, auth, PROGRAMME, "student", [7],
                                dt.datetime.now(dt.timezone.utc))
    with caplog.at_level(logging.WARNING, logger="werkplek.push"):
        report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert (report.counts["sent"], report.counts["rejected"]) == (1, 4)
    unusable = [r.getMessage() for r in caplog.records if "onbruikbare sleutels" in r.getMessage()]
    assert len(unusable) == 4 and not any("Exception" in m or "Invalid" in m for m in unusable), unusable
    assert push.count_by_path() == {"/good": 1}
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["rejected"] == 0  # recorded, not retried


def test_the_reminder_opens_an_anchor_the_planning_really_has(built_site):
    """The payload's link lands on the period in planning/: the anchor exists in the built page."""
    from werkplek.pipeline import load
    from werkplek.push.reminders import PERIOD_PAGE

    html = (built_site / "planning" / "index.html").read_text(encoding="utf-8")
    programme_id, programme = next(iter(load(CONTENT).programmes.items()))
    for period in programme.periods:
        anchor = PERIOD_PAGE.format(programme=programme_id, period=period.id).split("#", 1)[1]
        assert f'id="{anchor}"' in html
