"""After freezing: hash every output file and write the service worker that precaches them.

VERSION is a hash of all (path, content hash) pairs, so the same content gives the same sw.js
byte for byte, and any changed file gives a new worker (and so an update prompt)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .errors import BuildError

PLACEHOLDER = '{"version": "dev", "assets": "dev", "files": [], "offline": "offline/"}; // @@BUILD@@'
WORKER_NAME = "sw.js"
BUILD_MARKER = ".werkplek-build"  # lists what the build wrote: a later build replaces only that
BUILD_LINE = re.compile(r"^const BUILD = (\{.*\});\s*$", re.M)  # the line write_service_worker fills in
OFFLINE_URL = "offline/"


def built_worker(site: Path) -> dict:
    """What a built site's sw.js says about its build: version, assets, files (url, hash), offline.
    Raises ValueError when sw.js has no such line (check-deploy words that for a user itself)."""
    match = BUILD_LINE.search((site / WORKER_NAME).read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{site / WORKER_NAME}: no 'const BUILD = {{...}};' line")
    return json.loads(match.group(1))


def asset_version(static_dir: Path) -> str:
    """A hash of every static file (CSS, JS, icons). Pages carry it in <html data-assets>, and the
    worker compares it to its own, so a page of another version is never shown with these assets."""
    digest = hashlib.sha256()
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        digest.update(
            f"{path.relative_to(static_dir).as_posix()} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode()
        )
    return digest.hexdigest()[:16]


HASH_CHARS = 12  # 48 bits of SHA-256: it tells versions of one file apart (no security rests on it); sw.js is read on every first visit


def file_hash(data: bytes) -> str:
    """The start of a file's SHA-256, as the worker and check-deploy compare it."""
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def precache_url(relative: str) -> str:
    """The URL a file is requested under: pages by their directory, like the links use."""
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def precache_entries(site: Path) -> list[tuple[str, str]]:
    entries = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative in (WORKER_NAME, BUILD_MARKER):
            continue
        entries.append((precache_url(relative), file_hash(path.read_bytes())))
    return entries


def write_service_worker(site: Path, source: Path, assets: str) -> str:
    """Write site/sw.js from the source worker; return the build version."""
    text = source.read_text(encoding="utf-8")
    if text.count(PLACEHOLDER) != 1:
        raise BuildError(f"{source}: de regel met {PLACEHOLDER!r} ontbreekt of staat er meer dan eens in")
    entries = precache_entries(site)
    if OFFLINE_URL not in {url for url, _ in entries}:
        raise BuildError(f"de offlinepagina {OFFLINE_URL} ontbreekt in de build")
    version = hashlib.sha256("".join(f"{u} {h}\n" for u, h in entries).encode()).hexdigest()[:16]
    build = {"version": version, "assets": assets, "files": entries, "offline": OFFLINE_URL}
    text = text.replace(PLACEHOLDER, json.dumps(build, separators=(",", ":")) + ";")
    (site / WORKER_NAME).write_text(text, encoding="utf-8")
    return version
