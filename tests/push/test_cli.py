"""The `werkplek push` commands: init keeps and protects the key, send-due from the command line, bad command-line
values refused in Dutch with exit code 2 (never click's English), and Dutch help."""

from __future__ import annotations

import re
from pathlib import Path

from ..helpers import CONTENT
from .fake_service import SUBJECT
from .helpers import subscribe


def test_init_keeps_the_key_and_protects_it(tmp_path: Path):
    from click.testing import CliRunner
    from werkplek.__main__ import cli

    runner = CliRunner()
    folder = tmp_path / "keys"
    refused = runner.invoke(cli, ["push", "init", "--data", str(folder)])
    assert refused.exit_code == 1 and "contactadres" in refused.output
    first = runner.invoke(cli, ["push", "init", "--data", str(folder), "--subject", SUBJECT])
    assert first.exit_code == 0, first.output
    assert "Nieuw sleutelpaar" in first.output
    private = folder / "vapid-private.pem"
    assert private.stat().st_mode & 0o777 == 0o600
    pem = private.read_bytes()
    again = runner.invoke(cli, ["push", "init", "--data", str(folder)])
    assert again.exit_code == 0 and "Bestaand sleutelpaar behouden" in again.output
    assert private.read_bytes() == pem
    assert first.output.splitlines()[-1] == again.output.splitlines()[-1]  # the same public key
    bad = runner.invoke(cli, ["push", "init", "--data", str(folder), "--subject", "beheer"])
    assert bad.exit_code == 1 and "mailto:" in bad.output
    no_keys = runner.invoke(cli, ["push", "send-due", "--data", str(tmp_path / "leeg"), "--content", str(CONTENT)])
    assert no_keys.exit_code == 1 and "push init" in no_keys.output
    bad_now = runner.invoke(
        cli, ["push", "send-due", "--data", str(folder), "--content", str(CONTENT), "--now", "morgen"]
    )
    assert bad_now.exit_code == 2 and "geen geldig tijdstip" in bad_now.output
    both = runner.invoke(
        cli,
        ["push", "send-due", "--data", str(folder), "--content", str(CONTENT), "--now", "2026-01-28T09:00", "--loop"],
    )
    assert both.exit_code == 2 and "--loop en --now" in both.output


def test_send_due_from_the_command_line(insecure, service, push, data_dir):
    from click.testing import CliRunner
    from werkplek.__main__ import cli

    subscribe(service, push.device("p"))
    result = CliRunner().invoke(
        cli, ["push", "send-due", "--data", str(data_dir), "--content", str(CONTENT), "--now", "2026-01-28T09:00"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 herinnering(en) verzonden")
    assert push.count_by_path() == {"/p": 1}


ENGLISH = re.compile(
    r"Error|Usage|Invalid|Missing|No such|Try '|does not exist|is not a valid|requires an|"
    r"unexpected extra|Show this message|Options|default:|required"
)


def _bad_invocations(data: Path, folder: Path) -> dict[str, tuple[list[str], str]]:
    content = ["--content", str(CONTENT)]
    return {
        "now garbage": (["send-due", "--data", str(data), *content, "--now", "garbage"], "2027-03-01T09:00"),
        "now empty": (["send-due", "--data", str(data), *content, "--now", ""], "2027-03-01T09:00"),
        "now without a value": (["send-due", "--data", str(data), *content, "--now"], "--now"),
        "loop and now": (
            ["send-due", "--data", str(data), *content, "--now", "2027-03-01T09:00", "--loop"],
            "--loop en --now",
        ),
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
