"""`werkplek check-deploy URL` against a real HTTP server holding the built site under a sub-path,
with one file at a time made missing, different, mistyped, slow or cached too long."""

from __future__ import annotations

import contextlib
import functools
import gzip
import shutil
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkplek.__main__ import cli
from werkplek.deploy_check import Fetched, check_worker_caching, site_base
from werkplek.precache import built_worker

PREFIX = "/stage/"


def build_info(site: Path) -> dict:
    return built_worker(site)


def file_for(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") else site / url


@dataclass
class Host:
    """What the test server does beyond serving files: per URL path a status, a Content-Type
    (None: no header at all), extra headers, a delay; and a record of every request."""

    root: Path
    status: dict[str, int] = field(default_factory=dict)
    types: dict[str, str | None] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    delay: dict[str, float] = field(default_factory=dict)
    redirect: tuple[str, str] | None = None  # (from prefix, to prefix)
    every_request_takes: float = 0.0
    raw: dict[str, tuple[dict[str, str], bytes]] = field(default_factory=dict)  # headers and body as sent
    drip: dict[str, tuple[str, int, float]] = field(default_factory=dict)  # part ("body"/"headers"), bytes, interval
    endless: dict[str, int] = field(default_factory=dict)  # a body of this many zero bytes
    requested: list[str] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(SimpleHTTPRequestHandler):
    # The right type for every kind of file, whatever this machine's /etc/mime.types says.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html",
        ".css": "text/css",
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".json": "application/json",
    }

    def __init__(self, *args, host: Host, **kwargs):
        self.host = host
        super().__init__(*args, directory=str(host.root), **kwargs)

    def log_message(self, *args) -> None:
        pass

    @property
    def url_path(self) -> str:
        return urllib.parse.urlsplit(self.path).path

    def do_GET(self) -> None:
        host, path = self.host, self.url_path
        with host.lock:
            host.requested.append(path)
            host.in_flight += 1
            host.most_in_flight = max(host.most_in_flight, host.in_flight)
        try:
            time.sleep(host.every_request_takes + host.delay.get(path, 0.0))
        finally:
            # Counted down before answering: once the client has its answer it may start the next request,
            # and this thread must not still count the old one (that raced: 7 seen with 6 workers).
            with host.lock:
                host.in_flight -= 1
        if path in host.raw:
            headers, body = host.raw[path]
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path in host.drip:
            self.drip(*host.drip[path])
        elif path in host.endless:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(host.endless[path]))
            self.end_headers()
            chunk = bytes(65536)
            try:
                for _ in range(host.endless[path] // len(chunk)):  # bounded: stops when the client hangs up
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif host.redirect and path.startswith(host.redirect[0]):
            self.send_response(301)
            self.send_header("Location", host.redirect[1] + path[len(host.redirect[0]) :])
            self.end_headers()
        elif path in host.status:
            self.send_error(host.status[path])
        else:
            super().do_GET()

    def drip(self, part: str, count: int, interval: float) -> None:
        """Answer one byte (or header line) at a time: each read gets something well within any timeout."""
        try:
            if part == "headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for n in range(count):
                    self.wfile.write(f"X-Drip-{n}: 1\r\n".encode())
                    self.wfile.flush()
                    time.sleep(interval)
                self.wfile.write(b"Content-Length: 0\r\n\r\n")
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(count))
                self.end_headers()
                for _ in range(count):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(interval)
        except OSError:  # the client gave up: that is what a test of it wants
            pass

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-type" and self.url_path in self.host.types:
            value = self.host.types[self.url_path]
            if value is None:
                return
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        for name, value in self.host.headers.get(self.url_path, {}).items():
            super().send_header(name, value)
        super().end_headers()


@contextlib.contextmanager
def serve(host: Host) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, host=host))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def host(built_site: Path, tmp_path: Path) -> Host:
    """A private copy of the built site at /stage/ on the server."""
    shutil.copytree(built_site, tmp_path / "www" / PREFIX.strip("/"))
    return Host(root=tmp_path / "www")


@pytest.fixture
def site(host: Host) -> Path:
    return host.root / PREFIX.strip("/")


def check(*args: str):
    return CliRunner().invoke(cli, ["check-deploy", *args])


def test_a_correct_deployment_under_a_sub_path_is_all_well(host, site):
    info = build_info(site)
    host.every_request_takes = 0.01  # long enough for requests to overlap if they are made in parallel
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Controle van {origin}{PREFIX} (versie {info['version']})",
        f"Alles in orde: {len(info['files']) + len(info['packs']) + 2} bestanden gecontroleerd (versie {info['version']}); "
        "elk bestand is aanwezig, ongewijzigd en heeft het juiste type.",
    ]
    # every listed file was fetched, once, by the URL the worker uses (pages as directories)
    expected = [PREFIX + "sw.js", PREFIX + "sw-files.json"]  # the worker and its list of files (issue 17)
    expected += [PREFIX + (url if url != "./" else "") for url, _ in info["files"]]
    expected += [PREFIX + path for path, _ in info["packs"].values()]  # the offline groups' packs
    assert sorted(host.requested) == sorted(expected)
    assert any(path.endswith("/") and path != PREFIX for path in host.requested)
    assert 1 < host.most_in_flight <= 6, "files are fetched a few at a time"


@pytest.mark.parametrize("given", ["{origin}/stage", "{origin}/stage/sw.js", "{origin}/stage/index.html"])
def test_the_site_root_may_be_given_without_slash_or_as_a_file_in_it(host, given):
    with serve(host) as origin:
        result = check(given.format(origin=origin))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Controle van {origin}{PREFIX} ")
    assert "Alles in orde" in result.stdout


def test_every_problem_gets_one_line_and_exit_code_1(host, site):
    info = build_info(site)
    version, urls = info["version"], [url for url, _ in info["files"]]
    png = next(u for u in urls if u.endswith(".png"))
    script = next(u for u in urls if u.endswith(".js"))
    page = next(u for u in urls if u.endswith("/") and u not in ("./", "offline/"))
    css = "static/css/main.css"
    host.status[PREFIX + png] = 404  # never uploaded
    stylesheet = site / css  # upload broke off halfway
    stylesheet.write_bytes(stylesheet.read_bytes()[: stylesheet.stat().st_size // 2])
    host.types[PREFIX + script] = "text/plain; charset=utf-8"  # a host that does not know .js
    host.types[PREFIX + page] = None  # no Content-Type at all
    host.headers[PREFIX + "sw.js"] = {"Cache-Control": "max-age=86400"}
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 1, result.output
    different = (
        f"andere inhoud dan versie {version} (SHA-256 verschilt): half geüpload, een oud bestand, "
        "of de server geeft iets anders terug"
    )
    problems = {
        png: f"fout: {png}: ontbreekt (HTTP 404)",
        css: f"fout: {css}: {different}",
        script: f"fout: {script}: verkeerde Content-Type text/plain; verwacht een JavaScript-type (text/javascript)",
        page: f"fout: {page}: geen Content-Type; verwacht text/html",
    }
    assert result.stdout.splitlines() == [
        f"Controle van {origin}{PREFIX} (versie {version})",
        "waarschuwing: sw.js: Cache-Control 'max-age=86400' kan een nieuwe versie tot 1 dag verbergen; "
        "serveer sw.js met 'Cache-Control: no-cache' (zie docs/publiceren.md in de broncode van Werkplek)",
        *[problems[u] for u in urls if u in problems],  # in the order of the worker's list
        f"{len(urls) + len(info['packs']) + 2} bestanden gecontroleerd (versie {version}): 4 fouten, 1 waarschuwing. "
        "Zolang er fouten zijn, weigert de service worker die bestanden: hij installeert niet, of die pagina's werken niet, ook niet offline.",
    ]


def test_an_old_file_left_from_the_previous_version_is_wrong_content(host, site):
    (site / "offline" / "index.html").write_text("<!doctype html><title>Oude versie</title>", encoding="utf-8")
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 1
    assert [row for row in result.stdout.splitlines() if row.startswith(("fout", "waarschuwing"))] == [
        f"fout: offline/: andere inhoud dan versie {build_info(site)['version']} (SHA-256 verschilt): "
        "half geüpload, een oud bestand, of de server geeft iets anders terug",
    ]


def test_a_pack_that_is_missing_or_holds_other_bytes_is_a_warning(host, site):
    """The worker then fetches those files one by one: the site works, the install is slower."""
    info = build_info(site)
    packs = sorted(path for path, _ in info["packs"].values())
    (site / packs[0]).unlink()
    other = site / packs[1]
    data = bytearray(gzip.decompress(other.read_bytes()))
    data[5] ^= 1  # inside its first file
    other.write_bytes(gzip.compress(bytes(data)))
    first = next(info["files"][members[0][0]][0] for path, members in info["packs"].values() if path == packs[1])
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 0, result.output
    assert sorted(row for row in result.stdout.splitlines() if row.startswith(("fout", "waarschuwing"))) == [
        f"waarschuwing: {packs[0]}: ontbreekt (HTTP 404); de offlinekopie komt dan bestand voor bestand",
        f"waarschuwing: {packs[1]}: hoort niet bij versie {info['version']} (andere inhoud voor {first}): "
        "half geüpload of oud; de offlinekopie komt dan bestand voor bestand",
    ]


def test_warnings_alone_keep_exit_code_0(host):
    host.types[PREFIX + "manifest.webmanifest"] = "application/json"
    host.headers[PREFIX + "sw.js"] = {"Cache-Control": "public, max-age=31536000, immutable"}
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1:3] == [
        "waarschuwing: sw.js: Cache-Control 'public, max-age=31536000, immutable' bevat immutable: een nieuwe "
        "versie wordt mogelijk niet gezien; serveer sw.js met 'Cache-Control: no-cache' "
        "(zie docs/publiceren.md in de broncode van Werkplek)",
        "waarschuwing: manifest.webmanifest: Content-Type is application/json; dat werkt meestal, maar de juiste "
        "is application/manifest+json",
    ]
    assert "0 fouten, 2 waarschuwingen. Geen fouten; los de waarschuwingen op als het kan." in lines[3]
    assert len(lines) == 4


def test_a_worker_that_is_not_javascript_is_an_error(host):
    host.types[PREFIX + "sw.js"] = "text/html"
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 1
    assert (
        "fout: sw.js: verkeerde Content-Type text/html; verwacht een JavaScript-type (text/javascript)"
        in result.stdout.splitlines()
    )


def test_a_slow_file_is_reported_after_the_timeout(host):
    host.delay[PREFIX + "offline/"] = 2.0
    started = time.monotonic()
    with serve(host) as origin:
        result = check(origin + PREFIX, "--timeout", "0.5")
    assert result.exit_code == 1
    assert (
        "fout: offline/: niet op te halen: geen volledig antwoord binnen de tijdslimiet (0.5 s)"
        in result.stdout.splitlines()
    )
    assert time.monotonic() - started < 10


def test_a_redirect_of_the_whole_site_is_followed_and_said(host):
    host.redirect = ("/oud/", PREFIX)
    with serve(host) as origin:
        result = check(origin + "/oud/")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Controle van {origin}{PREFIX} ")
    assert lines[1] == f"{origin}/oud/ wordt doorgestuurd naar {origin}{PREFIX}; dat adres is gecontroleerd."
    assert lines[2].startswith("Alles in orde")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("case", ["unreachable", "no worker", "not ours", "broken build line", "not a url"])
def test_no_site_to_check_is_one_clear_message(host, site, case):
    if case == "broken build line":
        text = (site / "sw.js").read_text(encoding="utf-8").replace('{"version":', '{"versie":', 1)
        (site / "sw.js").write_text(text, encoding="utf-8")
    if case == "not ours":
        (site / "sw.js").write_text("self.addEventListener('fetch', () => {});\n", encoding="utf-8")
    expected = {
        "unreachable": "check-deploy: {url} is niet bereikbaar: verbinding geweigerd (draait de server?)",
        "no worker": "check-deploy: geen sw.js op {url}sw.js (HTTP 404). Is dit de map waarin de inhoud van "
        "build/ is geüpload, en staat sw.js erbij?",
        "not ours": "check-deploy: {url}sw.js is geen service worker van een Werkplek-build: de regel "
        "'const BUILD = {{…}};' ontbreekt. Staat de inhoud van build/ echt in deze map?",
        "broken build line": "check-deploy: {url}sw.js: de regel 'const BUILD = …' heeft niet de vorm van een "
        "Werkplek-build (versie en bestandenlijst)",
        "not a url": "check-deploy: '{url}' is geen volledig webadres; geef de map van de site, zoals "
        "https://school.nl/stage/",
    }[case]
    with serve(host) as origin:
        url = {
            "unreachable": f"http://127.0.0.1:{free_port()}/stage/",
            "no worker": f"{origin}/",
            "not a url": "school.nl/stage",
        }.get(case, origin + PREFIX)
        result = check(url)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected.format(url=url)]
    assert isinstance(result.exception, SystemExit)  # no traceback


def test_a_json_error_in_the_build_line_is_reported_as_such(host, site):
    text = (site / "sw.js").read_text(encoding="utf-8").replace('{"version"', '{version', 1)
    (site / "sw.js").write_text(text, encoding="utf-8")
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"check-deploy: {origin}{PREFIX}sw.js: de regel 'const BUILD = …' is onleesbaar (")


def headers(**values: str) -> Message:
    message = Message()
    for name, value in values.items():
        message[name.replace("_", "-")] = value
    return message


@pytest.mark.parametrize(
    "cache_control, warned",
    [
        (None, False),
        ("no-cache", False),
        ("max-age=0", False),
        ("no-store", False),
        ("public, max-age=0, must-revalidate", False),
        ("max-age=86400, no-cache", False),
        ("max-age=600", True),
        ("public, s-maxage=3600", True),
        ("no-cache, immutable", True),
        ("MAX-AGE=60", True),
    ],
)
def test_worker_caching_that_hides_an_update_is_a_warning(cache_control, warned):
    fetched = Fetched(
        "https://school.nl/sw.js", 200, headers(**({"Cache_Control": cache_control} if cache_control else {})), b""
    )
    finding = check_worker_caching(fetched)
    assert (finding is not None) == warned
    if finding:
        assert finding.level == "waarschuwing" and finding.url == "sw.js"


def test_site_base():
    assert site_base("https://school.nl") == "https://school.nl/"
    assert site_base("https://school.nl/stage?x=1#top") == "https://school.nl/stage/"
    assert site_base(" https://school.nl/stage/sw.js ") == "https://school.nl/stage/"


def test_a_gzip_bomb_is_stopped_at_the_limit_without_inflating_it(host, site):
    """1 MB of gzip once inflated to 2.1 GB in memory; now inflating stops just past the cap."""
    import gzip
    import tracemalloc

    from werkplek import deploy_check

    bomb = gzip.compress(bytes(64 * 1024 * 1024), compresslevel=9)  # 64 MB of zeros in about 64 KB
    host.raw[PREFIX + "offline/"] = ({"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    host.raw[PREFIX + "manifest.webmanifest"] = (
        {"Content-Type": "application/manifest+json", "Content-Encoding": "gzip"},
        b"geen gzip" * 10,
    )
    tracemalloc.start()
    try:
        with serve(host) as origin:
            result = check(origin + PREFIX)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    limit = deploy_check.MAX_BODY_BYTES // 1_000_000
    assert (
        f"fout: offline/: niet op te halen: uitgepakt groter dan {limit} MB; zo groot maakt de build geen "
        "bestand (een zip-bom?)" in lines
    ), lines
    assert "fout: manifest.webmanifest: niet op te halen: kapotte gzip-compressie" in lines, lines
    assert peak < 3 * deploy_check.MAX_BODY_BYTES, peak


def test_an_answer_larger_than_the_limit_is_not_read_whole(host):
    from werkplek import deploy_check

    host.endless[PREFIX + "offline/"] = 20 * deploy_check.MAX_BODY_BYTES
    started = time.monotonic()
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 1, result.output
    limit = deploy_check.MAX_BODY_BYTES // 1_000_000
    assert (
        f"fout: offline/: niet op te halen: groter dan {limit} MB; zo groot maakt de build geen bestand"
        in result.stdout.splitlines()
    ), result.stdout
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("part", ["body", "headers"])
def test_a_server_that_drips_is_stopped_at_the_timeout(host, part):
    """Each byte came well within the timeout, so a per-read timeout never fired: 100 s, then a raw error."""
    host.drip[PREFIX + "offline/"] = (part, 100, 0.1)  # 10 s in all
    started = time.monotonic()
    with serve(host) as origin:
        result = check(origin + PREFIX, "--timeout", "1")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert (
        "fout: offline/: niet op te halen: geen volledig antwoord binnen de tijdslimiet (1 s)"
        in result.stdout.splitlines()
    ), result.stdout
    assert elapsed < 5, elapsed


def test_a_worker_that_drips_is_one_dutch_line(host):
    host.drip[PREFIX + "sw.js"] = ("body", 100, 0.1)
    started = time.monotonic()
    with serve(host) as origin:
        result = check(origin + PREFIX, "--timeout", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"check-deploy: {origin}{PREFIX} is niet bereikbaar: geen volledig antwoord binnen de tijdslimiet (1 s)"
    ]
    assert time.monotonic() - started < 5


def test_a_list_of_files_of_another_build_stops_the_check(host, site):
    """sw.js names its list of files with a hash (issue 17): a list of another upload is refused."""
    listing = site / "sw-files.json"
    listing.write_bytes(listing.read_bytes().replace(b'"groups"', b'"groups" ', 1))
    with serve(host) as origin:
        result = check(origin + PREFIX)
    assert result.exit_code == 1
    assert "sw-files.json hoort niet bij deze sw.js (SHA-256 verschilt)" in result.output
