"""Fixtures of the push tests: the insecure/secure switch for http on loopback, keys in a data folder, the push
service in a thread (its own, or one shared by a module's tests that store nothing), the fake push services,
the store, a fake resolver (so no test ever sends a DNS query) and the loaded content."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkplek.pipeline import load
from werkplek.push import api, netguard
from werkplek.push.keys import init_keys
from werkplek.push.store import PushStore

from ..helpers import CONTENT
from .fake_service import SUBJECT, FakePushService, HostileService
from .helpers import SITE, serve_app


@pytest.fixture(scope="module")
def content():
    return load(CONTENT)


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


NO_LIMITS = api.Limits(
    per_client=0, total=0
)  # these tests send many requests from 127.0.0.1; test_rate_limits.py tests the limits


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


@pytest.fixture
def hostile() -> Iterator[HostileService]:
    service = HostileService()
    yield service
    service.close()
