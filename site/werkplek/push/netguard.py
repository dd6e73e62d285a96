"""No SSRF: the service only ever connects to push services on public addresses over https.

Three layers: the endpoint is checked when it is subscribed (scheme, no credentials, every address the name
resolves to is public); the name is resolved and checked again before sending; and the connection itself
checks the address it actually reached, so a name that resolves differently a moment later (DNS rebinding)
still cannot reach loopback or the school's network. Redirects are never followed and proxies from the
environment are not used.

No push service can hold a run up either: `DEADLINES` gives each request one deadline for everything
(connect, TLS, sending, the answer), enforced by a watchdog thread that shuts the socket down when it
passes; a socket timeout alone does not end an answer that trickles in a byte at a time.

`WERKPLEK_PUSH_ALLOW_INSECURE=1` lifts all of this, for tests with a local fake push server.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from certifi import where as ca_bundle  # Mozilla's CA bundle, as requests and pywebpush use it
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

INSECURE_ENV = "WERKPLEK_PUSH_ALLOW_INSECURE"
MAX_ENDPOINT_LENGTH = 2048
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class EndpointRefused(ValueError):
    """The endpoint may never be used (not https, or not a public address). The message is Dutch."""


class EndpointUnresolved(ValueError):
    """The endpoint's name does not resolve right now."""


class BlockedAddress(Exception):
    """A connection reached an address that is not public. Deliberately not an OSError, so urllib3 and
    requests do not retry or wrap it."""


def insecure_allowed() -> bool:
    return os.environ.get(INSECURE_ENV) == "1"


def is_public_address(text: str) -> bool:
    """Only globally routable unicast addresses; IPv6 forms that embed an IPv4 address are judged by it."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.ipv4_mapped, address.sixtofour]
        if address.teredo:
            embedded.extend(address.teredo)
        if address in NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(e is not None and not is_public_address(str(e)) for e in embedded):
            return False
    return address.is_global and not address.is_multicast and not address.is_unspecified


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to. Tests replace this function to simulate DNS."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def origin_of(endpoint: str) -> str:
    """scheme://host[:port] of an endpoint: the VAPID `aud` and the key for back-off. Endpoints of one push
    service share their part before the path, so that is split once (a run asks for every endpoint)."""
    scheme_end = endpoint.find("://")
    path = endpoint.find("/", scheme_end + 3) if scheme_end > 0 else -1
    prefix = endpoint[:path]
    if path > 0 and prefix.isascii() and prefix.isprintable() and not any(c in prefix for c in " ?#\\"):
        return _origin_of_prefix(prefix)  # the same netloc as the whole endpoint's: it ends at this "/"
    return _origin(endpoint)


def _origin(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}".lower()


_origin_of_prefix = functools.lru_cache(maxsize=1024)(_origin)


def check_url(endpoint: str) -> tuple[str, int]:
    """Check an endpoint's form (without resolving it); return its host and port."""
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise EndpointRefused(f"het adres is te lang (maximaal {MAX_ENDPOINT_LENGTH} tekens)")
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        raise EndpointRefused("geen geldig adres") from None
    allowed = ("https", "http") if insecure_allowed() else ("https",)
    if parts.scheme not in allowed:
        raise EndpointRefused("het adres van de pushdienst moet met https:// beginnen")
    if parts.username is not None or parts.password is not None:
        raise EndpointRefused("het adres mag geen gebruikersnaam of wachtwoord bevatten")
    if not parts.hostname:
        raise EndpointRefused("het adres heeft geen servernaam")
    if any(ch.isspace() for ch in endpoint):
        raise EndpointRefused("het adres mag geen spaties bevatten")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def check_endpoint(endpoint: str) -> None:
    """The full check, resolving the name: raises EndpointRefused or EndpointUnresolved."""
    host, port = check_url(endpoint)
    if insecure_allowed():
        return
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise EndpointUnresolved(f"de servernaam {host!r} is niet te vinden") from None
    if not addresses:
        raise EndpointUnresolved(f"de servernaam {host!r} is niet te vinden")
    private = [a for a in addresses if not is_public_address(a)]
    if private:
        raise EndpointRefused(
            "het adres van de pushdienst moet een openbaar internetadres zijn, geen lokaal of intern adres"
        )


@dataclass
class _Deadline:
    at: float  # time.monotonic() when the request must be over
    sockets: list[socket.socket] = field(default_factory=list)
    expired: bool = False


def _hang_up(sock: socket.socket) -> None:
    """End a socket another thread may be blocked on: its recv returns at once. The plain socket's
    shutdown, also for an SSLSocket (whose own shutdown would unwrap it under the other thread's feet)."""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class Deadlines:
    """One deadline per request, per thread: `with DEADLINES.limit(seconds) as deadline:` around a request
    on a pool from `push_pool`. Every socket the request uses is registered by the connection itself;
    when the deadline passes, a watchdog thread hangs them up, and the request fails with the error a
    dropped connection gives (`deadline.expired` then says why)."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:  # also in a forked child: no watchdog thread there yet, and a fresh lock
        self._cond = threading.Condition()
        self._active: dict[int, _Deadline] = {}
        self._watchdog: threading.Thread | None = None
        self._wakes_at = float("inf")  # when the watchdog looks next by itself (inf: only when woken)

    @contextlib.contextmanager
    def limit(self, seconds: float) -> Iterator[_Deadline]:
        deadline = _Deadline(time.monotonic() + seconds)
        ident = threading.get_ident()
        with self._cond:
            if self._watchdog is None:
                self._watchdog = threading.Thread(target=self._watch, name="push-deadlines", daemon=True)
                self._watchdog.start()
            self._active[ident] = deadline
            if deadline.at < self._wakes_at:  # else it looks by then anyway: no wake-up (and GIL hand-off) per request
                self._cond.notify()
        try:
            yield deadline
        finally:
            with self._cond:  # after this, the watchdog never touches these sockets again
                self._active.pop(ident, None)

    def register(self, sock: socket.socket) -> None:
        """Called by the connection for each socket of the current request (a no-op outside `limit`)."""
        with self._cond:
            deadline = self._active.get(threading.get_ident())
            if deadline is None:
                return
            if deadline.expired:
                _hang_up(sock)
            else:
                deadline.sockets.append(sock)

    def _watch(self) -> None:
        with self._cond:
            while True:  # a daemon thread for the life of the process; it sleeps until the next deadline
                now = time.monotonic()
                pending = []
                for deadline in self._active.values():
                    if deadline.expired:
                        continue
                    if deadline.at <= now:
                        deadline.expired = True
                        for sock in deadline.sockets:
                            _hang_up(sock)
                    else:
                        pending.append(deadline.at)
                self._wakes_at = min(pending) if pending else float("inf")
                self._cond.wait(self._wakes_at - now if pending else None)


DEADLINES = Deadlines()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=DEADLINES._reset)


class _Deadlined:
    """Mixin for urllib3 connections: each socket a request uses counts against its deadline."""

    def _new_conn(self):  # type: ignore[no-untyped-def]
        sock = super()._new_conn()  # type: ignore[misc]
        DEADLINES.register(sock)
        return sock

    def request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.sock is not None:  # type: ignore[attr-defined]  # a kept-alive connection
            DEADLINES.register(self.sock)  # type: ignore[attr-defined]
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _PeerCheck:
    """Mixin for urllib3 connections: refuse the socket unless its peer is a public address."""

    def _new_conn(self):  # type: ignore[no-untyped-def]
        sock = super()._new_conn()  # type: ignore[misc]
        peer = sock.getpeername()[0]
        if not is_public_address(peer):
            sock.close()
            raise BlockedAddress(f"verbinding met niet-openbaar adres {peer} geweigerd")
        return sock


class _DeadlinedHTTPConnection(_Deadlined, HTTPConnection):
    pass


class _DeadlinedHTTPSConnection(_Deadlined, HTTPSConnection):
    pass


class _GuardedHTTPConnection(_PeerCheck, _Deadlined, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_PeerCheck, _Deadlined, HTTPSConnection):
    pass


class _DeadlinedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _DeadlinedHTTPConnection


class _DeadlinedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlinedHTTPSConnection


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


GUARDED_POOLS = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}
UNGUARDED_POOLS = {"http": _DeadlinedHTTPPool, "https": _DeadlinedHTTPSPool}


def push_connection(scheme: str, host: str, port: int | None, guarded: bool | None = None) -> HTTPConnection:
    """One connection to a push service, as the pools of `push_pool` make them (and with the same guard and
    deadlines): certificates verified against certifi's CA bundle, no proxy, and (unless insecure) the
    peer of every socket it opens checked. It connects on its first request and again after a close."""
    guard = guarded if guarded is not None else not insecure_allowed()
    connection = (GUARDED_POOLS if guard else UNGUARDED_POOLS)[scheme].ConnectionCls
    if scheme == "https":
        return connection(host, port, cert_reqs="CERT_REQUIRED", ca_certs=ca_bundle())
    return connection(host, port)


def push_pool(guarded: bool | None = None) -> PoolManager:
    """Connections for one sending thread: a urllib3 pool manager that keeps one connection open per push
    service (up to 8 services), verifies certificates against certifi's CA bundle (the one requests uses too), reads no
    proxy settings from the environment, and (unless insecure) checks the peer of every new connection.
    Every connection honours `DEADLINES`. Redirects are refused by the caller (`urlopen(..., redirect=False)`)."""
    pool = PoolManager(num_pools=8, maxsize=1, cert_reqs="CERT_REQUIRED", ca_certs=ca_bundle())
    guard = guarded if guarded is not None else not insecure_allowed()
    pool.pool_classes_by_scheme = GUARDED_POOLS if guard else UNGUARDED_POOLS
    return pool
