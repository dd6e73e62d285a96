"""Exactly once across processes: a run killed half-way and run again, a large run over several sending processes,
no run while the senders of an earlier one are at work, subscribes from threads and processes while send-due
runs, kill -9 during writes, and kill -9 of a multi-process run ending its sending processes."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from werkplek.push import sender
from werkplek.push.sender import send_due
from werkplek.push.store import AtomicJSONStorage, PushStore

from ..helpers import CONTENT
from .fake_service import Device
from .helpers import PROGRAMME, SITE, WEEK_BEFORE, _add, _free_port, _up, _wait_for, serve_app, subscribe

REAL_RUN = """
import datetime as dt, sys
from pathlib import Path
from werkplek.push.sender import send_due
print(send_due(Path(sys.argv[1]), Path(sys.argv[2]), now=dt.datetime.fromisoformat(sys.argv[3]), pretend=False).summary())
"""


def _send_due_process(data_dir: Path, now: dt.datetime, real: bool = False) -> subprocess.Popen:
    """`send-due --now` in a process of its own; `real`: a real run at that moment (one that deletes what
    push services report gone), which the command line never does with --now."""
    command = (
        [sys.executable, "-c", REAL_RUN, str(data_dir), str(CONTENT), now.isoformat()]
        if real
        else [
            sys.executable,
            "-m",
            "werkplek",
            "push",
            "send-due",
            "--data",
            str(data_dir),
            "--content",
            str(CONTENT),
            "--now",
            now.isoformat(),
        ]
    )
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_run_killed_half_way_then_run_again_sends_each_reminder_exactly_once(insecure, data_dir, push, store):
    total, accepted = 60, 20
    devices = [push.device(f"d{i}") for i in range(total)]
    for device in devices:
        s = device.subscription()
        store.save_subscription(
            device.endpoint,
            s["keys"]["p256dh"],
            s["keys"]["auth"],
            PROGRAMME,
            "student",
            [7, 1, 0],
            dt.datetime.now(dt.UTC),
        )
    push.hold_after = accepted
    run = _send_due_process(data_dir, WEEK_BEFORE)
    # every sending thread is now stuck in a request the push service never answers, so each of them has
    # recorded the answer it had before: this is "half-way", with messages in flight
    _wait_for(lambda: push.held >= min(sender.WORKERS, total - accepted))
    run.send_signal(signal.SIGKILL)
    run.wait(10)
    assert run.returncode == -signal.SIGKILL
    assert len(push.delivered) == accepted
    push.release.set()
    push.hold_after = None

    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE)
    assert report.counts["sent"] == total - accepted
    assert push.count_by_path() == {f"/d{i}": 1 for i in range(total)}
    assert not push.problems
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE + dt.timedelta(hours=1)).counts["sent"] == 0
    assert len(push.delivered) == total


def test_a_large_run_sends_from_several_processes_each_reminder_once(insecure, data_dir, push, store, monkeypatch):
    monkeypatch.setattr(sender, "PROCESS_MIN", 10)
    monkeypatch.setattr(sender, "PROCESSES", 2)
    devices = [push.device(f"m{i}") for i in range(24)]
    for device in devices:
        s = device.subscription()
        store.save_subscription(
            device.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "wpb", [7], dt.datetime.now(dt.UTC)
        )
    push.statuses["/m3"] = (410, {})
    report = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)
    assert not push.problems, push.problems
    assert (report.counts["sent"], report.counts["gone"], report.signed_tokens) == (23, 1, 1), report.summary()
    assert push.count_by_path() == {f"/m{i}": 1 for i in range(24) if i != 3}
    assert len({d.headers["authorization"] for d in push.delivered}) == 1  # one token, shared by the processes
    assert len(store.subscriptions()) == 23
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["sent"] == 0


def test_no_run_starts_while_senders_of_an_earlier_run_are_at_work(insecure, service, push, data_dir, store):
    subscribe(service, push.device("p"))
    with store.sending():  # as a sending process of a killed run would hold it
        assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).busy
    assert push.requests == 0
    assert send_due(data_dir, CONTENT, now=WEEK_BEFORE).counts["sent"] == 1


def _serve_process(data_dir: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "werkplek",
            "push",
            "serve",
            "--data",
            str(data_dir),
            "--content",
            str(CONTENT),
            "--port",
            str(port),
            "--allow-origin",
            SITE,
            "--limit-client",
            "0",
            "--limit-total",
            "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _shards_are_valid_json(data_dir: Path) -> None:
    for path in [*data_dir.glob("subscriptions/*.json"), *data_dir.glob("*.json")]:
        json.loads(path.read_text())  # raises on a torn file


def test_parallel_subscribes_from_threads_and_processes_while_send_due_runs(insecure, data_dir, app, push, store):
    # work for send-due: 48 reminders, a quarter of them to endpoints that are gone (deletes in the shards)
    seeded = [push.device(f"seed{i}") for i in range(48)]
    for i, device in enumerate(seeded):
        s = device.subscription()
        store.save_subscription(
            device.endpoint, s["keys"]["p256dh"], s["keys"]["auth"], PROGRAMME, "student", [7], dt.datetime.now(dt.UTC)
        )
        if i % 4 == 0:
            push.statuses[f"/seed{i}"] = (410, {})
    push.gate = threading.Event()
    ports = [_free_port(), _free_port()]
    servers = [_serve_process(data_dir, port) for port in ports]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            _wait_for(lambda url=url: _up(url), timeout=30)
        with serve_app(app) as local:
            urls.append(local)
            new = [Device.new(f"{push.url}/new{i}") for i in range(240)]
            errors: list[str] = []
            done = Counter()
            lock = threading.Lock()

            def worker(part: list[Device], offset: int) -> None:
                with requests.Session() as session:
                    for n, device in enumerate(part):
                        url = urls[(offset + n) % len(urls)]
                        body = {"subscription": device.subscription(), "programme": PROGRAMME, "role": "wpb"}
                        response = session.post(f"{url}/api/subscriptions", json=body, timeout=20)
                        if response.status_code != 201:
                            errors.append(response.text)
                        with lock:
                            done["subscribed"] += 1
                            if done["subscribed"] == len(new) // 2:
                                push.gate.set()  # send-due gets its answers, records them, deletes the gone

            run = _send_due_process(data_dir, WEEK_BEFORE, real=True)
            _wait_for(lambda: push.requests > 0)  # send-due is sending (and waiting for answers)
            threads = [threading.Thread(target=worker, args=(new[i::8], i)) for i in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            out, err = run.communicate(timeout=60)
            assert run.returncode == 0, err
            assert not errors, errors[:3]
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    _shards_are_valid_json(data_dir)
    stored = {s.endpoint for s in store.subscriptions()}
    gone = {d.endpoint for i, d in enumerate(seeded) if i % 4 == 0}
    assert stored == {d.endpoint for d in new} | ({d.endpoint for d in seeded} - gone)
    assert "36 herinnering(en) verzonden" in out and "12 abonnement(en) verlopen" in out
    assert push.count_by_path() == {f"/seed{i}": 1 for i in range(48) if i % 4}


WRITER = """
import datetime as dt, sys
from pathlib import Path
from werkplek.push.store import PushStore, Outcome
store = PushStore(Path(sys.argv[1]))
start = int(sys.argv[2])
now = dt.datetime.now(dt.timezone.utc)
for i in range(start, start + 100000):
    store.save_subscription(f"https://push.test/{i}", "k", "a", "p", "r", [7, 1, 0], now)
    print(i, flush=True)
    if i % 10 == 0:
        with store.journal() as journal:
            journal.record(Outcome(f"key{i}", "sent", "s", "2026-02-04", "t"))
        store.fold_journal()
"""


def test_kill_9_during_writes_leaves_a_readable_database(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    written: list[int] = []
    journaled: set[str] = set()  # key i is folded before the same child writes i + 1
    rng = random.Random(9)
    start = 0
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), str(start)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # it is writing now
        assert first.strip() == str(start)
        time.sleep(rng.uniform(0.02, 0.15))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=10)
        done = [int(line) for line in (first + out).split()]
        written.extend(done)
        journaled |= {f"key{i}" for i in done if i % 10 == 0 and i + 1 in done}
        start = done[-1] + 1
        # every file is whole JSON, and TinyDB reads it
        _shards_are_valid_json(data)
        for path in data.glob("subscriptions/*.json"):
            assert AtomicJSONStorage(path).read() is not None
        stored = {s.endpoint for s in PushStore(data).subscriptions()}
        assert {f"https://push.test/{i}" for i in written} <= stored
        assert PushStore(data).done_keys() >= journaled
    assert len(written) > 8 and journaled


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
    run = subprocess.Popen(
        [sys.executable, "-c", MULTI_PROCESS_RUN, str(data_dir), str(CONTENT), WEEK_BEFORE.isoformat()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
