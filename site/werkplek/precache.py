"""After freezing: hash every output file, put each in its offline groups, and write the service worker.

VERSION is a hash of all (path, content hash) pairs, so the same content gives the same sw.js
byte for byte, and any changed file gives a new worker (and so an update prompt).

Groups (pages.py says which a page is in): a page's groups pass to everything it loads: the stylesheets,
scripts and icons its HTML names, every module those scripts may import (static imports, `import()` and
relative module names in constants), and, for the entry module's map of page controllers, only the entry
of this page's `data-page`; the manifest passes its own to the icons it lists. A file any core page needs
is core; a file no group needs is cached when it is first opened. Besides, `page:<endpoint>` lists what a
page of that kind may load: the worker keeps it with a page the user opens that is in none of her groups
(another role's form), so its buttons work offline too. Calendars belong to their programme, a
role's calendar to that programme and role together."""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
from pathlib import Path

from .errors import BuildError
from .pages import CORE, PAGES, both_group, page_group, programme_group

PLACEHOLDER = '{"version": "dev", "assets": "dev", "list": null, "offline": "offline/"}; // @@BUILD@@'
WORKER_NAME = "sw.js"
# Every file with its hash, and the groups: the worker reads it at its install (checked against the hash in
# sw.js), so that sw.js, which every first visit downloads, stays small.
LIST_NAME = "sw-files.json"
BUILD_MARKER = ".werkplek-build"  # lists what the build wrote: a later build replaces only that
BUILD_LINE = re.compile(r"^const BUILD = (\{.*\});\s*$", re.M)  # the line write_service_worker fills in
OFFLINE_URL = "offline/"
# Every offline group's files in one download: the files one after another, compressed with gzip by the
# build (a host sends a .bin as it is). A user's copy is a few packs instead of a hundred files, and one
# gzip stream over all her form pages finds what they have in common (header, footer, the share and answer
# sections): for the default content about a quarter less than file by file. The worker checks every
# file it takes from a pack against its hash, and fetches a file on its own when its pack fails.
PACK_DIR = "packs"
PACK_LEVEL = 9  # compressed once, at the build
# What the worker stores a file from a pack as (no server said it): by extension, "/" for a page.
PACK_TYPES = {
    "/": "text/html; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "webmanifest": "application/manifest+json",
    "ics": "text/calendar; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "txt": "text/plain; charset=utf-8",
}


def built_worker(site: Path) -> dict:
    """What a built site's sw.js says about its build: version, assets, files (url, hash), groups, offline
    (files and groups from the list it names). Raises ValueError when sw.js has no such line (check-deploy
    words that for a user itself)."""
    match = BUILD_LINE.search((site / WORKER_NAME).read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{site / WORKER_NAME}: no 'const BUILD = {{...}};' line")
    build = json.loads(match.group(1))
    if build.get("list"):
        build.update(json.loads((site / build["list"][0]).read_text(encoding="utf-8")))
    return build


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
        if relative in (WORKER_NAME, LIST_NAME, BUILD_MARKER) or relative.startswith(PACK_DIR + "/"):
            continue
        entries.append((precache_url(relative), file_hash(path.read_bytes())))
    return entries


HTML_LOADS = re.compile(r'<(?:link|script|img|source)\b[^>]*?\s(?:href|src)="([^"#?:]+)', re.I)
DATA_PAGE = re.compile(r'<body[^>]*\sdata-page="([^"]+)"')
# A relative module name, wherever it stands. A name written `/* on demand */ '../x.js'` is left out: its
# module is cached when first loaded (a library only a search needs, with the search index); one written
# `/* visit planner */ '../x.js'` goes, with what it imports, only to the planners of lesson visits (the
# scanner that reads an observer's answer off her screen), whatever page imports it.
MODULE_NAME = re.compile(r"""(?:/\*\s*(on demand|visit planner)\s*\*/\s*)?["'](\.{1,2}/[^"'\s]+?\.m?js)["']""")
PLANNER = "visit planner"
CONTROLLER = re.compile(r"""^\s*'([a-z_.]+)': \(\) => (.*?)(?=^\s*'[a-z_.]+': |^\s*//|^\};)""", re.M | re.S)
LINK_REL = re.compile(r'<link\b[^>]*\srel="([^"]+)"[^>]*\shref="([^"#?:]+)"', re.I)
# A <link> that names a page, not a file the page loads; an apple-touch-icon is read only when the app is
# added to a home screen, which happens online.
NOT_LOADED = {"canonical", "alternate", "prev", "next", "apple-touch-icon"}


def _resolve(base: str, reference: str) -> str:
    """A reference as a file path relative to the site root (base: the referring file's path)."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), reference))
    return path + "/index.html" if reference.endswith("/") and path != "." else ("index.html" if path == "." else path)


def _modules(site: Path, entry: str, page: str | None) -> dict[str, str]:
    """Every module `entry` may load on a page with data-page `page` (an entry's controller map counts
    only for that page): module path -> "" (the page's groups) or PLANNER (the visit planners' groups)."""
    seen: dict[str, str] = {}
    todo = [(entry, True, "")]
    while todo:
        path, is_entry, kind = todo.pop()
        if (path in seen and (seen[path] == "" or kind == PLANNER)) or not (site / path).is_file():
            continue
        seen[path] = kind
        text = (site / path).read_text(encoding="utf-8", errors="replace")
        if is_entry:
            controllers = dict(CONTROLLER.findall(text))
            text = CONTROLLER.sub("", text) + controllers.get(page or "", "")
        for marker, name in MODULE_NAME.findall(text):
            if marker != "on demand":
                todo.append((_resolve(path, name), False, kind or marker))
    return seen


def _loads(site: Path, html_path: str) -> dict[str, str]:
    """What a built page loads: stylesheets, scripts (with their modules), icons, the manifest; each
    with "" or PLANNER, as _modules says."""
    html = (site / html_path).read_text(encoding="utf-8")
    found = DATA_PAGE.search(html)
    page = found.group(1) if found else None
    pages = {href for rel, href in LINK_REL.findall(html) if NOT_LOADED & set(rel.lower().split())}
    names = {ref for ref in HTML_LOADS.findall(html) if not ref.endswith("/")} - pages
    out: dict[str, str] = {}
    for name in names:
        path = _resolve(html_path, name)
        for module, kind in (_modules(site, path, page) if path.endswith((".js", ".mjs")) else {path: ""}).items():
            out[module] = "" if out.get(module) == "" else kind
    return out


def _icon_size(icon: dict) -> int:
    sizes = [int(n) for n in re.findall(r"(\d+)x\d+", str(icon.get("sizes", "")))]
    return max(sizes, default=1 << 16)


def _manifest_icons(site: Path, manifest: str) -> set[str]:
    """The manifest's smallest icon for any purpose (the worker's notifications use it too); the larger
    ones the browser fetches when the app is installed, which happens online."""
    try:
        icons = json.loads((site / manifest).read_text(encoding="utf-8")).get("icons", [])
    except (OSError, ValueError):
        return set()
    usable = [i for i in icons if isinstance(i, dict) and "src" in i and "any" in str(i.get("purpose", "any")).split()]
    return {_resolve(manifest, min(usable, key=_icon_size)["src"])} if usable else set()


def file_groups(
    site: Path, page_files: dict[str, frozenset[str]], calendars: dict[str, tuple], planners: frozenset[str]
) -> dict[str, set]:
    """Relative file path -> its offline groups (empty: cached when first opened). page_files: each
    page's file and its groups (pages.py); calendars: each calendar's path and (programme, role or None);
    planners: the groups of the lesson visits' planners (pages.py visit_planner_groups)."""
    groups: dict[str, set[str]] = {}
    for path, own in page_files.items():
        groups.setdefault(path, set()).update(own)
        if path.endswith(".html"):
            found = DATA_PAGE.search((site / path).read_text(encoding="utf-8"))
            for loaded, kind in _loads(site, path).items():
                groups.setdefault(loaded, set()).update(planners if kind == PLANNER else own)
                if found and kind != PLANNER:  # what a page of this kind may load, for a page opened once
                    groups[loaded].add(page_group(found.group(1)))
        elif path.endswith(".webmanifest"):
            for icon in _manifest_icons(site, path):
                groups.setdefault(icon, set()).update(own)
    for path, (programme_id, role_id) in calendars.items():
        groups.setdefault(path, set()).add(
            both_group(programme_id, role_id) if role_id else programme_group(programme_id)
        )
    return {path: ({CORE} if CORE in found else found) for path, found in groups.items()}


def page_files(app, store) -> dict[str, frozenset[str]]:
    """Every page's file in the build (relative path) with its groups, from the table of pages."""
    from flask import url_for

    out: dict[str, frozenset[str]] = {}
    with app.test_request_context():
        for kind in PAGES:
            for values in kind.urls(store):
                path = url_for(kind.endpoint, **values).lstrip("/")
                out[path + "index.html" if path.endswith("/") or not path else path] = kind.groups(store, values)
    return out


LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n", re.M)
BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.M | re.S)


def pack_type(url: str) -> str | None:
    """The key of PACK_TYPES for a file's URL; None: the file is fetched on its own (the server types it)."""
    if url.endswith("/"):
        return "/"
    name = url.rsplit("/", 1)[-1]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in PACK_TYPES else None


def write_packs(site: Path, entries: list[tuple[str, str]], members: dict[str, list[int]]) -> dict[str, list]:
    """One pack per offline group (not the page:<endpoint> groups, kept with a page opened once: a few files
    each); returns group -> [pack path, [[file index, size], ...]]. A group of a programme and a role
    together leaves out what her programme's or role's group holds: she gets those packs too."""
    packs: dict[str, list] = {}
    for group, indices in members.items():
        if group.startswith(page_group("")):
            continue
        programme, _, role = group.partition(" ")
        elsewhere = set(members.get(programme, ())) | set(members.get(role, ())) if role else set()
        packed = [i for i in indices if i not in elsewhere and pack_type(entries[i][0])]
        if len(packed) < 2:
            continue
        data = [built_file(site, entries[i][0]).read_bytes() for i in packed]
        body = gzip.compress(b"".join(data), compresslevel=PACK_LEVEL, mtime=0)
        path = f"{PACK_DIR}/{file_hash(body)}.bin"
        (site / PACK_DIR).mkdir(exist_ok=True)
        (site / path).write_bytes(body)
        packs[group] = [path, [[i, len(d)] for i, d in zip(packed, data, strict=True)]]
    return packs


def built_file(site: Path, url: str) -> Path:
    """The built file behind a URL of the list (a page's URL names its index.html)."""
    return site / ("index.html" if url == "./" else url + "index.html" if url.endswith("/") else url)


def without_comments(source: str) -> str:
    """The worker as browsers get it: whole-line comments left out (they explain pwa/sw.js to its readers;
    every first visit downloads sw.js). The first line, which names the file, stays."""
    first, _, rest = source.partition("\n")
    return first + "\n" + BLOCK_COMMENT.sub("", LINE_COMMENT.sub("", rest))


def write_service_worker(site: Path, source: Path, assets: str, groups: dict[str, set] | None = None) -> str:
    """Write site/sw.js from the source worker; return the build version. groups: relative file path ->
    its offline groups (file_groups); a file without any is cached when first opened."""
    text = source.read_text(encoding="utf-8")
    if text.count(PLACEHOLDER) != 1:
        raise BuildError(f"{source}: de regel met {PLACEHOLDER!r} ontbreekt of staat er meer dan eens in")
    entries = precache_entries(site)
    if OFFLINE_URL not in {url for url, _ in entries}:
        raise BuildError(f"de offlinepagina {OFFLINE_URL} ontbreekt in de build")
    version = hashlib.sha256("".join(f"{u} {h}\n" for u, h in entries).encode()).hexdigest()[:16]
    by_url = {precache_url(path): found for path, found in (groups or {}).items()}
    members: dict[str, list[int]] = {}
    for index, (url, _) in enumerate(entries):
        for group in sorted(by_url.get(url, ())):
            members.setdefault(group, []).append(index)
    if not members.get(CORE) or OFFLINE_URL not in {entries[i][0] for i in members[CORE]}:
        members.setdefault(CORE, []).extend(i for i, (url, _) in enumerate(entries) if url == OFFLINE_URL)
    listing = {"files": entries, "groups": dict(sorted(members.items()))}
    packs = write_packs(site, entries, listing["groups"])
    if packs:
        listing.update(packs=packs, types=PACK_TYPES)
    listing = json.dumps(listing, separators=(",", ":")) + "\n"
    (site / LIST_NAME).write_text(listing, encoding="utf-8")
    build = {
        "version": version,
        "assets": assets,
        "list": [LIST_NAME, file_hash(listing.encode())],
        "offline": OFFLINE_URL,
    }
    text = text.replace(PLACEHOLDER, json.dumps(build, separators=(",", ":")) + ";")
    (site / WORKER_NAME).write_text(without_comments(text), encoding="utf-8")
    return version
