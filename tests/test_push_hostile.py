"""The push service under hostile or unlucky conditions (issue 14, section 4): push services that drip-feed
or flood their answers, corrupt data files, pretend times, stolen endpoints and floods of requests, a
multi-process run killed with -9, and bad command-line values.

Network: only 127.0.0.1, as in test_push.py (whose fixtures and fake push service this file reuses). Every
loop here is bounded in count and in time; no test sleeps to wait for a state."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
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

from .conftest import CONTENT
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
