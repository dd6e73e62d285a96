"""The `werkplek` command: check, schema, serve; and the Dutch date filters and store queries."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from werkplek.__main__ import cli
from werkplek.filters import date_long, date_weekday, dutch_list, month_year
from werkplek.pipeline import load
from werkplek.store import Store

from .conftest import CONTENT, ROOT


def test_check_reports_counts_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert ("Inhoud in orde: 1 programma('s), 12 rollen, 20 domeinen, 1 pagina's, 11 formulieren, 1 radar(s), "
            "1 schoolportret(ten), 1 traject(en)."
            in result.output)
    assert list(tmp_path.iterdir()) == []


def test_check_fails_with_every_problem(content_copy):
    (content_copy / "domains" / "ict.yml").write_text("name: ICT\n")
    (content_copy / "domains" / "pedagogiek.yml").write_text("order: 1\n")
    result = CliRunner().invoke(cli, ["check", "--content", str(content_copy)])
    assert result.exit_code == 1
    assert "ict.yml: description: verplicht veld ontbreekt" in result.output
    assert "pedagogiek.yml: name: verplicht veld ontbreekt" in result.output
    assert "De inhoud bevat 3 fouten" in result.output


def test_committed_json_schema_is_current(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    generated = {p.name: p.read_text() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text() for p in (ROOT / "schema").iterdir()}
    assert generated == committed, "run: werkplek schema --out schema"
    role = json.loads(generated["role.json"])
    assert role["additionalProperties"] is False
    assert {"name", "summary"} == set(role["required"])  # group and source are optional


def test_every_content_file_points_at_its_schema():
    for path in CONTENT.rglob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "site" if path.parent == CONTENT else path.parent.name.rstrip("s")
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / first.split("=", 1)[1]).resolve() == ROOT / "schema" / f"{kind}.json", path


def test_dutch_dates():
    assert date_long(dt.date(2025, 11, 12)) == "12 november 2025"
    assert date_weekday(dt.date(2026, 3, 9)) == "ma 9 maart 2026"
    assert month_year("2025-09-01") == "september 2025"
    assert dutch_list(["maandag", "woensdag"]) == "maandag en woensdag"
    assert dutch_list(["ma", "di", "wo"]) == "ma, di en wo"


def test_store_lists_deadlines_per_programme_and_role():
    store = Store(load(CONTENT))
    deadlines = store.deadlines("hr-n2-2025-2026", "wpb")
    assert [d["date"] for d in deadlines] == [
        dt.date(2025, 11, 12), dt.date(2026, 2, 4), dt.date(2026, 4, 22), dt.date(2026, 5, 29)]
    assert all(t["role"] == "wpb" for d in deadlines for t in d["tasks"])
    assert all(d["tasks"] for d in deadlines)
    everyone = store.deadlines("hr-n2-2025-2026")
    assert sum(len(d["tasks"]) for d in everyone) > sum(len(d["tasks"]) for d in deadlines)
    assert store.deadlines("bestaat-niet") == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_gives_a_live_preview(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "werkplek", "serve", "--content", str(CONTENT), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
        start_new_session=True,  # the reloader runs the server in a child process: stop the group
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/rollen/wpb/") as response:
                    body = response.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert "<h1>Werkplekbegeleider (WPB)</h1>" in body
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
