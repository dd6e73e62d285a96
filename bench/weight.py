"""Bytes a first visit costs, per page type, and what one user's device keeps for offline use.

Builds the default content, then for each page type adds up what the browser fetches before the
page is complete: the HTML, the stylesheet, every JavaScript module in main.js's import graph, the
manifest, the favicon and sw.js, and the page's own modules (which main.js imports only there);
each as raw bytes and gzip-compressed (level 6, as a typical static host sends it); a page's own stylesheet
(groeidossier/) counts for that page. The offline copy is what sw.js downloads for one user: the core and
the groups of her programme and role (precache.py); it is printed for every programme × role, largest
first, for the default content and for a generated partnership of 4 programmes, 12 roles and 44 forms
(bench/partnership.py), each with the whole site beside it. The search page loads MiniSearch and its
index only once a search starts (and the worker keeps them from then on); that is printed on its own line. ontvangen/ also fetches the form's questions
page of the entry it shows: the largest one is counted. The QR encoder loads only on a tap: not counted.

    .venv/bin/python bench/weight.py
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT / "bench"))

from partnership import write_partnership
from werkplek.pipeline import build
from werkplek.precache import built_file, built_worker

PAGE_TYPES = {
    "start": "",
    "planning": "planning/",
    "rollen": "rollen/",
    "rol (wpb)": "rollen/wpb/",
    "domeinen": "domeinen/",
    "domein": "domeinen/pedagogiek/",
    "pagina": "toegankelijkheid/",
    "mijn-gegevens": "mijn-gegevens/",
    "offline": "offline/",
    "formulieren": "formulieren/",
    "formulier (kijkwijzer)": "formulieren/kijkwijzer-pedagogiek/",
    "formulier (zelfscan)": "formulieren/zelfscan-werkplekopleider/",
    "formulier (kwaliteitsscan, de grootste)": "formulieren/kwaliteitsscan-leerwerkplek/",
    "radar": "formulieren/radar/werkplekopleider/",
    "zoeken": "zoeken/",
    "herinneringen": "herinneringen/",
    "inzet": "inzet/",
    "ontvangen": "ontvangen/",
    "groeidossier": "groeidossier/",
    "traject": "ontwikkeling/werkplekopleider/",
    "bronnen": "bronnen/",
    "studenten": "studenten/",
    "lesbezoek": "lesbezoek/",
}
DATA_PAGE = re.compile(r'<body[^>]*\sdata-page="([^"]+)"')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?:\.\./)*(static/css/[^"]+)"')  # a page's own, besides main.css
CONTROLLER = re.compile(
    r"""^  '([a-z_.]+)': \(\) => (.*?)(?=^  '|^  //|^};)""", re.M | re.S
)  # one entry of main.js's map
IMPORT = re.compile(r"""import\('(\./[^']+)'\)""")
# What the search page fetches when a search starts (focus, a tap, a key): the library and the index.
ON_SEARCH = ["static/vendor/minisearch/minisearch.js", "zoeken/index.json"]
HTML_BUDGET = 14 * 1024  # first round trip (initial congestion window of 10 segments)
PAGE_BUDGET = 40 * 1024  # everything a first visit needs, compressed
USER_BUDGET = 250 * 1024  # one user's offline copy, gzip, as sent over the network (issue 17)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def module_graph(site: Path, entry: Path) -> list[Path]:
    """entry and every module it imports statically, as built files. The imports are read in the source
    (static/): the build minifies the modules (minify.py), the same statements on one line."""
    seen: list[Path] = []
    todo = [entry]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        source = STATIC / path.relative_to((site / "static").resolve())
        for spec in re.findall(r"""^import .*? from '(\.[^']+)';""", source.read_text(), re.M):
            todo.append((path.parent / spec).resolve())
    return seen


def offline_copy(site: Path, name: str) -> bool:
    """Print one user's offline copy (core + her programme's and role's groups) for every programme × role
    of the build, the largest first; returns whether the largest fits USER_BUDGET. What the worker
    downloads: the list of files, each group's pack (gzip by the build, sent as it is), and any file of her
    groups that no pack holds (gzip as a host sends it); file by file, for comparison, what the same files
    would cost one at a time."""
    worker = built_worker(site)
    files, groups, packs = worker["files"], worker["groups"], worker.get("packs", {})
    sizes = [gz(built_file(site, url).read_bytes()) for url, _ in files]
    programmes = sorted({g.split()[0].removeprefix("programme:") for g in groups if g.startswith("programme:")})
    roles = sorted({g.split()[-1].removeprefix("role:") for g in groups if g.split()[-1].startswith("role:")})
    listing = gz((site / "sw-files.json").read_bytes())  # every file's hash and the groups: read at the install
    rows = []
    for programme in programmes:
        for role in roles:
            names = ["core", f"programme:{programme}", f"role:{role}", f"programme:{programme} role:{role}"]
            indices = {i for group in names for i in groups.get(group, [])}
            mine = [packs[g] for g in names if g in packs]
            packed = {i for _, members in mine for i, _ in members}
            total = listing + sum((site / path).stat().st_size for path, _ in mine)
            total += sum(sizes[i] for i in indices - packed)
            rows.append((total, len(indices) + 1, len(mine), listing + sum(sizes[i] for i in indices), programme, role))
    rows.sort(reverse=True)
    core = groups.get("core", [])
    print(f"Offline copy, {name}: the whole site is {len(files)} files, {sum(sizes):,} B gzip;")
    core_pack = (site / packs["core"][0]).stat().st_size if "core" in packs else sum(sizes[i] for i in core)
    print(
        f"  core {len(core)} files, {core_pack:,} B as a pack ({sum(sizes[i] for i in core):,} B gzip file by file);"
        " per user (programme × role), largest first:"
    )
    for total, count, pack_count, one_by_one, programme, role in rows[:5]:
        print(
            f"  {programme} × {role}: {count} files in {pack_count} packs, {total:,} B"
            f" (file by file {one_by_one:,} B gzip)"
        )
    smallest = rows[-1]
    print(f"  … smallest: {smallest[4]} × {smallest[5]}: {smallest[1]} files, {smallest[0]:,} B")
    largest = rows[0][0] if rows else listing + sum(sizes[i] for i in core)
    fits = largest <= USER_BUDGET
    print(f"  largest {largest:,} B (budget {USER_BUDGET:,} B: {'ja' if fits else 'NEE'})\n")
    return fits


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "build"
        build(ROOT / "content", site)
        shared = [
            site / "static/css/main.css",
            *module_graph(site, (site / "static/js/main.js").resolve()),
            site / "manifest.webmanifest",
            site / "static/icons/icon.svg",
            site / "sw.js",
        ]
        shared_raw = sum(p.stat().st_size for p in shared)
        shared_gz = sum(gz(p.read_bytes()) for p in shared)

        print(f"Shared by every page: {len(shared)} files, {shared_raw:,} B raw, {shared_gz:,} B gzip\n")
        print("| page type | HTML B | HTML gzip B | first visit gzip B | HTML ≤ 14 KB | visit ≤ 40 KB |")
        print("|---|---:|---:|---:|:---:|:---:|")
        # Each page also loads its own controller (a dynamic import in main.js) and what that imports.
        main_js = (site / "static/js/main.js").resolve()
        main_source = (STATIC / "js/main.js").read_text()
        controllers = {page: IMPORT.findall(body) for page, body in CONTROLLER.findall(main_source)}
        ok = True
        for name, url in PAGE_TYPES.items():
            html = (site / url / "index.html").read_bytes()
            page = DATA_PAGE.search(html.decode()).group(1)
            own = {
                p for spec in controllers.get(page, []) for p in module_graph(site, (main_js.parent / spec).resolve())
            }
            own = [p for p in own if p not in shared]
            own += [site / css for css in STYLESHEET.findall(html.decode()) if site / css not in shared]
            total = gz(html) + shared_gz + sum(gz(p.read_bytes()) for p in own)
            if page == "pages.received":  # it reads the shared entry's questions: count the largest form's
                largest = max((site / "formulieren").glob("*/vragen.json"), key=lambda p: gz(p.read_bytes()))
                total += gz(largest.read_bytes())
                name += f" (+ {largest.parent.name}/vragen.json)"
            fits = (gz(html) <= HTML_BUDGET, total <= PAGE_BUDGET)
            ok &= all(fits)
            marks = ["ja" if f else "NEE" for f in fits]
            print(f"| {name} | {len(html):,} | {gz(html):,} | {total:,} | {marks[0]} | {marks[1]} |")

        extra = [site / f for f in ON_SEARCH]
        parts = ", ".join(
            f"{p.relative_to(site)} {p.stat().st_size:,} B raw / {gz(p.read_bytes()):,} B gzip" for p in extra
        )
        print(f"\nzoeken, once a search starts: + {parts} (kept by the worker from the first search on)")

        print()
        ok &= offline_copy(site, "default content")
        generated = Path(tmp) / "partnership"
        counts = write_partnership(ROOT / "content", generated)
        build(generated, Path(tmp) / "partnership-build")
        ok &= offline_copy(
            Path(tmp) / "partnership-build",
            f"generated partnership ({counts['programmes']} programmes, {counts['roles']} roles, {counts['forms']} forms)",
        )
        print("All budgets met." if ok else "BUDGET EXCEEDED.")


if __name__ == "__main__":
    main()
