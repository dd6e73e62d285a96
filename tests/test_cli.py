"""The `werkplek` command: check, schema, serve; and the Dutch date filters and store queries."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner
from werkplek.__main__ import cli
from werkplek.filters import date_long, date_weekday, dutch_list, month_year
from werkplek.pipeline import load
from werkplek.store import Store

from .helpers import CONTENT, ROOT


def test_check_reports_counts_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert (
        "Inhoud in orde: 2 programma's, 12 rollen, 20 domeinen, 1 pagina, 15 formulieren, 1 radar, "
        "1 schoolportret, 1 traject." in result.output
    )
    assert list(tmp_path.iterdir()) == []


def test_check_fails_with_every_problem(content_copy):
    (content_copy / "domains" / "ict.yml").write_text("name: ICT\n")
    (content_copy / "domains" / "pedagogiek.yml").write_text("order: 1\n")
    result = CliRunner().invoke(cli, ["check", "--content", str(content_copy)])
    assert result.exit_code == 1
    assert "ict.yml:1: description: verplicht veld ontbreekt" in result.output  # the mapping it belongs in
    assert "pedagogiek.yml:1: name: verplicht veld ontbreekt" in result.output
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
        dt.date(2025, 11, 12),
        dt.date(2026, 2, 4),
        dt.date(2026, 4, 22),
        dt.date(2026, 5, 29),
    ]
    assert all(t["role"] == "wpb" for d in deadlines for t in d["tasks"])
    assert all(d["tasks"] for d in deadlines)
    everyone = store.deadlines("hr-n2-2025-2026")
    assert sum(len(d["tasks"]) for d in everyone) > sum(len(d["tasks"]) for d in deadlines)
    assert store.deadlines("bestaat-niet") == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    """The body and the headers (case-insensitive) of a GET."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode(), response.headers


def _until(check, what: str, seconds: float = 30):
    """Poll a state (a page, a log line) until it holds; the preview rebuilds in the background."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_serve_previews_the_real_build_and_rebuilds_on_every_change(content_copy, tmp_path):
    """The preview is the built site (worker, calendars, manifest); an edit shows up without a restart,
    broken content prints its Dutch problem and keeps the last good version on screen."""
    port = _free_port()
    log = tmp_path / "serve.log"
    out = tmp_path / "voorbeeld"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "werkplek",
                "serve",
                "--content",
                str(content_copy),
                "--out",
                str(out),
                "--port",
                str(port),
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        body = _until(lambda: _get(base + "rollen/wpb/")[0], "serve did not start")
        assert "<h1>Werkplekbegeleider (WPB)</h1>" in body
        worker, headers = _get(base + "sw.js")
        assert "const BUILD = {\"version\": \"dev\"" not in worker and '"sw-files.json"' in worker
        assert '"rollen/wpb/"' in _get(base + "sw-files.json")[0]  # the worker's list of files (issue 17)
        assert headers["Cache-Control"] == "no-cache"
        assert headers["Content-Type"].startswith("text/javascript")
        assert _get(base + "manifest.webmanifest")[1]["Content-Type"] == "application/manifest+json"
        assert _get(base + "agenda/hr-n2-2025-2026.ics")[0].startswith("BEGIN:VCALENDAR")

        role = content_copy / "roles" / "wpb.yml"
        role.write_text(
            role.read_text(encoding="utf-8").replace("name: Werkplekbegeleider", "name: Praktijkbegeleider"),
            encoding="utf-8",
        )
        _until(lambda: "<h1>Praktijkbegeleider (WPB)</h1>" in _get(base + "rollen/wpb/")[0], "no rebuild after an edit")

        role.write_text(role.read_text(encoding="utf-8").replace("order: 20", "order: twintig"), encoding="utf-8")
        _until(lambda: "order: moet een geheel getal zijn" in log.read_text(), "no message for broken content")
        line = next(i for i, text in enumerate(role.read_text(encoding="utf-8").splitlines(), 1) if "twintig" in text)
        assert (
            f"content/roles/wpb.yml:{line}: order: moet een geheel getal zijn (gevonden: 'twintig')" in log.read_text()
        )
        assert "De vorige versie blijft te zien" in log.read_text()
        assert "<h1>Praktijkbegeleider (WPB)</h1>" in _get(base + "rollen/wpb/")[0]

        role.write_text(role.read_text(encoding="utf-8").replace("order: twintig", "order: 20"), encoding="utf-8")
        _until(lambda: log.read_text().count("Gebouwd:") == 3, "no rebuild after the fix")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


# English words of click's own messages; none may reach a user.
CLICK_ENGLISH = (
    "Usage:",
    "Error:",
    "Try ",
    "Invalid value",
    "No such",
    "Missing",
    "unexpected",
    "is not",
    "does not exist",
    "Did you mean",
    "Traceback",
    "Errno",
)


def _no_english(text: str) -> None:
    assert not [word for word in CLICK_ENGLISH if word in text], text


def test_output_that_cannot_be_made_is_one_dutch_line(tmp_path, content_copy):
    afile = tmp_path / "bestand"
    afile.write_text("x")
    result = CliRunner().invoke(cli, ["build", "--content", str(content_copy), "--out", str(afile / "out")])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"Fout: De uitvoermap {afile / 'out'} kan er niet komen: {afile} is een bestand, geen map; "
        "kies een map, zoals build/."
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bestand", "content"]


def test_a_folder_where_no_temporary_folder_can_be_made_is_one_dutch_line(tmp_path, content_copy, monkeypatch):
    import errno
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    result = CliRunner().invoke(cli, ["build", "--content", str(content_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"Fout: In {tmp_path} kan geen tijdelijke map voor de nieuwe build gemaakt worden (geen toegang); "
        "er is niets veranderd. Kies met --out een map waarin je mag schrijven."
    ]
    _no_english(result.output)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
def test_a_read_only_parent_is_one_dutch_line(tmp_path, content_copy):
    parent = tmp_path / "alleen-lezen"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = CliRunner().invoke(cli, ["build", "--content", str(content_copy), "--out", str(parent / "out")])
    finally:
        parent.chmod(0o755)
    assert result.exit_code == 1, result.output
    assert "kan geen tijdelijke map voor de nieuwe build gemaakt worden (geen toegang)" in result.stderr
    _no_english(result.output)


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_missing_content_folder_is_the_only_problem(tmp_path, command):
    missing = tmp_path / "bestaat-niet"
    args = [command, "--content", str(missing)] + (["--out", str(tmp_path / "out")] if command == "build" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Fout: {missing}: de inhoudsmap bestaat niet",
        "De inhoud bevat 1 fout; er is niets gebouwd.",
    ]


def test_an_empty_content_folder_names_its_own_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mijn-inhoud").mkdir()
    result = CliRunner().invoke(cli, ["check", "--content", "mijn-inhoud"])
    assert result.exit_code == 1
    assert "mijn-inhoud/programmes/: er is geen enkel programma" in result.stderr
    assert "mijn-inhoud/roles/: er is geen enkele rol" in result.stderr
    assert "content/" not in result.stderr


@pytest.mark.parametrize(
    "args, expected",
    [
        (["build", "--qqq"], "Fout: onbekende optie --qqq. Zie 'werkplek build --help'."),
        (["build", "--ou", "x"], "Fout: onbekende optie --ou; bedoel je --out? Zie 'werkplek build --help'."),
        (
            ["bouw"],
            f"Fout: onbekend commando 'bouw'; kies uit: {', '.join(sorted(cli.commands))}. Zie 'werkplek --help'.",
        ),
        (["check-deploy"], "Fout: URL ontbreekt. Zie 'werkplek check-deploy --help'."),
        (
            ["check-deploy", "--timeout", "abc", "http://127.0.0.1:9/"],
            "Fout: ongeldige waarde voor --timeout: verwacht een getal van minstens 0.1. Zie 'werkplek check-deploy --help'.",
        ),
        (
            ["check-deploy", "--parallel", "99", "http://127.0.0.1:9/"],
            "Fout: ongeldige waarde voor --parallel: verwacht een geheel getal van 1 tot en met 32. "
            "Zie 'werkplek check-deploy --help'.",
        ),
        (["check-deploy", "--timeout"], "Fout: bij --timeout hoort een waarde. Zie 'werkplek check-deploy --help'."),
        (
            ["build", "--static", "/bestaat/niet"],
            "Fout: ongeldige waarde voor --static: verwacht een bestaande map. Zie 'werkplek build --help'.",
        ),
        (["build", "extra"], "Fout: te veel argumenten. Zie 'werkplek build --help'."),
    ],
)
def test_option_errors_are_one_dutch_line_and_exit_2(args, expected):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [expected]
    _no_english(result.output)


def test_build_py_option_errors_are_dutch_too(tmp_path):
    bad = subprocess.run([sys.executable, str(ROOT / "build.py"), "--qqq"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == ["Fout: onbekende optie --qqq. Zie 'build.py --help'."]


def test_our_own_usage_errors_keep_their_dutch_message(tmp_path):
    result = CliRunner().invoke(
        cli, ["push", "send-due", "--data", str(tmp_path), "--content", str(CONTENT), "--now", "morgen"]
    )
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("Fout: ongeldige waarde voor --now: geen geldig tijdstip 'morgen'; schrijf het als ")
    assert line.endswith(" Zie 'werkplek push send-due --help'.")
    _no_english(line)


def _commands(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))


def test_every_help_is_dutch():
    """--help of the app and of every command: no click English (Usage, Options, [default: …], PATH, TEXT)."""
    english = re.compile(
        r"Usage:|Options:|Commands:|Show this message|\[default|\[required|\b(PATH|TEXT|INTEGER|FLOAT|DIRECTORY|FILENAME|RANGE)\b"
    )
    for path in [(), *_commands(cli)]:
        result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=100)
        assert result.exit_code == 0, (path, result.output)
        assert result.output.startswith("Gebruik: werkplek"), (path, result.output[:80])
        assert not english.search(result.output), (path, english.search(result.output).group(0), result.output)
