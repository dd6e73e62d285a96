"""The data folder: a corrupt shard, ledger or back-off file is set aside with a Dutch message (also on the command
line) and everything else goes on; a pretend time (--now) deletes nothing and leaves the real ledger and
back-off alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from werkplek.push.sender import send_due

from ..helpers import CONTENT
from .helpers import PROGRAMME, WEEK_BEFORE, _add

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
@pytest.mark.parametrize(
    "garbage", [CORRUPT["torn"], '{"sent": {"1": {"key": 7}}, "backoff": {"1": {"until": "later"}}}']
)
def test_a_corrupt_ledger_or_backoff_file_does_not_stop_sending(insecure, data_dir, store, push, caplog, name, garbage):
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
    run = subprocess.run(
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
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "WARNING" not in run.stderr
    assert "waarschuwing: beschadigd bestand ledger.json" in run.stderr.lower(), run.stderr
    assert run.stdout.startswith("1 herinnering(en) verzonden")


def _snapshot(data_dir: Path) -> dict[str, bytes | None]:
    files = [
        *sorted((data_dir / "subscriptions").glob("*.json")),
        data_dir / "ledger.json",
        data_dir / "ledger.journal",
        data_dir / "backoff.json",
    ]
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
        result = runner.invoke(
            cli, ["push", "send-due", "--data", str(data_dir), "--content", str(CONTENT), "--now", moment]
        )
        assert result.exit_code == 0, result.output
        assert "niets verwijderd" in result.output
    assert push.count_by_path() == {"/alive": 1}  # the pretend run at WEEK_BEFORE did send
    assert store.subscriptions() == subscribed  # not stale (2027), not gone (410): nothing deleted
    assert _snapshot(data_dir) == before  # the real ledger and back-off: not a byte changed
    # pretend runs remember among themselves: the same pretend moment sends nothing twice
    again = runner.invoke(
        cli,
        [
            "push",
            "send-due",
            "--data",
            str(data_dir),
            "--content",
            str(CONTENT),
            "--now",
            WEEK_BEFORE.isoformat(timespec="minutes"),
        ],
    )
    assert again.output.startswith("0 herinnering(en) verzonden"), again.output
    # and a real run at that moment is not fooled by them: it sends, and removes the gone subscription
    push.statuses.pop("/busy")
    real = send_due(data_dir, CONTENT, now=WEEK_BEFORE, pretend=False)
    assert (real.counts["sent"], real.counts["gone"]) == (2, 1), real.summary()
    assert push.count_by_path() == {"/alive": 2, "/busy": 1}
    assert len(store.subscriptions()) == 2
