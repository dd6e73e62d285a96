"""`send-due`: send every reminder that is due, exactly once.

One run: take the run lock (a second run at the same time skips), finish the ledger of a killed run, drop
subscriptions not seen for 60 days, plan the due reminders, sign one VAPID token per push service origin,
and send from a few threads; a large run is split over a few processes, since encrypting is CPU work and
one Python process uses one core. Those processes end with the run, however it ends (`_end_with_run`). Each
message is encrypted with http_ece directly (`encrypt`: RFC 8291 aes128gcm, a fresh key pair and salt per
message, byte for byte what pywebpush's `WebPusher.encode` makes, without its layers around the call) and posted on a urllib3 connection
(`netguard.push_connection`), not through pywebpush's `requests` layer nor urllib3's pools (most of the cost
per message; see docs/metingen.md): each thread keeps its own connections (one per push service stays open,
the SSRF guard checks every new one, redirects are refused), and each outcome is appended to the journal
the moment it is known. No push service can hold a run up or fill its memory: each request has one deadline for everything (REQUEST_SECONDS, see
`netguard.DEADLINES`), and at most MAX_ANSWER bytes of an answer are read before the connection is dropped.

Exactly once: a reminder whose 2xx answer was recorded is never sent again; one that was being sent when the
process was killed has no outcome and goes out on the next run, with the same Topic (the push service
replaces an undelivered copy) and the same notification tag (the device replaces a shown one).
"""

from __future__ import annotations

import base64
import ctypes
import datetime as dt
import email.utils
import errno
import http.client
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import re
import signal
import ssl
import sys
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from urllib3.connection import HTTPConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import LocationValueError
from urllib3.util import Url, parse_url

from . import netguard
from .keys import VapidSigner, load_keys
from .reminders import TTL_SECONDS, Reminder, deadlines, payload_bytes, plan, urgency
from .store import Outcome, PushStore, SendRunBusy

log = logging.getLogger("werkplek.push")

WORKERS = 16  # sending threads per process; each keeps its own connections
PROCESSES = min(4, os.cpu_count() or 1)  # sending processes for a large run (encrypting is CPU work)
PROCESS_MIN = 1000  # a run with fewer reminders sends from this process only
TIMEOUT = (5.0, 10.0)  # connect, and each read of the socket
REQUEST_SECONDS = 10.0  # the whole request (connect, TLS, send, answer) ends by then, however it trickles in
MAX_ANSWER = 64 * 1024  # bytes of an answer's body read at most; a longer one is cut off with its connection
REDIRECTS = frozenset({301, 302, 303, 307, 308})  # never followed: recorded as rejected, status 300
CONNECTIONS = 8  # kept-alive connections per sending thread, one per push service, at most
REQUEST_ERRORS = (Urllib3Error, OSError, http.client.HTTPException)  # a request that failed: retried next run
STALE_AFTER = dt.timedelta(days=60)
MAX_RETRY_AFTER = dt.timedelta(days=1)
LEDGER_KEEP = dt.timedelta(days=7)  # ledger entries of deadlines older than this are forgotten
TTL_SECONDS_TEXT = str(TTL_SECONDS)


@dataclass
class RunReport:
    counts: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    busy: bool = False  # another run held the lock; this one did nothing
    pretend: bool = False  # a run at a pretend time: deleted nothing, kept its own ledger
    signed_tokens: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of this process and the sending processes, for the benchmark

    def summary(self) -> str:
        if self.busy:
            return "Er loopt al een verzendronde; deze ronde doet niets."
        c = self.counts
        text = (
            f"{c['sent']} herinnering(en) verzonden, {c['retry']} later opnieuw, {c['skipped']} overgeslagen, "
            f"{c['gone']} abonnement(en) verlopen, {c['blocked']} geweigerd adres, {c['rejected']} geweigerd "
            f"door de pushdienst, {c['stale']} niet meer gezien (60 dagen) in {self.seconds:.2f} s"
        )
        if c["set_aside"]:
            text += (
                f"; {c['set_aside']} beschadigd bestand apart gezet"
                if c["set_aside"] == 1
                else f"; {c['set_aside']} beschadigde bestanden apart gezet"
            ) + " (zie de waarschuwing)"
        if c["rejected"]:
            codes = ", ".join(
                f"{code}: {n}" for code, n in sorted(self.statuses.items()) if code not in (200, 201, 202)
            )
            text += f". Antwoorden van pushdiensten: {codes}"
        if self.pretend:
            text += (
                ". Alsof-ronde (--now): niets verwijderd, eigen verzendlogboek "
                "(pretend-ledger.json), het echte verzendlogboek niet gewijzigd"
            )
        return text


def parse_retry_after(value: str | None, now: dt.datetime) -> dt.datetime | None:
    """Retry-After as seconds or as an HTTP date; capped at a day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        until = now + dt.timedelta(seconds=int(value))
    else:
        try:
            until = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if until.tzinfo is None:
            until = until.replace(tzinfo=dt.UTC)
    return min(until, now + MAX_RETRY_AFTER)


class _Sender:
    """Shared state of the worker threads in one sending process."""

    def __init__(
        self,
        tokens: dict[str, dict[str, str]],
        role_names: dict[str, str],
        journal: Any,
        backoff: dict[str, dt.datetime],
        now: dt.datetime,
    ) -> None:
        self.tokens = tokens  # VAPID headers per push service origin, signed once for the whole run
        self.role_names = role_names
        self.journal = journal
        self.now = now
        self.backoff = dict(backoff)
        self.new_backoff: dict[str, dt.datetime] = {}
        self.lock = threading.Lock()
        self.local = threading.local()
        self.connections: list[HTTPConnection] = []  # every connection any thread opened, to close at the end
        self.connect_timeout, self.read_timeout = TIMEOUT
        self.checked_hosts: dict[str, Exception | None] = {}
        self.report = RunReport()

    def _connection(self, url: Url) -> HTTPConnection:
        """This thread's kept-alive connection to the endpoint's push service (netguard.push_connection:
        guarded, with deadlines). A thread keeps at most CONNECTIONS of them, the least recently used one
        is closed for a new one; one the push service has closed meanwhile is closed here (it reconnects)."""
        connections = getattr(self.local, "connections", None)
        if connections is None:
            connections = self.local.connections = OrderedDict()
        key = (url.scheme, url.host, url.port)
        connection = connections.get(key)
        if connection is None:
            connection = connections[key] = netguard.push_connection(url.scheme, url.host, url.port)
            with self.lock:
                self.connections.append(connection)
            if len(connections) > CONNECTIONS:
                connections.popitem(last=False)[1].close()
        else:
            connections.move_to_end(key)
            if connection.sock is not None and not connection.is_connected:
                connection.close()
        return connection

    def _post(self, connection: HTTPConnection, target: str, body: bytes, headers: dict[str, str]) -> Any:
        """POST on the connection, as urllib3's connection pool does it (its connect and read timeouts, a
        push service that hangs up while the body is sent still gets its answer read), returning the plain
        http.client response: it is read only by `_read_some`, so urllib3's response layer, its pool and its
        retry bookkeeping (a no-retry Retry) would be work per message for nothing."""
        connection.timeout = self.connect_timeout
        try:
            connection.request("POST", target, body=body, headers=headers)
        except BrokenPipeError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EPROTOTYPE, errno.ECONNRESET):
                raise
        if connection.sock is not None:
            connection.sock.settimeout(self.read_timeout)
        return http.client.HTTPConnection.getresponse(connection)

    def _waiting(self, origin: str) -> bool:
        with self.lock:
            until = self.backoff.get(origin)
            return until is not None and until > self.now

    def _check_host(self, endpoint: str) -> Exception | None:
        """Resolve and check the endpoint's name once per run (connections are checked again anyway)."""
        host = netguard.origin_of(endpoint)
        with self.lock:
            if host in self.checked_hosts:
                return self.checked_hosts[host]
        try:
            netguard.check_endpoint(endpoint)
            problem: Exception | None = None
        except (netguard.EndpointRefused, netguard.EndpointUnresolved) as exc:
            problem = exc
        with self.lock:
            self.checked_hosts[host] = problem
        return problem

    def _record(self, reminder: Reminder, outcome: str, status: int | None = None) -> None:
        key = reminder.key if outcome in {"sent", "skipped", "rejected"} else ""
        self.journal.record(
            Outcome(
                key=key,
                outcome=outcome,
                subscription=reminder.subscription.id,
                deadline=reminder.deadline.date.isoformat(),
                at=self.now.isoformat(timespec="seconds"),
            )
        )
        with self.lock:
            self.report.counts[outcome] += 1
            if status is not None:
                self.report.statuses[status] += 1

    def _retry(self, reminder: Reminder, origin: str, retry_after: str | None = None) -> None:
        until = parse_retry_after(retry_after, self.now)
        with self.lock:
            self.report.counts["retry"] += 1
            if until is not None:
                self.backoff[origin] = max(until, self.backoff.get(origin, until))
                self.new_backoff[origin] = self.backoff[origin]

    def skip(self, reminder: Reminder) -> None:
        self._record(reminder, "skipped")

    def deliver(self, reminder: Reminder, origin: str | None = None) -> None:
        """Send one reminder and record its outcome. `origin`: netguard.origin_of of its endpoint, if the
        caller has it already."""
        sub = reminder.subscription
        origin = origin or netguard.origin_of(sub.endpoint)
        if self._waiting(origin):
            self._retry(reminder, origin)
            return
        problem = self._check_host(sub.endpoint)
        if isinstance(problem, netguard.EndpointRefused):
            log.warning("abonnement %s: %s; verwijderd", sub.id, problem)
            self._record(reminder, "blocked")
            return
        if problem is not None:
            self._retry(reminder, origin)
            return
        headers = {
            **self.tokens[origin],
            "Urgency": urgency(reminder),
            "Topic": reminder.deadline.topic,
            "Content-Encoding": "aes128gcm",
            "TTL": TTL_SECONDS_TEXT,
        }
        data = payload_bytes(reminder.deadline, reminder.days_left, sub.role, self.role_names.get(sub.role, sub.role))
        try:
            body = encrypt(data, sub.info)
        except UnusableKeys as exc:
            # keys that cannot be used (a store edited by hand): never retried, and no run is stopped by it
            log.warning("abonnement %s: onbruikbare sleutels (%s)", sub.id, exc)
            self._record(reminder, "rejected")
            return
        with netguard.DEADLINES.limit(REQUEST_SECONDS) as deadline:
            connection = None
            try:
                url = parse_url(sub.endpoint)
                connection = self._connection(url)
                response = self._post(connection, url.request_uri, body, headers)
            except netguard.BlockedAddress as exc:
                log.warning("abonnement %s: %s; verwijderd", sub.id, exc)
                self._record(reminder, "blocked")
                return
            except LocationValueError as exc:  # an address urllib3 cannot use: never retried
                log.warning("abonnement %s: onbruikbaar adres (%s)", sub.id, exc)
                self._record(reminder, "rejected")
                return
            except (ssl.CertificateError, *REQUEST_ERRORS) as exc:  # CertificateError is a ValueError too
                if connection is not None:
                    connection.close()  # whatever state it is in, the next message starts afresh
                if not deadline.expired:
                    log.info("abonnement %s: pushdienst onbereikbaar (%s); volgende ronde opnieuw", sub.id, exc)
                    self._retry(reminder, origin)
                    return
                response = None
            except ValueError as exc:  # a request http.client refuses to send (an invalid target): never retried
                if connection is not None:
                    connection.close()
                log.warning("abonnement %s: onbruikbaar adres (%s)", sub.id, exc)
                self._record(reminder, "rejected")
                return
            if deadline.expired:  # http.client takes a hung-up connection as the end of the headers: not an answer
                if response is not None:
                    response.close()
                if connection is not None:
                    connection.close()
                log.info(
                    "abonnement %s: pushdienst antwoordde niet binnen %g s; volgende ronde opnieuw",
                    sub.id,
                    REQUEST_SECONDS,
                )
                self._retry(reminder, origin)
                return
            status = response.status
            # the status is the push service's answer; the body is only ever logged, so little of it is read
            answer = _read_some(response, connection)
        if status in REDIRECTS and "location" in response.headers:
            self._record(reminder, "rejected", 300)  # a redirect is never followed
            return
        if 200 <= status < 300:
            self._record(reminder, "sent", status)
        elif status in (404, 410):
            self._record(reminder, "gone", status)
        elif status == 429 or status >= 500:
            self._retry(reminder, origin, response.headers.get("Retry-After"))
        else:
            text = answer[:200].decode("utf-8", "replace")
            log.warning("abonnement %s: pushdienst antwoordde %s: %s", sub.id, status, text)
            self._record(reminder, "rejected", status)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()


class UnusableKeys(ValueError):
    """A subscription's keys cannot be used to encrypt (a store edited by hand). The message is Dutch."""


_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_CURVE = ec.SECP256R1()
MAX_PLAINTEXT = 4096 - 17  # what fits in that one record (a delimiter byte and the 16-byte tag)


def _b64url_bytes(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(
    data: bytes,
    subscription_info: dict[str, Any],
    *,
    private_key: ec.EllipticCurvePrivateKey | None = None,
    salt: bytes | None = None,
) -> bytes:
    """The aes128gcm body of one message for one subscription (the browser's PushSubscription.toJSON()),
    RFC 8291 on RFC 8188: a fresh ECDH key pair and a fresh 16-byte salt per message, one record of size
    4096, the sender's public key as the key id in the body's header.

    Byte for byte what pywebpush's `WebPusher.encode` gives for the same key pair and salt
    (tests/push/test_encryption.py compares them and decrypts): the same library call, http_ece.encrypt,
    without pywebpush's layers around it (a deep copy of the subscription, a WebPusher per message),
    which cost more than the encryption itself. `private_key` and `salt` are for the tests only.

    Raises UnusableKeys, in Dutch, for keys that cannot be used (a store edited by hand)."""
    keys = subscription_info.get("keys", {})
    for name in ("p256dh", "auth"):
        if not isinstance(keys.get(name), str) or not _BASE64URL.fullmatch(keys[name]):
            raise UnusableKeys(f"de {name}-sleutel is geen base64url")
    try:
        receiver_bytes = _b64url_bytes(keys["p256dh"])
        auth_secret = _b64url_bytes(keys["auth"])
        if len(receiver_bytes) != 65 or not auth_secret:
            raise ValueError("not an uncompressed point, or no auth secret")
        ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, receiver_bytes)
    except ValueError:  # binascii.Error is one too
        raise UnusableKeys("de p256dh-sleutel is geen P-256-punt of de auth-sleutel is leeg") from None
    if not 0 < len(data) <= MAX_PLAINTEXT:
        raise ValueError(f"a push message is 1 to {MAX_PLAINTEXT} bytes, not {len(data)}")
    return http_ece.encrypt(
        data,
        salt=salt,
        private_key=private_key or ec.generate_private_key(_CURVE),
        dh=receiver_bytes,
        auth_secret=auth_secret,
        version="aes128gcm",
    )


def _read_some(response: http.client.HTTPResponse, connection: HTTPConnection) -> bytes:
    """At most MAX_ANSWER bytes of the answer's body (undecoded: no gzip bomb). A body read to its end
    leaves the connection for the next message; a longer one, or one that fails or runs out of time, closes
    it (the next message connects anew)."""
    data = b""
    complete = False
    try:
        while len(data) <= MAX_ANSWER:
            chunk = response.read(MAX_ANSWER + 1 - len(data))
            if not chunk:
                complete = True
                break
            data += chunk
    except REQUEST_ERRORS:
        pass
    if not complete:
        response.close()
        connection.close()
    return data[:MAX_ANSWER]


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def send_due(
    data_dir: Path,
    content_dir: Path,
    now: dt.datetime | None = None,
    workers: int = WORKERS,
    *,
    pretend: bool | None = None,
) -> RunReport:
    """One run of `werkplek push send-due`. `now` defaults to the real time; a naive `now` is local time.

    A run with a `now` is a pretend run (`send-due --now`): it sends what is due at that moment, but
    deletes nothing (no stale subscriptions, none reported gone, no old ledger entries) and keeps its
    ledger and back-off in pretend-* files that real runs never read (see `PushStore`). `pretend=False`
    makes a run with a given `now` a real one: a clock for tests, never what the command line does."""
    from ..pipeline import load  # the only part of the build the push service uses
    from .reminders import local_now

    started, cpu = time.perf_counter(), time.process_time()
    pretend = now is not None if pretend is None else pretend
    moment = local_now(now or now_utc())
    store = PushStore(data_dir, pretend=pretend)
    keys = load_keys(data_dir)
    try:
        with store.run_lock():
            report = _run(store, keys, lambda: load(content_dir), moment, workers)
    except SendRunBusy:
        report = RunReport(busy=True)
    report.pretend = pretend
    report.counts["set_aside"] += len(store.set_aside)
    report.seconds = time.perf_counter() - started
    report.cpu_seconds += time.process_time() - cpu
    return report


@dataclass
class _Share:
    """One sending process's part of a run; everything in it pickles."""

    data_dir: Path
    reminders: list[Reminder]
    origins: list[str]  # netguard.origin_of of each reminder's endpoint
    tokens: dict[str, dict[str, str]]
    role_names: dict[str, str]
    backoff: dict[str, dt.datetime]
    now: dt.datetime
    workers: int
    insecure: bool
    pretend: bool


@dataclass
class _ShareResult:
    counts: Counter[str]
    statuses: Counter[int]
    new_backoff: dict[str, dt.datetime]
    cpu_seconds: float


def _send_share(share: _Share) -> _ShareResult:
    """Send one share from a thread pool, recording each outcome in the journal as it is known."""
    cpu = time.process_time()
    store = PushStore(share.data_dir, pretend=share.pretend)
    with store.sending(), store.journal() as journal:
        sender = _Sender(share.tokens, share.role_names, journal, share.backoff, share.now)
        todo = zip(share.reminders, share.origins, strict=True)
        take = threading.Lock()

        def work() -> None:  # each thread takes the next reminder until none is left: no future per message
            while True:
                with take:
                    job = next(todo, None)
                if job is None:
                    return
                sender.deliver(*job)

        try:
            workers = max(1, min(share.workers, len(share.reminders)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="push") as pool:
                for future in [pool.submit(work) for _ in range(workers)]:
                    future.result()
        finally:
            sender.close()
            journal.sync()
    return _ShareResult(sender.report.counts, sender.report.statuses, sender.new_backoff, time.process_time() - cpu)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 0.25  # how often a sending process checks that its run is still there (the fallback)


def _end_with_run(run_pid: int) -> None:
    """Initializer of each sending process: it ends when the run that started it ends, also after kill -9.

    Sending processes are children of the fork server, which exits as soon as the run does (its pipe from
    the run closes). On Linux the kernel kills a sending process when its parent dies
    (PR_SET_PDEATHSIG); everywhere a watchdog thread also ends it once its parent has changed or the run
    is gone. What it had recorded stays in the journal; the next run folds it and sends the rest."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still ends it
    threading.Thread(target=_watch_run, args=(run_pid, parent), name="push-watch-run", daemon=True).start()


def _run_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_run(run_pid: int, parent: int) -> None:
    while os.getppid() == parent and _run_alive(run_pid):  # lives as long as the process (a daemon thread)
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # like a kill: no cleanup that could block; the journal holds only whole lines


def _send_share_in_child(share: _Share) -> _ShareResult:
    # A forkserver child has the environment of the moment the fork server started: set what matters.
    if share.insecure:
        os.environ[netguard.INSECURE_ENV] = "1"
    else:
        os.environ.pop(netguard.INSECURE_ENV, None)
    return _send_share(share)


def _process_context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _run(store: PushStore, keys: Any, load_content: Callable[[], Any], moment: dt.datetime, workers: int) -> RunReport:
    # Real time, not the (possibly simulated) `moment`: a subscription re-posted after this instant is
    # kept even if its old endpoint was reported gone during the run.
    started = now_utc()
    store.fold_journal(run_started=started)  # a killed run's outcomes first
    report = RunReport()
    if not store.pretend:  # a pretend moment says nothing about what is old
        report.counts["stale"] = store.drop_stale(moment - STALE_AFTER)
        store.prune_ledger((moment - LEDGER_KEEP).date())
    subscriptions = store.subscriptions()
    if len(subscriptions) >= PROCESS_MIN and PROCESSES > 1:
        # Likely a run over processes: start the fork server now (it imports this module) so that its
        # start overlaps loading the content and planning, instead of holding up the first share.
        # A store this large with fewer reminders due starts it for nothing; it ends with this process.
        _process_context()
        multiprocessing.forkserver.ensure_running()
    content = load_content()
    to_send, to_skip = plan(subscriptions, deadlines(content), store.done_keys(), moment)
    role_names = {role_id: role.name for role_id, role in content.roles.items()}
    backoff = store.backoff()
    with store.journal() as journal:
        skipper = _Sender({}, role_names, journal, backoff, moment)
        for reminder in to_skip:
            skipper.skip(reminder)
    report.counts.update(skipper.report.counts)

    signer = VapidSigner(keys)
    send_origins = [netguard.origin_of(r.subscription.endpoint) for r in to_send]
    origins = sorted(set(send_origins))
    tokens = {origin: signer.headers(origin) for origin in origins}
    processes = PROCESSES if len(to_send) >= PROCESS_MIN else 1
    shares = [
        _Share(
            store.data_dir,
            to_send[i::processes],
            send_origins[i::processes],
            tokens,
            role_names,
            backoff,
            moment,
            workers,
            netguard.insecure_allowed(),
            store.pretend,
        )
        for i in range(processes)
    ]
    if processes == 1:
        results = [_send_share(shares[0])]
        results[0].cpu_seconds = 0.0  # already in this process's own time
    else:
        context = _process_context()
        with ProcessPoolExecutor(
            processes, mp_context=context, initializer=_end_with_run, initargs=(os.getpid(),)
        ) as pool:
            results = list(pool.map(_send_share_in_child, shares))
    new_backoff: dict[str, dt.datetime] = {}
    for result in results:
        report.counts.update(result.counts)
        report.statuses.update(result.statuses)
        report.cpu_seconds += result.cpu_seconds
        for origin, until in result.new_backoff.items():
            new_backoff[origin] = max(until, new_backoff.get(origin, until))
    store.fold_journal(run_started=started)
    if new_backoff or backoff:
        store.set_backoff(new_backoff, moment)
    report.signed_tokens = signer.signed
    return report
