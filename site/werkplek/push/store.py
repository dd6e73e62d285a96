"""The push service's only storage module: TinyDB JSON files in the data folder, safe for several threads
and processes at once (WSGI workers, a cron run, `send-due --loop`).

- Every read-modify-write of a file happens under a file lock (`filelock`, an OS lock that a killed process
  releases) and, within one process, a thread lock, so writers queue instead of overwriting each other.
- Every write goes through `AtomicJSONStorage`: the new JSON goes to a temporary file beside the old one,
  is fsynced, and replaces it with `os.replace`. A reader, or a `kill -9` at any moment, sees the old file
  or the new one, never half of one.
- Subscriptions are spread over up to 256 small files by the first two hex digits of their id, so one
  subscribe rewrites a few kilobytes instead of the whole list, and writers to different files never wait.
- The send ledger (which reminders are done) is a TinyDB file too. During a run each outcome is appended as
  one line to a journal first (one `write` call, so a killed run leaves whole lines), and the journal is
  folded into the ledger at the end of the run, or at the start of the next one if a run was killed.
- A file that cannot be read (torn by a disk fault, edited by hand, not the shape this module writes) stops
  nothing: under its lock it is renamed to `<name>.kapot-<timestamp>` and kept for the operator, a Dutch
  warning says what it means, and the store goes on as if the file were empty (see `_set_aside`).

A partnership that outgrows files can replace this module with one over a database server: nothing else in
the push service knows how subscriptions or the ledger are stored.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.storages import Storage

SUBSCRIPTIONS = "subscriptions"
LEDGER = "ledger.json"
JOURNAL = "ledger.journal"
BACKOFF = "backoff.json"
PRETEND = "pretend-"  # a pretend run (send-due --now) keeps its ledger, journal and back-off in pretend-*
RUN_LOCK = "send-due.lock"
SENDERS_LOCK = "send-due.senders.lock"
LOCK_POLL = 0.002  # seconds between tries while another process holds a file lock
SET_ASIDE = ".kapot-"  # a corrupt file is renamed to <name>.kapot-<timestamp>

log = logging.getLogger("werkplek.push")

Check = Callable[[dict[str, Any]], bool]


class CorruptFile(ValueError):
    """A data file that is not the JSON this module writes."""


def _tinydb_shape(data: Any) -> bool:
    """{table: {doc_id: {field: value}}}, doc ids as TinyDB writes them (digits)."""
    return isinstance(data, dict) and all(
        isinstance(table, dict)
        and all(isinstance(k, str) and k.isdigit() and isinstance(doc, dict) for k, doc in table.items())
        for table in data.values()
    )


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file: temp file, fsync, os.replace. With
    `sync_dir`, the folder is fsynced too, so the rename itself survives a power cut (used for the ledger;
    a subscription lost that way comes back when the app re-posts it)."""

    def __init__(
        self,
        path: str | Path,
        sync_dir: bool = False,
        check: Check | None = None,
        on_corrupt: Callable[[Path], None] | None = None,
        **_: Any,
    ) -> None:
        self.path = Path(path)
        self.sync_dir = sync_dir
        self.check = check
        self.on_corrupt = on_corrupt
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The data, or None for a missing or empty file. A file that is not valid JSON of TinyDB's shape
        (and passes `check`) raises CorruptFile, unless `on_corrupt` deals with it (then: None)."""
        try:
            data = self._parse()
        except CorruptFile:
            if self.on_corrupt is None:
                raise
            self.on_corrupt(self.path)
            return None
        return data

    def _parse(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError:
            raise CorruptFile("geen UTF-8") from None
        if not text.strip():
            return None
        try:
            data = json.loads(text)
        except ValueError:
            raise CorruptFile("geen geldige JSON") from None
        if not _tinydb_shape(data) or (self.check is not None and not self.check(data)):
            raise CorruptFile("niet de verwachte inhoud")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # Only one writer per file holds its lock, so a fixed temporary name is safe; a temp file left by a
        # killed writer is simply truncated by the next one.
        temp = self.path.with_name(f".{self.path.name}.tmp")
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # the C encoder; json.dump is not
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            raise
        os.replace(temp, self.path)
        if self.sync_dir:
            _fsync_dir(self.path.parent)

    def close(self) -> None:
        pass


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def subscription_id(endpoint: str) -> str:
    """A subscription's id: a hash of its endpoint, so the same endpoint always finds the same record."""
    return hashlib.sha256(endpoint.encode("utf-8")).hexdigest()[:32]


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Subscription:
    id: str
    endpoint: str
    p256dh: str
    auth: str
    programme: str
    role: str
    days_before: tuple[int, ...]
    created: str
    seen: str
    token_hash: str = ""  # sha256 (hex) of the browser's token; empty for one stored before tokens

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Subscription:
        return cls(**{**doc, "days_before": tuple(doc["days_before"])})

    def to_doc(self) -> dict[str, Any]:
        return {**asdict(self), "days_before": list(self.days_before)}

    @property
    def info(self) -> dict[str, Any]:
        """The shape pywebpush expects: the browser's PushSubscription.toJSON()."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


SUBSCRIPTION_FIELDS = frozenset(Subscription.__dataclass_fields__)


@dataclass(frozen=True)
class Outcome:
    """One line of the journal: what happened to one reminder (or to a subscription) during a run."""

    key: str  # the reminder's ledger key; empty for an outcome that concerns only the subscription
    outcome: str  # sent | skipped | rejected | gone | blocked
    subscription: str
    deadline: str  # ISO date of the deadline, so old ledger entries can be pruned
    at: str


def _strings(doc: Any, *names: str) -> bool:
    return isinstance(doc, dict) and all(isinstance(doc.get(name), str) for name in names)


def _check_shard(data: dict[str, Any]) -> bool:
    for doc in data.get(SUBSCRIPTIONS, {}).values():
        if not _strings(doc, "id", "endpoint", "p256dh", "auth", "programme", "role", "created", "seen"):
            return False
        days = doc.get("days_before")
        if not isinstance(days, list) or not all(type(d) is int for d in days):
            return False
        if not isinstance(doc.get("token_hash", ""), str) or set(doc) - SUBSCRIPTION_FIELDS:
            return False
    return True


def _check_ledger(data: dict[str, Any]) -> bool:
    return all(_strings(doc, "key", "deadline") for doc in data.get("sent", {}).values())


def _check_backoff(data: dict[str, Any]) -> bool:
    for doc in data.get("backoff", {}).values():
        if not _strings(doc, "origin", "until"):
            return False
        try:
            if dt.datetime.fromisoformat(doc["until"]).tzinfo is None:
                return False
        except ValueError:
            return False
    return True


class Journal:
    """Append-only outcomes of the current run. Each line is written with one `write` call on an O_APPEND
    descriptor: threads never interleave, and a killed process leaves only whole lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def record(self, outcome: Outcome) -> None:
        # vars(): the fields as asdict gives them (all strings), without its deep copy
        line = json.dumps(vars(outcome), ensure_ascii=False, separators=(",", ":")) + "\n"
        os.write(self._fd, line.encode("utf-8"))

    def sync(self) -> None:
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = -1


def new_token() -> str:
    """The secret a subscribing browser gets once: 32 random bytes, base64url without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode("ascii")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token_matches(token: str | None, stored_hash: str) -> bool:
    return token is not None and hmac.compare_digest(token_hash(token), stored_hash)


class TokenRefused(Exception):
    """A change or delete of a subscription without its token (or with a wrong one)."""


class SendRunBusy(Exception):
    """Another send-due run holds the run lock."""


class PushStore:
    """Subscriptions, the send ledger and the back-off per push service, in `data_dir`.

    With `pretend` (a send-due run at a pretend time), the store deletes nothing (no subscription, no
    ledger entry), and writes its ledger, journal and back-off to pretend-* files of their own: those
    times are not real, so nothing a real run reads may depend on them. A pretend run does read the real
    ledger, so it never sends again what a real run sent."""

    def __init__(self, data_dir: Path, pretend: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.pretend = pretend
        prefix = PRETEND if pretend else ""
        self.ledger_path = self.data_dir / f"{prefix}{LEDGER}"
        self.journal_path = self.data_dir / f"{prefix}{JOURNAL}"
        self.backoff_path = self.data_dir / f"{prefix}{BACKOFF}"
        self.subscriptions_dir = self.data_dir / SUBSCRIPTIONS
        self.subscriptions_dir.mkdir(parents=True, exist_ok=True)
        self._thread_locks: dict[Path, threading.Lock] = {}
        self._thread_locks_guard = threading.Lock()
        self.set_aside: list[Path] = []  # corrupt files this store renamed, for the run's report

    # -- locking -------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        """Exclusive access to `path` for this thread, against every other thread and process."""
        with self._thread_locks_guard:
            thread_lock = self._thread_locks.setdefault(path, threading.Lock())
        with thread_lock, FileLock(f"{path}.lock", poll_interval=LOCK_POLL):
            yield

    @contextlib.contextmanager
    def _db(self, path: Path, sync_dir: bool = False) -> Iterator[TinyDB]:
        """A TinyDB over `path`, opened fresh under the lock (TinyDB caches nothing across processes).
        A corrupt file is set aside and the database starts empty."""
        with self._locked(path):
            db = TinyDB(
                path,
                storage=AtomicJSONStorage,
                sync_dir=sync_dir,
                check=_CHECKS.get(self._kind(path)),
                on_corrupt=self._set_aside_locked,
            )
            try:
                yield db
            finally:
                db.close()

    def _read(self, path: Path) -> dict[str, dict[str, Any]]:
        """A file's data without taking its lock (each file is replaced atomically, so a read sees a whole
        one); a corrupt file is set aside under its lock, and then reads as empty."""
        storage = AtomicJSONStorage(path, check=_CHECKS.get(self._kind(path)))
        try:
            return storage.read() or {}
        except CorruptFile:
            with self._locked(path):  # another process may have set it aside (and written anew) meanwhile
                storage.on_corrupt = self._set_aside_locked
                return storage.read() or {}

    def _kind(self, path: Path) -> str:
        return SUBSCRIPTIONS if path.parent == self.subscriptions_dir else path.name.removeprefix(PRETEND)

    def _set_aside_locked(self, path: Path) -> None:
        """Rename a corrupt file to <name>.kapot-<timestamp> (the caller holds its lock) and say so."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}{SET_ASIDE}{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = path.with_name(f"{path.name}{SET_ASIDE}{stamp}-{n}")
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return
        _fsync_dir(path.parent)
        self.set_aside.append(target)
        name = path.relative_to(self.data_dir)
        log.warning(
            "Beschadigd bestand %s in %s: apart gezet als %s en begonnen met een leeg bestand. %s",
            name,
            self.data_dir,
            target.name,
            _CONSEQUENCES[self._kind(path)],
        )

    @contextlib.contextmanager
    def run_lock(self) -> Iterator[None]:
        """Held for a whole send-due run, so two runs (cron and --loop) never send the same reminder.
        Also refused while sending processes of an earlier run are still at work (see `sending`)."""
        lock = FileLock(str(self.data_dir / RUN_LOCK), blocking=False)
        try:
            lock.acquire()
        except Timeout:
            raise SendRunBusy() from None
        try:
            if not self._no_senders():
                raise SendRunBusy()
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def sending(self) -> Iterator[None]:
        """Held (shared) by each sending process for as long as it sends. If the run that started it is
        killed, its senders end with it (see `sender._end_with_run`); until the last of them is gone, no
        new run starts."""
        fd = os.open(self.data_dir / SENDERS_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _no_senders(self) -> bool:
        fd = os.open(self.data_dir / SENDERS_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)
        return True

    # -- subscriptions --------------------------------------------------------------------------------

    def _shard(self, sub_id: str) -> Path:
        return self.subscriptions_dir / f"{sub_id[:2]}.json"

    def _shards(self) -> list[Path]:
        return sorted(p for p in self.subscriptions_dir.glob("*.json") if not p.name.startswith("."))

    def save_subscription(
        self,
        endpoint: str,
        p256dh: str,
        auth: str,
        programme: str,
        role: str,
        days_before: Iterable[int],
        now: dt.datetime,
    ) -> tuple[Subscription, bool]:
        """Create or update the subscription for `endpoint`, without any token check (for tools and tests
        that write the store directly; the API uses `subscribe`); either way it counts as seen now. Keeps a
        token the subscription has. Returns the stored subscription and whether it is new."""
        sub_id = subscription_id(endpoint)
        with self._db(self._shard(sub_id)) as db:
            table = db.table(SUBSCRIPTIONS)
            found = table.get(Query().id == sub_id)
            created = found["created"] if found else _iso(now)
            sub = Subscription(
                id=sub_id,
                endpoint=endpoint,
                p256dh=p256dh,
                auth=auth,
                programme=programme,
                role=role,
                days_before=tuple(days_before),
                created=created,
                seen=_iso(now),
                token_hash=found.get("token_hash", "") if found else "",
            )
            if found:
                table.update(sub.to_doc(), doc_ids=[found.doc_id])
            else:
                table.insert(sub.to_doc())
        return sub, found is None

    def subscribe(
        self,
        endpoint: str,
        p256dh: str,
        auth: str,
        programme: str,
        role: str,
        days_before: Iterable[int],
        now: dt.datetime,
        token: str | None,
    ) -> tuple[Subscription, bool, str | None]:
        """What the API does with a subscribe: create the subscription for `endpoint`, or change it if
        `token` is its token. Returns the subscription, whether it is new, and the token when one was
        issued: for a new subscription, and for one stored before tokens existed (the first subscribe that
        comes for it claims it). Raises TokenRefused otherwise; the check and the write are one step
        under the shard's lock."""
        sub_id = subscription_id(endpoint)
        with self._db(self._shard(sub_id)) as db:
            table = db.table(SUBSCRIPTIONS)
            found = table.get(Query().id == sub_id)
            issued = None
            if found and found.get("token_hash"):
                if not _token_matches(token, found["token_hash"]):
                    raise TokenRefused()
                stored_hash = found["token_hash"]
            else:
                issued = new_token()
                stored_hash = token_hash(issued)
            sub = Subscription(
                id=sub_id,
                endpoint=endpoint,
                p256dh=p256dh,
                auth=auth,
                programme=programme,
                role=role,
                days_before=tuple(days_before),
                created=found["created"] if found else _iso(now),
                seen=_iso(now),
                token_hash=stored_hash,
            )
            if found:
                table.update(sub.to_doc(), doc_ids=[found.doc_id])
            else:
                table.insert(sub.to_doc())
        return sub, found is None, issued

    def unsubscribe(self, endpoint: str, token: str | None) -> bool:
        """What the API does with an unsubscribe: remove the subscription if `token` is its token (one
        stored before tokens needs none). Whether there was one; raises TokenRefused."""
        sub_id = subscription_id(endpoint)
        shard = self._shard(sub_id)
        if not shard.exists():
            return False
        with self._db(shard) as db:
            table = db.table(SUBSCRIPTIONS)
            found = table.get(Query().id == sub_id)
            if not found:
                return False
            if found.get("token_hash") and not _token_matches(token, found["token_hash"]):
                raise TokenRefused()
            table.remove(doc_ids=[found.doc_id])
            return True

    def delete_subscription(self, endpoint: str) -> bool:
        sub_id = subscription_id(endpoint)
        with self._db(self._shard(sub_id)) as db:
            return bool(db.table(SUBSCRIPTIONS).remove(Query().id == sub_id))

    def remove_subscriptions(self, ids: Iterable[str], seen_before: dt.datetime | None = None) -> int:
        """Remove these subscriptions, but keep one that was (re)subscribed at or after `seen_before`."""
        if self.pretend:
            return 0
        by_shard: dict[Path, set[str]] = {}
        for sub_id in ids:
            by_shard.setdefault(self._shard(sub_id), set()).add(sub_id)
        limit = _iso(seen_before) if seen_before else None
        removed = 0
        for shard, shard_ids in sorted(by_shard.items()):
            if not shard.exists():
                continue
            with self._db(shard) as db:
                item = Query()
                condition = item.id.one_of(sorted(shard_ids))
                if limit is not None:
                    condition &= item.seen < limit
                removed += len(db.table(SUBSCRIPTIONS).remove(condition))
        return removed

    def drop_stale(self, not_seen_since: dt.datetime) -> int:
        """Remove every subscription not seen since the given moment (Apple answers 200 for dead endpoints)."""
        if self.pretend:
            return 0
        limit = _iso(not_seen_since)
        removed = 0
        for shard in self._shards():
            # TinyDB rewrites a file on every remove(), even one that matches nothing: look first.
            data = self._read(shard)
            if not any(doc["seen"] < limit for doc in data.get(SUBSCRIPTIONS, {}).values()):
                continue
            with self._db(shard) as db:
                removed += len(db.table(SUBSCRIPTIONS).remove(Query().seen < limit))
        return removed

    def subscriptions(self) -> list[Subscription]:
        """Every subscription, read without a lock: each file is replaced atomically, so a read sees a whole one."""
        subs: list[Subscription] = []
        for shard in self._shards():
            data = self._read(shard)
            subs.extend(Subscription.from_doc(doc) for doc in data.get(SUBSCRIPTIONS, {}).values())
        return sorted(subs, key=lambda s: s.id)

    def count_subscriptions(self) -> int:
        return len(self.subscriptions())

    # -- the send ledger -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def journal(self) -> Iterator[Journal]:
        journal = Journal(self.journal_path)
        try:
            yield journal
        finally:
            journal.close()

    def _journal_entries(self, path: Path | None = None) -> list[Outcome]:
        path = path or self.journal_path
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        entries = []
        for line in lines:
            try:
                entries.append(Outcome(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a torn last line after a power cut: that reminder is simply sent again
        return entries

    def done_keys(self) -> set[str]:
        """Keys of every reminder that needs no sending: in the ledger or in the journal of a killed run
        (for a pretend store: the real ones and its own)."""
        keys: set[str] = set()
        for ledger, journal in {
            (self.data_dir / LEDGER, self.data_dir / JOURNAL),
            (self.ledger_path, self.journal_path),
        }:
            data = self._read(ledger)
            keys.update(doc["key"] for doc in data.get("sent", {}).values())
            keys.update(e.key for e in self._journal_entries(journal) if e.key)
        return keys

    def fold_journal(self, run_started: dt.datetime | None = None) -> list[Outcome]:
        """Move the journal into the ledger, and remove the subscriptions it reports gone or blocked.
        Safe to repeat: a fold killed half-way is finished by the next one. Returns the folded outcomes."""
        entries = self._journal_entries()
        if not entries:
            return []
        with self._db(self.ledger_path, sync_dir=True) as db:
            table = db.table("sent")
            known = {doc["key"] for doc in table.all()}
            new = {}
            for entry in entries:
                if entry.key and entry.key not in known:
                    new[entry.key] = dict(vars(entry))  # asdict without its deep copy (all strings)
            if new:
                table.insert_multiple(new.values())
        dead = {e.subscription for e in entries if e.outcome in {"gone", "blocked"}}
        if dead:
            self.remove_subscriptions(dead, seen_before=run_started)
        self.journal_path.unlink(missing_ok=True)
        _fsync_dir(self.data_dir)
        return entries

    def prune_ledger(self, deadline_before: dt.date) -> int:
        """Forget ledger entries of deadlines before the given date: they can never be due again."""
        path = self.ledger_path
        if self.pretend or not path.exists():
            return 0
        with self._db(path) as db:
            return len(db.table("sent").remove(Query().deadline < deadline_before.isoformat()))

    # -- back-off per push service (429 and 5xx with Retry-After) ---------------------------------------

    def backoff(self) -> dict[str, dt.datetime]:
        data = self._read(self.backoff_path)
        return {doc["origin"]: dt.datetime.fromisoformat(doc["until"]) for doc in data.get("backoff", {}).values()}

    def set_backoff(self, until: dict[str, dt.datetime], now: dt.datetime) -> None:
        """Store the new waits and forget those that have passed."""
        with self._db(self.backoff_path) as db:
            table = db.table("backoff")
            current = {doc["origin"]: dt.datetime.fromisoformat(doc["until"]) for doc in table.all()}
            current.update(until)
            table.truncate()
            table.insert_multiple(
                {"origin": origin, "until": _iso(moment)} for origin, moment in sorted(current.items()) if moment > now
            )


_CHECKS: dict[str, Check] = {SUBSCRIPTIONS: _check_shard, LEDGER: _check_ledger, BACKOFF: _check_backoff}
_CONSEQUENCES = {
    SUBSCRIPTIONS: "De abonnementen die erin stonden, krijgen geen herinneringen meer tot die browsers zich "
    "opnieuw aanmelden (de app doet dat bij elk bezoek aan herinneringen/).",
    LEDGER: "Herinneringen die al verstuurd waren en nog aan de beurt zijn, kunnen één keer opnieuw komen "
    "(met dezelfde tag: de telefoon vervangt de melding).",
    BACKOFF: "Pushdiensten die om uitstel vroegen (Retry-After), worden weer gewoon benaderd.",
}
