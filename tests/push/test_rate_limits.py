"""Rate limits on subscribing and unsubscribing: per client (an IPv6 /64 is one client) with 429 and Retry-After,
for the service as a whole, the forwarded address behind a proxy, the defaults and the environment, and a
flood of subscribes from one address."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from ..helpers import CONTENT
from .fake_service import Device
from .helpers import _body


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limited_app(data_dir: Path, **limits):
    from werkplek.push import api

    app = api.create_push_app(data_dir, CONTENT, ["https://school.test"], limits=api.Limits(**limits))
    clock = FakeClock()
    app.extensions["werkplek_push_limiter"].clock = clock
    return app, clock


def _from(client, address: str, method: str = "post", body: dict | None = None, **headers):
    call = getattr(client, method)
    return call(
        "/api/subscriptions",
        json=body if body is not None else {"endpoint": "x"},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_a_client_that_asks_too_often_gets_429_with_retry_after(insecure, data_dir, push):
    app, clock = _limited_app(data_dir, per_client=5, total=100)
    client = app.test_client()
    for i in range(3):
        assert _from(client, "192.0.2.1", body=_body(push.device(f"d{i}"))).status_code == 201
    assert _from(client, "192.0.2.1", "delete").status_code == 204
    assert _from(client, "192.0.2.1", body={"kapot": True}).status_code == 400  # counts too
    refused = _from(client, "192.0.2.1", body=_body(push.device("d9")))
    assert refused.status_code == 429
    assert refused.headers["Content-Type"] == "application/json"
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 60
    assert refused.json["error"] == f"Te veel aanvragen vanaf dit adres; probeer het over {wait} seconden opnieuw."
    assert _from(client, "192.0.2.2", body=_body(push.device("d9"))).status_code == 201  # others are not held up
    assert _from(client, "2001:db8::1", "delete").status_code == 204
    assert _from(client, "2001:db8::2", "delete").status_code == 204  # the same /64: one client
    assert client.get("/api/key", environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code == 200  # not limited
    clock.now += wait
    assert _from(client, "192.0.2.1", "delete").status_code == 204


def test_the_service_as_a_whole_has_a_limit_too(insecure, data_dir):
    app, clock = _limited_app(data_dir, per_client=100, total=6)
    client = app.test_client()
    statuses = [_from(client, f"198.51.100.{i}", "delete").status_code for i in range(10)]
    assert statuses == [204] * 6 + [429] * 4
    refused = _from(client, "198.51.100.99", "delete")
    assert refused.json["error"].startswith("De herinneringendienst krijgt nu te veel aanvragen")
    clock.now += int(refused.headers["Retry-After"])
    assert _from(client, "198.51.100.99", "delete").status_code == 204


def test_behind_a_proxy_the_forwarded_address_is_the_client(insecure, data_dir):
    from werkplek.push import api

    app = api.create_push_app(data_dir, CONTENT, [], limits=api.Limits(per_client=2, total=100, proxies=1))
    client = app.test_client()
    for address in ("203.0.113.1", "203.0.113.1", "203.0.113.2"):
        assert _from(client, "127.0.0.1", "delete", **{"X-Forwarded-For": address}).status_code == 204
    assert _from(client, "127.0.0.1", "delete", **{"X-Forwarded-For": "203.0.113.1"}).status_code == 429


def test_limits_have_defaults_and_come_from_the_environment(monkeypatch, data_dir):
    from werkplek.push import api, create_push_app_from_env

    assert (api.Limits().per_client, api.Limits().total, api.Limits().proxies) == (60, 600, 0)
    monkeypatch.setenv("WERKPLEK_PUSH_DATA", str(data_dir))
    monkeypatch.setenv("WERKPLEK_PUSH_CONTENT", str(CONTENT))
    monkeypatch.setenv("WERKPLEK_PUSH_LIMIT_CLIENT", "3")
    monkeypatch.setenv("WERKPLEK_PUSH_LIMIT_TOTAL", "0")  # 0: no limit
    monkeypatch.setenv("WERKPLEK_PUSH_PROXIES", "1")
    app = create_push_app_from_env()
    assert app.extensions["werkplek_push_limiter"].limits == api.Limits(per_client=3, total=0, proxies=1)
    monkeypatch.setenv("WERKPLEK_PUSH_LIMIT_CLIENT", "veel")
    with pytest.raises(ValueError, match="WERKPLEK_PUSH_LIMIT_CLIENT"):
        create_push_app_from_env()


def test_a_flood_of_subscribes_is_mostly_refused(insecure, data_dir, push, store):
    """The adversarial pass got 3,000 subscribes in 25.6 s accepted; with the default limits one address
    gets its burst of 60 and then one a second."""
    from werkplek.push import api

    client = api.create_push_app(data_dir, CONTENT, []).test_client()
    started = time.monotonic()
    statuses = Counter(
        _from(client, "192.0.2.7", body=_body(Device.new(f"{push.url}/f{i}"))).status_code for i in range(300)
    )
    seconds = time.monotonic() - started
    assert statuses[201] <= 60 + seconds + 1 and statuses[429] >= 300 - 61 - seconds, (statuses, seconds)
    assert store.count_subscriptions() == statuses[201]
