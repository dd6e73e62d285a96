"""Running the service: `werkplek push serve` with waitress (and Werkzeug's server only with --debug), behind a
proxy, on a port in use; and the WSGI factory that reads its settings from the environment."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from ..helpers import CONTENT
from .helpers import SITE, _free_port, _up, _wait_for


def _start_push_serve(data_dir: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`werkplek push serve` on 127.0.0.1 on a free port, answering; the caller stops it (`_stop`)."""
    port = _free_port()
    process = subprocess.Popen(
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
            *options,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _up(url) or process.poll() is not None, timeout=30)
    except BaseException:
        process.kill()
        process.communicate()
        raise
    assert process.poll() is None, process.communicate()
    return process, url


def _stop(process: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM, as systemd stops it: the server finishes and says so; killed only if it hangs."""
    process.terminate()
    try:
        out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("push serve stopte niet binnen 15 s na SIGTERM") from None
    assert process.returncode == 0, (process.returncode, out, err)
    assert out.rstrip().endswith("Herinneringendienst gestopt."), out
    return out, err


@pytest.mark.parametrize("debug", [False, True], ids=["waitress", "debug-werkzeug"])
def test_push_serve_runs_waitress_and_the_development_server_only_with_debug(data_dir, debug):
    process, url = _start_push_serve(data_dir, *(["--debug"] if debug else []))
    try:
        answer = requests.get(f"{url}/healthz", timeout=5)
        key = requests.get(f"{url}/api/key", timeout=5)
    finally:
        out, err = _stop(process)
    assert answer.json() == {"status": "ok"} and key.status_code == 200
    if debug:
        assert answer.headers["Server"].startswith("Werkzeug/"), answer.headers
        assert "ontwikkelserver van Werkzeug" in out
    else:
        assert answer.headers["Server"] == "waitress", answer.headers
        assert f"Herinneringendienst op {url}/ (waitress, 8 threads" in out
        assert err == "", err  # no English banner, no warnings
    assert "development server" not in err, err


def test_push_serve_behind_a_proxy_limits_each_browser_by_x_forwarded_for(data_dir):
    """waitress drops X-Forwarded-For by default; with --proxies the app's ProxyFix must still get it."""
    process, url = _start_push_serve(data_dir, "--proxies", "1", "--limit-client", "1", "--limit-total", "0")
    try:

        def post(client: str) -> int:  # not JSON: refused after the limit is counted
            return requests.post(
                f"{url}/api/subscriptions",
                data="x",
                timeout=5,
                headers={"Content-Type": "text/plain", "X-Forwarded-For": client},
            ).status_code

        statuses = [post("198.51.100.1"), post("198.51.100.1"), post("198.51.100.2")]
    finally:
        _stop(process)
    assert statuses == [415, 429, 415], statuses


def test_push_serve_on_a_port_in_use_says_so_in_dutch(data_dir):
    from click.testing import CliRunner
    from werkplek.__main__ import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for debug in ([], ["--debug"]):
            result = CliRunner().invoke(
                cli, ["push", "serve", "--data", str(data_dir), "--content", str(CONTENT), "--port", str(port), *debug]
            )
            assert result.exit_code == 1, result.output
            assert f"Kan niet luisteren op 127.0.0.1:{port}: de poort is al in gebruik." in result.output
            assert "Traceback" not in result.output


def test_the_wsgi_factory_reads_its_settings_from_the_environment(monkeypatch, data_dir, public_key):
    from werkplek.push import create_push_app_from_env

    monkeypatch.setenv("WERKPLEK_PUSH_DATA", str(data_dir))
    monkeypatch.setenv("WERKPLEK_PUSH_CONTENT", str(CONTENT))
    monkeypatch.setenv("WERKPLEK_PUSH_ORIGINS", f"{SITE}, https://andere.test")
    client = create_push_app_from_env().test_client()
    for origin in (SITE, "https://andere.test"):
        answer = client.get("/api/key", headers={"Origin": origin})
        assert answer.json == {"publicKey": public_key}
        assert answer.headers["Access-Control-Allow-Origin"] == origin
    assert client.get("/api/key", headers={"Origin": "https://derde.test"}).status_code == 403
    monkeypatch.setenv("WERKPLEK_PUSH_ORIGINS", "school.test")
    with pytest.raises(ValueError, match="geen geldige herkomst"):
        create_push_app_from_env()
