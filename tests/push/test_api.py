"""The HTTP API: bad bodies get a 4xx with a Dutch message per field and nothing is stored, a valid public endpoint
is, malformed and oversized requests, unsubscribing, CORS only for the configured sites, and JSON answers for
unknown routes and methods."""

from __future__ import annotations

import http.client
import json
import re
from typing import Any

import pytest
import requests

from .fake_service import b64url
from .helpers import PROGRAMME, PUBLIC_IP, SITE, _valid_body, subscribe


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


@pytest.mark.parametrize(
    "raw, content_type, status",
    [
        (b"{not json", "application/json", 400),
        (b"", "application/json", 400),
        (b'{"subscription": ', "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (json.dumps(_valid_body()).encode(), "text/plain", 415),
        (json.dumps(_valid_body()).encode(), "application/x-www-form-urlencoded", 415),
    ],
)
def test_malformed_requests(secure, fake_dns, shared, raw, content_type, status):
    service, store = shared
    fake_dns["push.example.net"] = [PUBLIC_IP]
    response = requests.post(
        f"{service}/api/subscriptions", data=raw, headers={"Content-Type": content_type}, timeout=5
    )
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
    chunks = (json.dumps(body).encode()[i : i + 1024] for i in range(0, 20 * 1024, 1024))
    connection.request(
        "POST", "/api/subscriptions", body=chunks, encode_chunked=True, headers={"Content-Type": "application/json"}
    )
    answer = connection.getresponse()
    assert answer.status == 413
    connection.close()
    assert store.subscriptions() == []


def test_unsubscribe_removes_and_is_idempotent(insecure, service, push, store):
    device = push.device("p")
    token = subscribe(service, device).json()["token"]
    for _ in range(2):
        response = requests.delete(
            f"{service}/api/subscriptions", json={"endpoint": device.endpoint, "token": token}, timeout=5
        )
        assert response.status_code == 204
    assert store.subscriptions() == []
    bad = requests.delete(f"{service}/api/subscriptions", json={"endpoint": 5}, timeout=5)
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "endpoint"


def test_cors_only_for_the_configured_sites(insecure, service, push, store):
    preflight = requests.options(
        f"{service}/api/subscriptions",
        timeout=5,
        headers={
            "Origin": SITE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == SITE
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    body = {"subscription": push.device("p").subscription(), "programme": PROGRAMME, "role": "student"}
    allowed = requests.post(f"{service}/api/subscriptions", json=body, headers={"Origin": SITE}, timeout=5)
    assert allowed.status_code == 201 and allowed.headers["Access-Control-Allow-Origin"] == SITE
    for method in ("options", "post", "get"):
        other = requests.request(
            method,
            f"{service}/api/subscriptions" if method != "get" else f"{service}/api/key",
            json=body,
            headers={"Origin": "https://evil.test"},
            timeout=5,
        )
        assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other.headers
        assert "niet toegestaan" in other.json()["error"]
    assert len(store.subscriptions()) == 1


def test_unknown_routes_and_methods_answer_json(insecure, service):
    assert requests.get(f"{service}/healthz", timeout=5).json() == {"status": "ok"}
    missing = requests.get(f"{service}/api/onbekend", timeout=5)
    assert missing.status_code == 404 and "bestaat niet" in missing.json()["error"]
    wrong = requests.put(f"{service}/api/subscriptions", json={}, timeout=5)
    assert wrong.status_code == 405 and wrong.json()["error"]
