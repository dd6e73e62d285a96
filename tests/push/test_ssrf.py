"""Endpoints that could reach inside: refused when subscribing (schemes, loopback in every spelling, private and
link-local ranges, names that resolve there), at send time after DNS rebinding, by the connection itself, and
by the sending pool for every new connection."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from werkplek.push import netguard
from werkplek.push.sender import send_due

from ..helpers import CONTENT
from .fake_service import Device
from .helpers import PROGRAMME, PUBLIC_IP, WEEK_BEFORE, _valid_body, subscribe

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
    fake_dns.update(
        {
            "push.example.net": [PUBLIC_IP],
            "intern.example.net": ["10.0.0.5"],
            "gemengd.example.net": [PUBLIC_IP, "127.0.0.1"],
            "bestaat-niet.example.net": [],
        }
    )
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
    store.save_subscription(
        endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student", [7], dt.datetime.now(dt.UTC)
    )
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)
    assert report.counts["blocked"] == 1
    assert push.requests == 0
    assert store.subscriptions() == []


def test_the_sending_pool_checks_every_new_connection(secure, push):
    """The guard sits in the connection pool itself: a loopback peer is refused before anything is sent,
    for http and https, and the unguarded pool (tests only) does connect."""
    for scheme in ("http", "https"):
        with pytest.raises(netguard.BlockedAddress):
            netguard.push_pool().urlopen(
                "POST", f"{scheme}://127.0.0.1:{push.port}/x", body=b"x", retries=False, redirect=False
            )
    assert push.requests == 0
    push.statuses["/x"] = (204, {})
    answer = netguard.push_pool(guarded=False).urlopen("POST", f"{push.url}/x", body=b"", retries=False)
    assert answer.status == 204 and push.requests == 1


def test_origin_of_is_what_urlsplit_says_for_any_endpoint():
    """origin_of splits the part before the path once per push service; for every endpoint, odd ones too,
    it is scheme://host[:port] as urlsplit gives it (lower case, without user info)."""
    from urllib.parse import urlsplit

    endpoints = [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://FCM.googleapis.com/fcm/send/abc",
        "HTTPS://updates.push.services.mozilla.com:443/wpush/v2/x",
        "https://user:pw@web.push.apple.com/x",
        "https://a@b@web.push.apple.com/x?y#z",
        "https://host?x=/y",
        "https://host#/y",
        "https://host\\@evil/x",
        " https://host/x",
        "https://ho\tst/x",
        "https://[2001:db8::1]:8443/x",
        "https://host",
        "http:/host/x",
        "mailto:x/y",
        "https://hé.example/x",
        "",
    ]
    for endpoint in endpoints:
        parts = urlsplit(endpoint)
        expected = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}".lower()
        assert netguard.origin_of(endpoint) == expected, endpoint
        assert netguard.origin_of(endpoint) == expected, endpoint  # and again, from the cache
