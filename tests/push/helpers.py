"""Plain helpers for the push tests (the fixtures are in conftest.py): the programme and moments the reminders
are due at, the push service on loopback in a thread, subscribing a device, request bodies, waiting, free ports."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import requests
from werkzeug.serving import make_server

from .fake_service import Device

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


def subscribe(
    url: str, device: Device, role: str = "student", days: list[int] | None = None, programme: str = PROGRAMME
) -> requests.Response:
    body: dict[str, Any] = {"subscription": device.subscription(), "programme": programme, "role": role}
    if days is not None:
        body["days_before"] = days
    return requests.post(f"{url}/api/subscriptions", json=body, timeout=10)


def task_count(content, role: str, period: str = "p2") -> int:
    found = next(p for p in content.programmes[PROGRAMME].periods if p.id == period)
    return sum(1 for t in found.tasks if t.role == role)


def _valid_body(endpoint: str = "https://push.example.net/abc") -> dict[str, Any]:
    return {
        "subscription": Device.new(endpoint).subscription(),
        "programme": PROGRAMME,
        "role": "student",
        "days_before": [7, 1, 0],
    }


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _up(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def _add(store, endpoint: str, device: Device | None = None) -> None:
    device = device or Device.new(endpoint)
    s = device.subscription()
    store.save_subscription(
        endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student", [7], dt.datetime.now(dt.UTC)
    )


def _body(device: Device, token: str | None = None, **extra) -> dict:
    body = {"subscription": device.subscription(), "programme": PROGRAMME, "role": "student", **extra}
    if token is not None:
        body["token"] = token
    return body
