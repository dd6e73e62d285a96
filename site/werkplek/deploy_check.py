"""Check a published site the way its service worker will see it: `werkplek check-deploy URL`.

Fetches URL/sw.js, reads the BUILD line the build wrote into it (precache.py) and the list of files it
names (sw-files.json, checked against its hash), then fetches every listed file, in whichever offline group, a few at a time, and compares it with what the build made: present (HTTP 2xx), the same
bytes (SHA-256), and a Content-Type that fits the kind of file; and every pack of an offline group
(packs/), which must hold exactly those bytes. sw.js itself must be JavaScript and should not be cached so
long that an update goes unseen. One Dutch line per problem.

Errors (exit code 1) are what keeps the worker from installing, and so keeps the site from working
offline: a file missing, different or served with a type the browser refuses. Warnings (exit code 0)
work today but delay updates, rely on lenient browsers, or (a bad pack) make the worker fetch its files
one by one."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import re
import socket
import ssl
import threading
import time
import urllib.parse
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from typing import Literal

from .errors import dutch_os_error
from .precache import BUILD_LINE, HASH_CHARS, WORKER_NAME

DEFAULT_TIMEOUT = 15.0
DEFAULT_PARALLEL = 6
USER_AGENT = "werkplek-check-deploy"
REQUEST_HEADERS = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip", "Cache-Control": "no-cache"}
# What one answer may be, read or inflated: far above any file the build makes (a content file is at
# most 1 MB; the largest built files, the search index and big pages, are a fraction of that).
MAX_BODY_BYTES = 10_000_000
READ_CHUNK = 65536
MAX_REDIRECTS = 10
SHA256 = re.compile(rf"^[0-9a-f]{{{HASH_CHARS},64}}$")  # the start of a SHA-256, as precache.file_hash writes it

# Every JavaScript MIME type the HTML standard accepts for a (module) script.
JAVASCRIPT_TYPES = frozenset(
    {
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)


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
    url: str  # as listed in sw.js (relative to the site root), "sw.js", or "" for the whole site
    message: str

    def __str__(self) -> str:
        where = f"{self.url}: " if self.url else ""
        return f"{self.level}: {where}{self.message}"


@dataclass(frozen=True)
class Fetched:
    url: str  # the URL finally answered (after redirects)
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


class _TimedOut(Exception):
    """The request as a whole took longer than its deadline."""


@dataclass
class _Deadline:
    """One request's total time: connecting, the headers, every byte of the body, every redirect."""

    timeout: float
    at: float = 0.0
    cut: bool = False  # the watchdog shut the connection
    sock: socket.socket | None = None  # the connection's; http.client drops its own reference early

    def __post_init__(self) -> None:
        self.at = time.monotonic() + self.timeout

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise _TimedOut
        return left

    def passed(self) -> bool:
        return self.cut or time.monotonic() >= self.at


def _cut(deadline: _Deadline) -> None:
    """At the deadline: shut the socket, so a read blocked in another thread returns at once. A socket
    timeout alone is per read; a server that sends a byte now and then would never trip it."""
    deadline.cut = True
    sock = deadline.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS


def _too_big(inflated: bool) -> FetchError:
    limit = f"{MAX_BODY_BYTES // 1_000_000} MB"
    if inflated:
        return FetchError(f"uitgepakt groter dan {limit}; zo groot maakt de build geen bestand (een zip-bom?)")
    return FetchError(f"groter dan {limit}; zo groot maakt de build geen bestand")


class _Inflater:
    """Streaming gzip/deflate that never makes more than MAX_BODY_BYTES (+1, to notice)."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self.gzip = encoding in ("gzip", "x-gzip")
        self.decoder = zlib.decompressobj(31 if self.gzip else 15)

    def feed(self, data: bytes, out: bytearray) -> None:
        while data:
            if self.decoder.eof:  # gzip may hold several members; zero bytes may pad the end
                data = data.lstrip(b"\0")
                if not data or not self.gzip:
                    return
                self.decoder = zlib.decompressobj(31)
            try:
                piece = self.decoder.decompress(data, MAX_BODY_BYTES + 1 - len(out))
            except zlib.error:
                raise FetchError(f"kapotte {self.encoding}-compressie") from None
            out += piece
            if len(out) > MAX_BODY_BYTES:
                raise _too_big(inflated=True)
            rest = self.decoder.unconsumed_tail or (self.decoder.unused_data if self.decoder.eof else b"")
            if not piece and rest == data:  # no progress: would loop for ever
                raise FetchError(f"kapotte {self.encoding}-compressie")
            data = rest

    def finish(self) -> None:
        if not self.decoder.eof:
            raise FetchError(f"kapotte {self.encoding}-compressie (het antwoord houdt halverwege op)")


def _read_body(response: http.client.HTTPResponse, deadline: _Deadline) -> bytes:
    """The body, decoded, read in pieces: never more than MAX_BODY_BYTES from the wire or from inflating."""
    if response.length is not None and response.length > MAX_BODY_BYTES:
        raise _too_big(inflated=False)
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    inflater = _Inflater(encoding) if encoding in ("gzip", "x-gzip", "deflate") else None
    out = bytearray()
    received = 0
    while chunk := response.read(READ_CHUNK):  # ends: at most MAX_BODY_BYTES, and the deadline cuts the socket
        received += len(chunk)
        if received > MAX_BODY_BYTES:
            raise _too_big(inflated=False)
        if inflater is None:
            out += chunk
        else:
            inflater.feed(chunk, out)
    if deadline.passed():  # the watchdog's shutdown looks like an ordinary end of the body
        raise _TimedOut
    if inflater is not None:
        inflater.finish()
    return bytes(out)


def fetch(url: str, timeout: float) -> Fetched:
    """GET url, as the worker does (following redirects, no cache), within `timeout` seconds in all.
    HTTP errors are answers, not exceptions; no (complete) answer raises FetchError with a Dutch reason."""
    deadline = _Deadline(timeout)
    try:
        return _fetch(url, deadline)
    except _TimedOut:
        raise FetchError(f"geen volledig antwoord binnen de tijdslimiet ({timeout:g} s)") from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        if deadline.passed():
            raise FetchError(f"geen volledig antwoord binnen de tijdslimiet ({timeout:g} s)") from None
        raise FetchError(describe_network_error(error)) from None


_TLS = ssl.create_default_context()
REDIRECTS = (301, 302, 303, 307, 308)


def _fetch(url: str, deadline: _Deadline) -> Fetched:
    for _ in range(MAX_REDIRECTS + 1):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"doorgestuurd naar {url!r}, geen http(s)-adres")
        remaining = deadline.remaining()
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=remaining, context=_TLS)
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=remaining)
        watchdog = threading.Timer(remaining, _cut, (deadline,))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.connect()  # bounded by the socket timeout; the watchdog needs the socket it makes
            deadline.sock = connection.sock
            if deadline.cut:
                raise _TimedOut
            target = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (
                f"?{parts.query}" if parts.query else ""
            )
            connection.request("GET", target, headers=REQUEST_HEADERS)
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                url = urllib.parse.urljoin(url, location)
                continue
            # only a 2xx answer's body is looked at; an error page may be anything
            body = _read_body(response, deadline) if 200 <= response.status < 300 else b""
            return Fetched(url, response.status, response.msg, body)
        finally:
            watchdog.cancel()
            connection.close()
            deadline.sock = None
    raise FetchError(f"meer dan {MAX_REDIRECTS} keer doorgestuurd")


def describe_network_error(error: BaseException) -> str:
    """Why there was no answer, in Dutch (the system's and http.client's texts are English)."""
    if isinstance(error, FetchError):
        return str(error)
    if isinstance(error, TimeoutError):
        return "geen antwoord binnen de tijdslimiet"
    if isinstance(error, ConnectionRefusedError):
        return "verbinding geweigerd (draait de server?)"
    if isinstance(error, socket.gaierror):
        return "onbekende servernaam"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "het certificaat van de server klopt niet (verlopen, of voor een andere naam?)"
    if isinstance(error, ssl.SSLError):
        return "de beveiligde verbinding (https) lukt niet"
    if isinstance(error, http.client.RemoteDisconnected):
        return "de server verbrak de verbinding zonder antwoord"
    if isinstance(error, http.client.IncompleteRead):
        return "het antwoord houdt halverwege op"
    if isinstance(error, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return "de server verbrak de verbinding"
    if isinstance(error, http.client.HTTPException):
        return "de server geeft geen geldig HTTP-antwoord"
    if isinstance(error, OSError):
        return f"netwerkfout ({dutch_os_error(error)})"
    return "ongeldig adres"


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
        raise DeployCheckError(
            f"{where}: de regel 'const BUILD = …' is onleesbaar ({error.msg}, kolom {error.colno})"
        ) from None
    if isinstance(build, dict) and build.get("list") and "files" not in build:
        listed = build["list"]
        if not (
            isinstance(build.get("version"), str)
            and isinstance(listed, list)
            and len(listed) == 2
            and all(isinstance(part, str) for part in listed)
            and SHA256.match(listed[1])
        ):
            raise DeployCheckError(
                f"{where}: de regel 'const BUILD = …' heeft niet de vorm van een Werkplek-build (versie en bestandenlijst)"
            )
        return build  # the files are in the list it names: worker_build reads it, then check_shape
    return check_shape(build, where)


def check_shape(build: object, where: str) -> dict:
    """The build (with its files) has the shape precache.py writes; each file a path inside the site."""
    files = build.get("files") if isinstance(build, dict) else None
    shape_ok = (
        isinstance(build, dict)
        and isinstance(build.get("version"), str)
        and isinstance(files, list)
        and files
        and all(
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and entry[0]
            and isinstance(entry[1], str)
            and SHA256.match(entry[1])
            for entry in files
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
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
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
        return Finding(
            "waarschuwing", url, f"Content-Type is {media}; dat werkt meestal, maar de juiste is {expected.label}"
        )
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
    advice = "serveer sw.js met 'Cache-Control: no-cache' (zie docs/publiceren.md in de broncode van Werkplek)"
    if "immutable" in directives:
        return Finding(
            "waarschuwing",
            WORKER_NAME,
            f"Cache-Control '{value}' bevat immutable: een nieuwe versie wordt mogelijk niet gezien; {advice}",
        )
    if "no-cache" in directives or "no-store" in directives:
        return None
    longest = max(_seconds(directives.get("max-age")), _seconds(directives.get("s-maxage")))
    if longest > 0:
        return Finding(
            "waarschuwing",
            WORKER_NAME,
            f"Cache-Control '{value}' kan een nieuwe versie tot {_duration(longest)} verbergen; {advice}",
        )
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
        findings.append(
            Finding(
                "fout",
                url,
                f"andere inhoud dan versie {version} (SHA-256 verschilt): half geüpload, een oud bestand, "
                "of de server geeft iets anders terug",
            )
        )
    wrong_type = check_type(url, fetched, expected_type(url))
    if wrong_type:
        findings.append(wrong_type)
    return findings


def unpack(body: bytes) -> bytes:
    """A pack's files one after another: inflated when it is gzip, as the build writes it (a host may have
    unpacked it on the way); never more than MAX_BODY_BYTES."""
    if body[:2] != b"\x1f\x8b":
        return body
    out, inflater = bytearray(), _Inflater("gzip")
    inflater.feed(body, out)
    inflater.finish()
    return bytes(out)


ONE_BY_ONE = "de offlinekopie komt dan bestand voor bestand"


def check_pack(base: str, path: str, members: list, files: list, version: str, timeout: float) -> list[Finding]:
    """A pack (precache.write_packs) holds exactly its files of this version. The worker falls back to the
    files one by one, so a bad pack makes an install slower and larger without breaking it: a warning."""
    try:
        fetched = fetch(urllib.parse.urljoin(base, path), timeout)
        if not 200 <= fetched.status < 300:
            gone = fetched.status in (404, 410)
            why = f"ontbreekt (HTTP {fetched.status})" if gone else f"niet op te halen (HTTP {fetched.status})"
            return [Finding("waarschuwing", path, f"{why}; {ONE_BY_ONE}")]
        body = unpack(fetched.body)
    except FetchError as error:
        return [Finding("waarschuwing", path, f"niet op te halen of uit te pakken ({error}); {ONE_BY_ONE}")]
    offset, wrong = 0, []
    for index, size in members:
        url, digest = files[index]
        if not hashlib.sha256(body[offset : offset + size]).hexdigest().startswith(digest):
            wrong.append(url)
        offset += size
    if wrong or offset != len(body):
        named = ", ".join(wrong[:3]) + (f" en nog {len(wrong) - 3}" if len(wrong) > 3 else "")
        what = f"andere inhoud voor {named}" if wrong else "een andere lengte"
        return [
            Finding(
                "waarschuwing", path, f"hoort niet bij versie {version} ({what}): half geüpload of oud; {ONE_BY_ONE}"
            )
        ]
    return []


def worker_build(base: str, text: str, timeout: float) -> tuple[dict, list[Finding]]:
    """The build sw.js describes, with the files and groups of the list it names (precache.LIST_NAME),
    fetched and checked against the hash in sw.js: without that list the worker cannot install."""
    build = parse_build(text, base + WORKER_NAME)
    if "files" in build:
        return build, []
    path, digest = build["list"]
    where = urllib.parse.urljoin(base, path)
    try:
        fetched = fetch(where, timeout)
    except FetchError as error:
        raise DeployCheckError(
            f"{where}: niet op te halen ({error}); zonder deze lijst installeert de service worker niet"
        ) from None
    if not 200 <= fetched.status < 300:
        raise DeployCheckError(
            f"{where} ontbreekt (HTTP {fetched.status}); zonder deze lijst installeert de service worker niet"
        )
    if not hashlib.sha256(fetched.body).hexdigest().startswith(digest):
        raise DeployCheckError(
            f"{where} hoort niet bij deze {WORKER_NAME} (SHA-256 verschilt): half geüpload of een oud bestand; "
            "zo installeert de service worker niet"
        )
    try:
        listed = json.loads(fetched.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DeployCheckError(f"{where} is geen leesbare lijst van bestanden (JSON)") from None
    if not isinstance(listed, dict):
        raise DeployCheckError(f"{where} is geen lijst van bestanden zoals een Werkplek-build die schrijft")
    wrong_type = check_type(path, fetched, expected_type(path))
    return check_shape({**build, **listed}, where), [wrong_type] if wrong_type else []


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
    build, list_findings = worker_build(base, text, timeout)
    report = Report(base=base, version=build["version"])
    if base != requested:
        report.notes.append(f"{requested} wordt doorgestuurd naar {base}; dat adres is gecontroleerd.")

    parts = urllib.parse.urlsplit(base)
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        report.findings.append(
            Finding(
                "waarschuwing",
                "",
                "de site staat op http://; service workers (en dus offline gebruik) werken alleen via https://",
            )
        )
    worker_type = check_type(WORKER_NAME, worker, JAVASCRIPT)
    if worker_type:  # a browser refuses to register a worker that is not JavaScript
        report.findings.append(Finding("fout", WORKER_NAME, worker_type.message))
    caching = check_worker_caching(worker)
    if caching:
        report.findings.append(caching)

    report.findings.extend(list_findings)
    files: list[list[str]] = build["files"]
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        results = pool.map(lambda entry: check_file(base, entry[0], entry[1], report.version, timeout), files)
        for findings in results:  # in the order of the list: the same output on every run
            report.findings.extend(findings)
        packs = list((build.get("packs") or {}).values())
        odd = [pack for pack in packs if not _is_pack(pack, len(files))]
        if odd:
            report.findings.append(
                Finding(
                    "waarschuwing", "sw-files.json", f"{len(odd)} pakket(ten) in een vorm die de build niet schrijft"
                )
            )
        packs = [pack for pack in packs if pack not in odd]
        results = pool.map(lambda pack: check_pack(base, *pack, files, report.version, timeout), packs)
        for findings in results:
            report.findings.extend(findings)
    report.checked = len(files) + len(packs) + (2 if build.get("list") else 1)  # sw.js and its list
    return report


def _is_pack(pack: object, count: int) -> bool:
    """[path, [[file index, size], ...]], as precache.write_packs lists a pack."""
    return (
        isinstance(pack, list)
        and len(pack) == 2
        and isinstance(pack[0], str)
        and isinstance(pack[1], list)
        and all(
            isinstance(m, list) and len(m) == 2 and all(type(n) is int and n >= 0 for n in m) and m[0] < count
            for m in pack[1]
        )
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(report: Report) -> str:
    checked = f"{_count(report.checked, 'bestand', 'bestanden')} gecontroleerd (versie {report.version})"
    if not report.findings:
        return f"Alles in orde: {checked}; elk bestand is aanwezig, ongewijzigd en heeft het juiste type."
    counts = f"{_count(len(report.errors), 'fout', 'fouten')}, {_count(len(report.warnings), 'waarschuwing', 'waarschuwingen')}"
    if report.errors:
        return (
            f"{checked}: {counts}. "
            "Zolang er fouten zijn, weigert de service worker die bestanden: hij installeert niet, of die pagina's werken niet, ook niet offline."
        )
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
