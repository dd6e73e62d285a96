"""One subscriber's endpoint cannot hold up a run nor fill its memory: push services that drip-feed their answer
end at the request deadline, flooding answers are cut off, and send-due's peak memory stays that of a calm run.

Every loop here is bounded in count and in time; no test sleeps to wait for a state."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from werkplek.push import sender
from werkplek.push.sender import send_due

from ..helpers import CONTENT
from .helpers import WEEK_BEFORE, _add


@pytest.mark.parametrize("path", ["/drip-head", "/drip-body"])
def test_a_drip_fed_answer_ends_at_the_request_deadline(insecure, data_dir, store, push, hostile, monkeypatch, path):
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
    child = subprocess.Popen(
        [
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
            WEEK_BEFORE.isoformat(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
