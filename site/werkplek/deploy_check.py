"""Check a published site the way its service worker will see it: `werkplek check-deploy URL`.

Fetches URL/sw.js, reads the BUILD line the build wrote into it (precache.py), then fetches every
listed file, a few at a time, and compares it with what the build made: present (HTTP 2xx), the same
bytes (SHA-256), and a Content-Type that fits the kind of file. sw.js itself must be JavaScript and
should not be cached so long that an update goes unseen. One Dutch line per problem.

Errors (exit code 1) are what keeps the worker from installing, and so keeps the site from working
offline: a file missing, different or served with a type the browser refuses. Warnings (exit code 0)
work today but delay updates or rely on lenient browsers."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from typing import Literal

from .precache import BUILD_LINE, WORKER_NAME

DEFAULT_TIMEOUT = 15.0
DEFAULT_PARALLEL = 6
USER_AGENT = "werkplek-check-deploy"
SHA256 = re.compile(r"^[0-9a-f]{16,64}$")  # the start of a SHA-256, as precache.file_hash writes it

# Every JavaScript MIME type the HTML standard accepts for a (module) script.
JAVASCRIPT_TYPES = frozenset({
    "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1",
    "text/javascript1.2", "text/javascript1.3", "text/javascript1.4", "text/javascript1.5",
    "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
})


@dataclass(frozen=True)
class ExpectedType:
    """The Content-Type a kind of file needs; `tolerated` types work but earn a warning."""

    label: str
    accepted: frozenset[str]
    tolerated: frozenset[str] = frozenset()


HTML = ExpectedType("text/html", frozenset({"text/html"}))
JAVASCRIPT = ExpectedType("een JavaScript-type (text/javascript)", JAVASCRIPT_TYPES)
EXPECTED_TYPES: dict[str, ExpectedType] = {
    ".html": HTML,
    ".css": ExpectedType("text/css", frozenset({"text/css"})),
    ".js": JAVASCRIPT,
    ".mjs": JAVASCRIPT,
    ".webmanifest": ExpectedType(
        "application/manifest+json", frozenset({"application/manifest+json"}), frozenset({"application/json"})
    ),
    ".svg": ExpectedType("image/svg+xml", frozenset({"image/svg+xml"})),
    ".png": ExpectedType("image/png", frozenset({"image/png"})),
    ".json": ExpectedType("application/json", frozenset({"application/json"})),
}

Level = Literal["fout", "waarschuwing"]


class DeployCheckError(Exception):
    """The check cannot even start: the site is unreachable or has no readable sw.js."""


class FetchError(Exception):
    """A request got no usable answer: no connection, a timeout, a broken response."""


@dataclass(frozen=True)
class Finding:
    level: Level
    url: str          # as listed in sw.js (relative to the site root), "sw.js", or "" for the whole site
    message: str

    def __str__(self) -> str:
        where = f"{self.url}: " if self.url else ""
        return f"{self.level}: {where}{self.message}"


@dataclass(frozen=True)
class Fetched:
    url: str          # the URL finally answered (after redirects)
    status: int
    headers: Message
    body: bytes

    @property
    def media_type(self) -> str | None:
        value = self.headers.get("Content-Type")
        if not value:
            return None
        return value.split(";", 1)[0].strip().lower() or None


@dataclass
class Report:
    base: str
    version: str
    checked: int = 0
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "fout"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "waarschuwing"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def site_base(url: str) -> str:
    """The site root as a URL ending in '/': accepts .../stage, .../stage/, .../stage/sw.js, .../index.html."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DeployCheckError(
            f"{url!r} is geen volledig webadres; geef de map van de site, zoals https://school.nl/stage/"
        )
    path = parts.path or "/"
    for name in (WORKER_NAME, "index.html"):
        if path.endswith("/" + name):
            path = path[: -len(name)]
    if not path.endswith("/"):
        path += "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _decode(body: bytes, encoding: str | None) -> bytes:
    encoding = (encoding or "identity").strip().lower()
    try:
        if encoding == "gzip":
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error) as error:
        raise FetchError(f"kapotte {encoding}-compressie ({error})") from None
    return body


def fetch(url: str, timeout: float) -> Fetched:
    """GET url, as the worker does (following redirects, no cache). HTTP errors are answers, not
    exceptions; no answer at all raises FetchError with a Dutch reason."""
    try:
        return _fetch(url, timeout)
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FetchError(describe_network_error(error)) from None


def _fetch(url: str, timeout: float) -> Fetched:
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept-Encoding": "gzip", "Cache-Control": "no-cache",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return Fetched(response.geturl(), response.status, response.headers,
                           _decode(raw, response.headers.get("Content-Encoding")))
    except urllib.error.HTTPError as error:
        with error:
            body = error.read()
        return Fetched(error.geturl() or url, error.code, error.headers, body)


def describe_network_error(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "geen antwoord binnen de tijdslimiet"
    if isinstance(reason, ConnectionRefusedError):
        return "verbinding geweigerd (draait de server?)"
    if isinstance(reason, socket.gaierror):
        return "onbekende servernaam"
    return str(reason) or type(reason).__name__


def parse_build(text: str, where: str) -> dict:
    """The BUILD object from a built sw.js, checked for the shape precache.py writes."""
    match = BUILD_LINE.search(text)
    if not match:
        raise DeployCheckError(
            f"{where} is geen service worker van een Werkplek-build: de regel 'const BUILD = {{…}};' ontbreekt. "
            "Staat de inhoud van build/ echt in deze map?"
        )
    try:
        build = json.loads(match.group(1))
    except json.JSONDecodeError as error:
        raise DeployCheckError(f"{where}: de regel 'const BUILD = …' is onleesbaar ({error.msg}, kolom {error.colno})")
    files = build.get("files") if isinstance(build, dict) else None
    shape_ok = (
        isinstance(build, dict) and isinstance(build.get("version"), str) and isinstance(files, list) and files
        and all(
            isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and entry[0]
            and isinstance(entry[1], str) and SHA256.match(entry[1]) for entry in files
        )
    )
    if not shape_ok:
        raise DeployCheckError(
            f"{where}: de regel 'const BUILD = …' heeft niet de vorm van een Werkplek-build (versie en bestandenlijst)"
        )
    for url, _ in files:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("/") or ".." in url.split("/"):
            raise DeployCheckError(f"{where}: {url!r} in de bestandenlijst is geen pad binnen de site")
    return build


def expected_type(url: str) -> ExpectedType | None:
    path = urllib.parse.urlsplit(url).path
    if path.endswith("/") or path in ("", "."):
        return HTML
    name = path.rsplit("/", 1)[-1]
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return EXPECTED_TYPES.get(suffix)


def check_type(url: str, fetched: Fetched, expected: ExpectedType | None) -> Finding | None:
    if expected is None:
        return None
    media = fetched.media_type
    if media is None:
        return Finding("fout", url, f"geen Content-Type; verwacht {expected.label}")
    if media in expected.accepted:
        return None
    if media in expected.tolerated:
        return Finding("waarschuwing", url,
                       f"Content-Type is {media}; dat werkt meestal, maar de juiste is {expected.label}")
    return Finding("fout", url, f"verkeerde Content-Type {media}; verwacht {expected.label}")


def cache_directives(value: str) -> dict[str, str]:
    directives = {}
    for part in value.split(","):
        name, _, argument = part.strip().partition("=")
        if name:
            directives[name.strip().lower()] = argument.strip().strip('"')
    return directives


def _seconds(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _duration(seconds: int) -> str:
    if seconds >= 86400:
        days = seconds // 86400
        return f"{days} {'dag' if days == 1 else 'dagen'}"
    if seconds >= 3600:
        return f"{seconds // 3600} uur"
    if seconds >= 60:
        minutes = seconds // 60
        return f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
    return f"{seconds} seconden"


def check_worker_caching(fetched: Fetched) -> Finding | None:
    """sw.js cached by the browser or a proxy hides a new version until the cache expires."""
    value = fetched.headers.get("Cache-Control")
    if not value:
        return None
    directives = cache_directives(value)
    advice = "serveer sw.js met 'Cache-Control: no-cache' (zie README, Publiceren)"
    if "immutable" in directives:
        return Finding("waarschuwing", WORKER_NAME,
                       f"Cache-Control '{value}' bevat immutable: een nieuwe versie wordt mogelijk niet gezien; {advice}")
    if "no-cache" in directives or "no-store" in directives:
        return None
    longest = max(_seconds(directives.get("max-age")), _seconds(directives.get("s-maxage")))
    if longest > 0:
        return Finding("waarschuwing", WORKER_NAME,
                       f"Cache-Control '{value}' kan een nieuwe versie tot {_duration(longest)} verbergen; {advice}")
    return None


def check_file(base: str, url: str, sha256: str, version: str, timeout: float) -> list[Finding]:
    try:
        fetched = fetch(urllib.parse.urljoin(base, url), timeout)
    except FetchError as error:
        return [Finding("fout", url, f"niet op te halen: {error}")]
    if fetched.status in (404, 410):
        return [Finding("fout", url, f"ontbreekt (HTTP {fetched.status})")]
    if not 200 <= fetched.status < 300:
        return [Finding("fout", url, f"niet op te halen (HTTP {fetched.status})")]
    findings = []
    if not hashlib.sha256(fetched.body).hexdigest().startswith(sha256):
        findings.append(Finding(
            "fout", url,
            f"andere inhoud dan versie {version} (SHA-256 verschilt): half geüpload, een oud bestand, "
            "of de server geeft iets anders terug",
        ))
    wrong_type = check_type(url, fetched, expected_type(url))
    if wrong_type:
        findings.append(wrong_type)
    return findings


def fetch_worker(base: str, timeout: float) -> tuple[str, Fetched]:
    """Fetch sw.js; follows a redirect of the whole site (http -> https) to where the site really is."""
    worker_url = base + WORKER_NAME
    try:
        fetched = fetch(worker_url, timeout)
    except FetchError as error:
        raise DeployCheckError(f"{base} is niet bereikbaar: {error}") from None
    if fetched.status != 200:
        raise DeployCheckError(
            f"geen sw.js op {worker_url} (HTTP {fetched.status}). Is dit de map waarin de inhoud van build/ "
            "is geüpload, en staat sw.js erbij?"
        )
    final = fetched.url
    if final != worker_url and final.endswith("/" + WORKER_NAME):
        return final[: -len(WORKER_NAME)], fetched
    return base, fetched


def check_deployment(url: str, timeout: float = DEFAULT_TIMEOUT, parallel: int = DEFAULT_PARALLEL) -> Report:
    requested = site_base(url)
    base, worker = fetch_worker(requested, timeout)
    try:
        text = worker.body.decode("utf-8")
    except UnicodeDecodeError:
        raise DeployCheckError(f"{base}{WORKER_NAME} is geen tekstbestand (geen UTF-8)") from None
    build = parse_build(text, base + WORKER_NAME)
    report = Report(base=base, version=build["version"])
    if base != requested:
        report.notes.append(f"{requested} wordt doorgestuurd naar {base}; dat adres is gecontroleerd.")

    parts = urllib.parse.urlsplit(base)
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        report.findings.append(Finding(
            "waarschuwing", "",
            "de site staat op http://; service workers (en dus offline gebruik) werken alleen via https://",
        ))
    worker_type = check_type(WORKER_NAME, worker, JAVASCRIPT)
    if worker_type:  # a browser refuses to register a worker that is not JavaScript
        report.findings.append(Finding("fout", WORKER_NAME, worker_type.message))
    caching = check_worker_caching(worker)
    if caching:
        report.findings.append(caching)

    files: list[list[str]] = build["files"]
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        results = pool.map(lambda entry: check_file(base, entry[0], entry[1], report.version, timeout), files)
        for findings in results:  # in the order of the list: the same output on every run
            report.findings.extend(findings)
    report.checked = len(files) + 1
    return report


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(report: Report) -> str:
    checked = f"{_count(report.checked, 'bestand', 'bestanden')} gecontroleerd (versie {report.version})"
    if not report.findings:
        return f"Alles in orde: {checked}; elk bestand is aanwezig, ongewijzigd en heeft het juiste type."
    counts = f"{_count(len(report.errors), 'fout', 'fouten')}, {_count(len(report.warnings), 'waarschuwing', 'waarschuwingen')}"
    if report.errors:
        return (f"{checked}: {counts}. "
                "Zolang er fouten zijn, installeert de service worker niet en werkt de site niet offline.")
    return f"{checked}: {counts}. Geen fouten; los de waarschuwingen op als het kan."


def report_lines(report: Report) -> Iterable[str]:
    yield f"Controle van {report.base} (versie {report.version})"
    yield from report.notes
    yield from (str(f) for f in report.findings)
    yield summary(report)


def main(url: str, timeout: float, parallel: int, echo: Callable[..., None]) -> int:
    """Run the check and print it; returns the exit code."""
    try:
        report = check_deployment(url, timeout=timeout, parallel=parallel)
    except DeployCheckError as error:
        echo(f"check-deploy: {error}", err=True)
        return 1
    for line in report_lines(report):
        echo(line)
    return report.exit_code
