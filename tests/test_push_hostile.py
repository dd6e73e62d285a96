"""The push service under hostile or unlucky conditions (issue 14, section 4): push services that drip-feed
or flood their answers, corrupt data files, pretend times, stolen endpoints and floods of requests, a
multi-process run killed with -9, and bad command-line values.

Network: only 127.0.0.1, as in test_push.py (whose fixtures and fake push service this file reuses). Every
loop here is bounded in count and in time; no test sleeps to wait for a state."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from werkplek.push import sender
from werkplek.push.sender import send_due

from .helpers import CONTENT
from .test_push import (  # noqa: F401 - fixtures are found by name
    PROGRAMME, WEEK_BEFORE, Device, FakePushService, app, data_dir, insecure, public_key, push, service, store,
)

# --------------------------------------------------------------------------------------------------------
# A push service that misbehaves on purpose, on raw sockets: what it does depends on the request's path.

DRIP_INTERVAL = 0.05  # seconds between two dripped bytes
DRIP_FOR = 12.0  # a dripping answer gives up after this long (so a test of the unfixed code still ends)
HUGE = 256 * 1024 * 1024  # bytes a flooding answer offers


class HostileService:
    """`/drip-head`: a status line, then one header byte every DRIP_INTERVAL, never the end of the headers.
    `/drip-body`: a 400 with a long body that comes one byte at a time.
    `/flood`: a 201 announcing HUGE bytes and sending them as fast as the reader takes them.
    `/flood-400`: the same as a chunked 400, the answer the sender reads to log it."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.stop = threading.Event()
        self.written: Counter[str] = Counter()  # bytes of answer written, per path
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.accepter = threading.Thread(target=self._accept, daemon=True)
        self.accepter.start()

    def _accept(self) -> None:
        deadline = time.monotonic() + 120  # never outlives a test run
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _read_request(self, conn: socket.socket) -> str | None:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            rest += chunk
        return lines[0].split()[1]

    def _send(self, conn: socket.socket, path: str, data: bytes) -> None:
        conn.sendall(data)
        with self.lock:
            self.written[path] += len(data)

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                path = self._read_request(conn)
                if path is None:
                    return
                with self.lock:
                    self.requests[path] += 1
                if path.startswith("/drip"):
                    head = (b"HTTP/1.1 201 Created\r\nX-Drip: " if path == "/drip-head" else
                            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 100000\r\n\r\n")
                    self._send(conn, path, head)
                    until = time.monotonic() + DRIP_FOR
                    while not self.stop.is_set() and time.monotonic() < until:
                        self._send(conn, path, b"x")
                        self.stop.wait(DRIP_INTERVAL)
                elif path.startswith("/flood"):
                    block = b"0" * 65536
                    if path == "/flood":
                        self._send(conn, path, f"HTTP/1.1 201 Created\r\nContent-Length: {HUGE}\r\n\r\n".encode())
                        for _ in range(HUGE // len(block)):
                            self._send(conn, path, block)
                    else:
                        self._send(conn, path, b"HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n")
                        chunk = b"%x\r\n%s\r\n" % (len(block), block)
                        for _ in range(HUGE // len(block)):
                            self._send(conn, path, chunk)
                        self._send(conn, path, b"0\r\n\r\n")
                else:
                    self._send(conn, path, b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                return  # the reader hung up: what a bounded reader should do

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(10)
        self.accepter.join(10)


@pytest.fixture
def hostile() -> Iterator[HostileService]:
    service = HostileService()
    yield service
    service.close()


def _add(store, endpoint: str, device: Device | None = None) -> None:
    device = device or Device.new(endpoint)
    s = device.subscription()
    store.save_subscription(endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student", [7],
                            dt.datetime.now(dt.timezone.utc))


# --------------------------------------------------------------------------------------------------------
# 1. One subscriber's endpoint cannot hold up a run, nor fill its memory


@pytest.mark.parametrize("path", ["/drip-head", "/drip-body"])
def test_a_drip_fed_answer_ends_at_the_request_deadline(insecure, data_dir, store, push, hostile, monkeypatch,
                                                        path):
    monkeypatch.setattr(sender, "REQUEST_SECONDS", 1.0, raising=False)
    _add(store, hostile.url + path)
    for name in ("a", "b"):
        _add(store, push.device(name).endpoint, push.devices[f"/{name}"])
    started = time.monotonic()
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    seconds = time.monotonic() - started
    assert seconds < 5, f"the run took {seconds:.1f} s"
    assert hostile.requests[path] == 1
    assert push.count_by_path() == {"/a": 1, "/b": 1} and not push.problems
    if path == "/drip-head":  # no answer in time: tried again next run
        assert report.counts["retry"] == 1 and report.counts["sent"] == 2
    else:  # the push service had refused it (400) before its body dripped
        assert report.counts["rejected"] == 1 and report.counts["sent"] == 2


@pytest.mark.parametrize("path", ["/flood", "/flood-400"])
def test_a_flooding_answer_is_cut_off(insecure, data_dir, store, push, hostile, path):
    _add(store, hostile.url + path)
    _add(store, push.device("a").endpoint, push.devices["/a"])
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert push.count_by_path() == {"/a": 1}
    assert report.counts["sent"] == (2 if path == "/flood" else 1), report.summary()
    # what was read is at most 64 KB; the rest is what the kernel's socket buffers took before the sender hung up
    assert hostile.written[path] < 16 * 1024 * 1024, hostile.written[path]


def _peak_rss_of_send_due(data_dir: Path) -> tuple[int, float]:
    """Peak resident memory (KB) and seconds of one `werkplek push send-due` process."""
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "werkplek", "push", "send-due", "--data", str(data_dir),
                              "--content", str(CONTENT), "--now", WEEK_BEFORE.isoformat()],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            child.kill()
            os.wait4(child.pid, 0)
            pytest.fail("send-due did not finish within 60 s")
        time.sleep(0.02)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0
    return usage.ru_maxrss, time.monotonic() - started


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs wait4 for the child's peak memory")
def test_a_flooding_answer_does_not_grow_the_memory_of_send_due(insecure, tmp_path, push, hostile):
    from werkplek.push.keys import init_keys
    from werkplek.push.store import PushStore

    peaks = {}
    for name, endpoint in (("calm", push.device("calm").endpoint), ("flood", hostile.url + "/flood")):
        folder = tmp_path / name
        init_keys(folder, "mailto:beheer@werkplek.test")
        _add(PushStore(folder), endpoint, push.devices.get("/calm") if name == "calm" else None)
        peaks[name] = _peak_rss_of_send_due(folder)[0]
    assert peaks["flood"] < peaks["calm"] + 32 * 1024, peaks  # KB; the flood offers 256 MB


# --------------------------------------------------------------------------------------------------------
# 2. A corrupt data file is set aside, with a Dutch message; everything else goes on

CORRUPT = {
    "torn": '{"subscriptions": {"1": {"id": "ab',
    "not utf-8": b"\xff\xfe{}",
    "a list": "[1, 2, 3]",
    "wrong fields": '{"subscriptions": {"1": {"id": 5, "seen": []}}}',
    "bad doc id": '{"subscriptions": {"x": {}}}',
}


def _write(path: Path, text: str | bytes) -> None:
    path.write_bytes(text if isinstance(text, bytes) else text.encode())


def _set_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.kapot-*"))


@pytest.mark.parametrize("garbage", CORRUPT.values(), ids=CORRUPT.keys())
def test_a_corrupt_shard_is_set_aside_and_the_others_still_send(insecure, data_dir, store, push, caplog, garbage):
    devices = [push.device(f"s{i}") for i in range(12)]
    for device in devices:
        _add(store, device.endpoint, device)
    shards = sorted((data_dir / "subscriptions").glob("*.json"))
    bad = shards[0]
    lost = {s.endpoint for s in store.subscriptions() if store._shard(s.id) == bad}
    _write(bad, garbage)
    with caplog.at_level("WARNING", logger="werkplek.push"):
        report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert report.counts["sent"] == len(devices) - len(lost)
    assert set(push.count_by_path()) == {f"/{d.endpoint.rsplit('/', 1)[1]}" for d in devices if d.endpoint not in lost}
    (kept,) = _set_aside(bad)
    assert kept.read_bytes() == (garbage if isinstance(garbage, bytes) else garbage.encode())  # kept for the operator
    assert not bad.exists() or bad.read_text().startswith("{")
    messages = [r.getMessage() for r in caplog.records]
    assert any("beschadigd" in m.lower() and bad.name in m and kept.name in m for m in messages), messages
    assert "1 beschadigd bestand apart gezet" in report.summary()


def test_subscribing_into_a_corrupt_shard_starts_it_afresh(insecure, data_dir, app, push, store, caplog):
    device = push.device("phone")
    client = app.test_client()
    body = {"subscription": device.subscription(), "programme": PROGRAMME, "role": "student"}
    assert client.post("/api/subscriptions", json=body).status_code == 201
    (shard,) = (data_dir / "subscriptions").glob("*.json")
    _write(shard, CORRUPT["torn"])
    with caplog.at_level("WARNING", logger="werkplek.push"):
        answer = client.post("/api/subscriptions", json=body)
    assert answer.status_code == 201, answer.json
    assert answer.json["status"] == "aangemeld"  # the shard started empty
    assert [s.endpoint for s in store.subscriptions()] == [device.endpoint]
    assert len(_set_aside(shard)) == 1
    assert any("beschadigd" in r.getMessage().lower() and "leeg" in r.getMessage() for r in caplog.records)
    # unsubscribing into a corrupt shard works too
    _write(shard, CORRUPT["a list"])
    assert client.delete("/api/subscriptions", json={"endpoint": device.endpoint}).status_code in (204, 403)
    assert len(_set_aside(shard)) == 2


@pytest.mark.parametrize("name", ["ledger.json", "backoff.json"])
@pytest.mark.parametrize("garbage", [CORRUPT["torn"], '{"sent": {"1": {"key": 7}}, "backoff": {"1": {"until": "later"}}}'])
def test_a_corrupt_ledger_or_backoff_file_does_not_stop_sending(insecure, data_dir, store, push, caplog, name,
                                                               garbage):
    _add(store, push.device("a").endpoint, push.devices["/a"])
    _write(data_dir / name, garbage)
    with caplog.at_level("WARNING", logger="werkplek.push"):
        report = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)  # a pretend run has its own back-off
    assert report.counts["sent"] == 1 and push.count_by_path() == {"/a": 1}
    assert len(_set_aside(data_dir / name)) == 1
    assert any("beschadigd" in r.getMessage().lower() and name in r.getMessage() for r in caplog.records)


def test_the_command_line_says_it_in_dutch(insecure, data_dir, store, push):
    _add(store, push.device("a").endpoint, push.devices["/a"])
    _write(data_dir / "ledger.json", CORRUPT["torn"])
    run = subprocess.run([sys.executable, "-m", "werkplek", "push", "send-due", "--data", str(data_dir),
                          "--content", str(CONTENT), "--now", WEEK_BEFORE.isoformat()],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "WARNING" not in run.stderr
    assert "waarschuwing: beschadigd bestand ledger.json" in run.stderr.lower(), run.stderr
    assert run.stdout.startswith("1 herinnering(en) verzonden")


# --------------------------------------------------------------------------------------------------------
# 3. A pretend time (--now) deletes nothing and leaves the real ledger and back-off alone


def _snapshot(data_dir: Path) -> dict[str, bytes | None]:
    files = [*sorted((data_dir / "subscriptions").glob("*.json")), data_dir / "ledger.json",
             data_dir / "ledger.journal", data_dir / "backoff.json"]
    return {str(p.relative_to(data_dir)): p.read_bytes() if p.exists() else None for p in files}


def test_a_pretend_time_deletes_nothing_and_leaves_the_real_ledger_alone(insecure, data_dir, store, push):
    from click.testing import CliRunner

    from werkplek.__main__ import cli
    from werkplek.push.store import Outcome

    for name in ("alive", "gone"):
        _add(store, push.device(name).endpoint, push.devices[f"/{name}"])
    _add(store, push.device("busy", host="localhost").endpoint, push.devices["/busy"])  # back-off is per origin
    push.statuses["/gone"] = (410, {})
    push.statuses["/busy"] = (429, {"Retry-After": "3600"})
    with store.journal() as journal:  # a real run sent this earlier; its deadline is long past in 2027
        journal.record(Outcome("real-key", "sent", "s", "2026-02-04", "2026-01-28T09:00:00+01:00"))
    store.fold_journal()
    before = _snapshot(data_dir)
    subscribed = store.subscriptions()

    runner = CliRunner()
    for moment in ("2027-03-01T09:00", WEEK_BEFORE.isoformat(timespec="minutes")):
        result = runner.invoke(cli, ["push", "send-due", "--data", str(data_dir), "--content", str(CONTENT),
                                     "--now", moment])
        assert result.exit_code == 0, result.output
        assert "niets verwijderd" in result.output
    assert push.count_by_path() == {"/alive": 1}  # the pretend run at WEEK_BEFORE did send
    assert store.subscriptions() == subscribed  # not stale (2027), not gone (410): nothing deleted
    assert _snapshot(data_dir) == before  # the real ledger and back-off: not a byte changed
    # pretend runs remember among themselves: the same pretend moment sends nothing twice
    again = runner.invoke(cli, ["push", "send-due", "--data", str(data_dir), "--content", str(CONTENT),
                                "--now", WEEK_BEFORE.isoformat(timespec="minutes")])
    assert again.output.startswith("0 herinnering(en) verzonden"), again.output
    # and a real run at that moment is not fooled by them: it sends, and removes the gone subscription
    push.statuses.pop("/busy")
    real = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)
    assert (real.counts["sent"], real.counts["gone"]) == (2, 1), real.summary()
    assert push.count_by_path() == {"/alive": 2, "/busy": 1}
    assert len(store.subscriptions()) == 2


# --------------------------------------------------------------------------------------------------------
# 5. The sending processes of a multi-process run end with it, also after kill -9

MULTI_PROCESS_RUN = """
import datetime as dt, sys
from pathlib import Path
from werkplek.push import sender
sender.PROCESS_MIN, sender.PROCESSES = 4, 2
sender.send_due(Path(sys.argv[1]), Path(sys.argv[2]), now=dt.datetime.fromisoformat(sys.argv[3]))
"""


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo and len(found) < 1000:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pid: int) -> bool:
    """Exists and is not a zombie (an orphan's zombie waits for a pid 1 that may never reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_kill_9_of_a_multi_process_run_ends_its_sending_processes(insecure, data_dir, store, push):
    for i in range(8):
        _add(store, push.device(f"k{i}").endpoint, push.devices[f"/k{i}"])
    push.hold_after = 0  # a push service that never answers: every sending process is at work, waiting
    run = subprocess.Popen([sys.executable, "-c", MULTI_PROCESS_RUN, str(data_dir), str(CONTENT),
                            WEEK_BEFORE.isoformat()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while push.held < 8:  # both sending processes hold their four requests
            assert time.monotonic() < deadline and run.poll() is None, "the run did not start sending"
            time.sleep(0.01)
        children = _descendants(run.pid)
        assert len(children) >= 3, children  # the fork server and the two sending processes (and a tracker)
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        deadline = time.monotonic() + 5
        while any(_running(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not [pid for pid in children if _running(pid)], "sending processes outlived their run"
    finally:
        for pid in children:  # a failed test leaves nothing behind: they are ours (children of our child)
            if _running(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()
            run.wait(10)
    push.release.set()
    push.hold_after = None
    # what they had not sent goes out with the next run, once
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert report.counts["sent"] == 8 and push.count_by_path() == {f"/k{i}": 1 for i in range(8)}


# --------------------------------------------------------------------------------------------------------
# 4. Changes and deletes need the token only the subscribing browser holds; rate limits on both


def _body(device: Device, token: str | None = None, **extra) -> dict:
    body = {"subscription": device.subscription(), "programme": PROGRAMME, "role": "student", **extra}
    if token is not None:
        body["token"] = token
    return body


def _files_text(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file() and p.suffix == ".json")


def test_subscribing_returns_a_token_and_stores_only_its_hash(insecure, data_dir, app, push, store):
    import base64
    import hashlib

    client = app.test_client()
    device = push.device("phone")
    first = client.post("/api/subscriptions", json=_body(device))
    assert first.status_code == 201 and first.json["status"] == "aangemeld"
    token = first.json["token"]
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert token not in _files_text(data_dir)
    (sub,) = store.subscriptions()
    assert sub.token_hash == hashlib.sha256(token.encode()).hexdigest()
    again = client.post("/api/subscriptions", json=_body(device, token, days_before=[1]))
    assert again.status_code == 201 and again.json["status"] == "bijgewerkt" and "token" not in again.json
    assert store.subscriptions()[0].days_before == (1,)


def test_without_the_token_no_one_replaces_the_keys_or_unsubscribes(insecure, app, push, store):
    client = app.test_client()
    device = push.device("phone")
    token = client.post("/api/subscriptions", json=_body(device)).json["token"]
    (before,) = store.subscriptions()
    thief = Device.new(device.endpoint)  # knows the endpoint, brings keys of its own
    for stolen in (None, "A" * 43, token[:-1] + ("A" if token[-1] != "A" else "B")):
        answer = client.post("/api/subscriptions", json=_body(thief, stolen))
        assert answer.status_code == 403, answer.json
        assert "browser" in answer.json["error"] and "sleutel" in answer.json["error"]
        gone = client.delete("/api/subscriptions", json={"endpoint": device.endpoint, **({"token": stolen} if stolen else {})})
        assert gone.status_code == 403 and gone.json["error"]
    assert store.subscriptions() == [before]
    # the browser itself changes its keys, then unsubscribes
    renewed = Device.new(device.endpoint)
    assert client.post("/api/subscriptions", json=_body(renewed, token)).status_code == 201
    assert store.subscriptions()[0].p256dh == renewed.subscription()["keys"]["p256dh"]
    assert client.delete("/api/subscriptions", json={"endpoint": device.endpoint, "token": token}).status_code == 204
    assert store.subscriptions() == []
    assert client.delete("/api/subscriptions", json={"endpoint": device.endpoint, "token": token}).status_code == 204
    bad = client.post("/api/subscriptions", json=_body(device, "geen token!"))
    assert bad.status_code == 400 and bad.json["problems"][0]["field"] == "token"


def test_a_subscription_from_before_tokens_is_claimed_by_its_next_subscribe(insecure, app, push, store):
    client = app.test_client()
    old, other = push.device("old"), push.device("other")
    for device in (old, other):
        _add(store, device.endpoint, device)  # stored without a token, as before the upgrade
    assert all(s.token_hash == "" for s in store.subscriptions())
    claimed = client.post("/api/subscriptions", json=_body(old))  # the app re-posts on its next visit
    assert claimed.status_code == 201 and claimed.json["status"] == "bijgewerkt" and claimed.json["token"]
    assert client.post("/api/subscriptions", json=_body(old)).status_code == 403  # from now on: token needed
    assert client.post("/api/subscriptions", json=_body(old, claimed.json["token"])).status_code == 201
    # an unclaimed one can still be unsubscribed by its (old) app, as before
    assert client.delete("/api/subscriptions", json={"endpoint": other.endpoint}).status_code == 204
    assert [s.endpoint for s in store.subscriptions()] == [old.endpoint]


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
    return call("/api/subscriptions", json=body if body is not None else {"endpoint": "x"},
                environ_base={"REMOTE_ADDR": address}, headers=headers)


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
    statuses = Counter(_from(client, "192.0.2.7", body=_body(Device.new(f"{push.url}/f{i}"))).status_code
                       for i in range(300))
    seconds = time.monotonic() - started
    assert statuses[201] <= 60 + seconds + 1 and statuses[429] >= 300 - 61 - seconds, (statuses, seconds)
    assert store.count_subscriptions() == statuses[201]


# A fake PushSubscription for the page: headless Chromium has no push service of its own. Its endpoint is
# the fake push service on loopback; its keys are a real P-256 key pair (the service checks them).
FAKE_PUSH = """
(() => {
  const init = %s;
  let current = null;
  const make = () => ({
    endpoint: init.endpoint,
    toJSON: () => ({ endpoint: init.endpoint, expirationTime: null, keys: init.keys }),
    unsubscribe: async () => { current = null; return true; },
  });
  PushManager.prototype.subscribe = async function () { current = make(); return current; };
  PushManager.prototype.getSubscription = async function () { return current; };
  Object.defineProperty(Notification, 'permission', { get: () => 'granted' });
})();
"""


def test_the_page_keeps_the_token_and_sends_it_to_change_and_unsubscribe(context, tmp_path, insecure, push):
    import json

    from werkzeug.serving import make_server

    from werkplek.pipeline import build
    from werkplek.push.api import create_push_app
    from werkplek.push.keys import init_keys
    from werkplek.push.store import PushStore

    from .helpers import open_page, serve_directory

    device = push.device("browser")
    context.add_init_script(FAKE_PUSH % json.dumps(device.subscription()))
    www, data = tmp_path / "www", tmp_path / "push-data"
    page = context.new_page()
    with serve_directory(www) as root:
        init_keys(data, "mailto:beheer@school.example")
        server = make_server("127.0.0.1", 0, create_push_app(data, CONTENT, [root.rstrip("/")]), threaded=True)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            build(CONTENT, www / "stage", push_url=f"http://127.0.0.1:{server.server_port}/")
            store = PushStore(data)
            open_page(page, root + "stage/herinneringen/")
            status = page.locator("[data-push-status]")
            status.filter(has_text="Herinneringen staan uit.").wait_for()
            page.get_by_role("button", name="Herinneringen aanzetten").click()
            page.get_by_role("button", name="Herinneringen uitzetten").wait_for()
            (sub,) = store.subscriptions()
            assert sub.token_hash
            saved = page.evaluate("""() => new Promise((resolve) => {
                setTimeout(() => resolve('no answer from IndexedDB'), 5000);
                const name = `werkplek:${new URL(document.documentElement.dataset.root || './', document.baseURI).pathname}`;
                const open = indexedDB.open(name);
                open.onerror = () => resolve(String(open.error));
                open.onsuccess = () => {
                    try {
                        const get = open.result.transaction('prefs').objectStore('prefs').get('push-token');
                        get.onsuccess = () => resolve(get.result ?? null);
                        get.onerror = () => resolve(String(get.error));
                    } catch (error) {
                        resolve(String(error));
                    }
                };
            })""")
            assert isinstance(saved, dict), saved
            assert saved["endpoint"] == device.endpoint and len(saved["token"]) == 43
            # a change in the choices goes with the token (without it the service would answer 403)
            page.locator("input[name='days'][value='7']").uncheck()
            deadline = time.monotonic() + 10
            while store.subscriptions()[0].days_before == sub.days_before:
                assert time.monotonic() < deadline, "the change did not reach the service"
                page.wait_for_timeout(20)
            page.get_by_role("button", name="Herinneringen uitzetten").click()
            status.filter(has_text="Herinneringen staan uit.").wait_for()
            deadline = time.monotonic() + 10
            while store.subscriptions():
                assert time.monotonic() < deadline, "the unsubscribe did not reach the service"
                page.wait_for_timeout(20)
        finally:
            server.shutdown()
            server.server_close()


# --------------------------------------------------------------------------------------------------------
# 6. Bad command-line values get a Dutch message and exit code 2, never click's English

ENGLISH = re.compile(r"Error|Usage|Invalid|Missing|No such|Try '|does not exist|is not a valid|requires an|"
                     r"unexpected extra|Show this message|Options|default:|required")


def _bad_invocations(data: Path, folder: Path) -> dict[str, tuple[list[str], str]]:
    content = ["--content", str(CONTENT)]
    return {
        "now garbage": (["send-due", "--data", str(data), *content, "--now", "garbage"], "2027-03-01T09:00"),
        "now empty": (["send-due", "--data", str(data), *content, "--now", ""], "2027-03-01T09:00"),
        "now without a value": (["send-due", "--data", str(data), *content, "--now"], "--now"),
        "loop and now": (["send-due", "--data", str(data), *content, "--now", "2027-03-01T09:00", "--loop"],
                         "--loop en --now"),
        "no data folder": (["send-due", *content], "--data"),
        "data is a file": (["send-due", "--data", str(folder / "file.txt"), *content], "geen map"),
        "content missing": (["send-due", "--data", str(data), "--content", str(folder / "nergens")], "bestaat niet"),
        "unknown option": (["send-due", "--data", str(data), "--snel"], "--snel"),
        "extra argument": (["init", "--data", str(data), "nog-iets"], "nog-iets"),
        "unknown command": (["verstuur"], "verstuur"),
        "port not a number": (["serve", "--data", str(data), *content, "--port", "abc"], "--port"),
        "port too high": (["serve", "--data", str(data), *content, "--port", "70000"], "65535"),
        "negative limit": (["serve", "--data", str(data), *content, "--limit-client", "-1"], "--limit-client"),
        "flag with a value": (["send-due", "--data", str(data), *content, "--loop=ja"], "--loop"),
    }


def test_bad_command_line_values_are_refused_in_dutch(data_dir, tmp_path):
    from click.testing import CliRunner

    from werkplek.__main__ import cli

    (tmp_path / "file.txt").write_text("x")
    runner = CliRunner()
    for name, (args, expected) in _bad_invocations(data_dir, tmp_path).items():
        result = runner.invoke(cli, ["push", *args])
        assert result.exit_code == 2, (name, result.exit_code, result.output)
        assert result.output.startswith("Fout: "), (name, result.output)
        assert expected in result.output, (name, result.output)
        assert not ENGLISH.search(result.output), (name, result.output)
        assert "Traceback" not in result.output


def test_the_push_commands_help_is_dutch():
    from click.testing import CliRunner

    from werkplek.__main__ import cli

    for command in ([], ["init"], ["serve"], ["send-due"]):
        result = CliRunner().invoke(cli, ["push", *command, "--help"], prog_name="werkplek")
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Gebruik: werkplek push"), result.output
        assert not ENGLISH.search(result.output), result.output
