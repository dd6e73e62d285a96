"""Lighthouse scores for every page type: performance, accessibility, best practices, CLS, LCP, TBT.

Builds the default content into a temp folder and serves it on 127.0.0.1 under a sub-path (gzip, as
a static host sends it), then runs Lighthouse on one URL per page type: mobile form factor, default
(simulated) throttling, a fresh Chromium profile per run, so every run is a first visit. The role,
domain and content page are the first of their kind in the site's own file list (sw.js), recognised
by <body data-page>; nothing of the default content is named here. With --url the pages of an
already running site are measured instead.

Goal: 100 / 100 / 100 and CLS 0.00 on every page type. Prints a markdown table (median of --runs),
then what keeps each page below the goal: Lighthouse's own audit ids and the elements that shift.
Full JSON reports go to bench/results/lighthouse/.

Lighthouse is installed from the npm registry into bench/.tools/ (not part of ./dev test or CI):
12.x, the last major that runs on Node 20 (13.x needs Node 22.19 or later).

    .venv/bin/python bench/lighthouse.py [--runs 3] [--url http://127.0.0.1:8000/]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))

from werkplek.deploy_check import FetchError, fetch, worker_build
from werkplek.pipeline import build

LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = ROOT / "bench" / ".tools"
LIGHTHOUSE_CLI = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
RESULTS = ROOT / "bench" / "results" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CATEGORIES = ("performance", "accessibility", "best-practices")
PREFIX = "stage"

# (page type, fixed URL or None, the endpoint in <body data-page>, where to look for one if not fixed)
PAGE_TYPES: list[tuple[str, str | None, str, str]] = [
    ("start", "./", "pages.home", ""),
    ("planning", "planning/", "pages.planning", ""),
    ("planning (programma)", None, "pages.planning", "planning/"),  # planning/<programme>/ on a site with several
    ("rollen", "rollen/", "pages.roles", ""),
    ("rol", None, "pages.role", "rollen/"),
    ("domeinen", "domeinen/", "pages.domains", ""),
    ("domein", None, "pages.domain", "domeinen/"),
    ("pagina", None, "pages.page", ""),
    ("mijn-gegevens", "mijn-gegevens/", "pages.my_data", ""),
    ("offline", "offline/", "pages.offline", ""),
    ("formulieren", "formulieren/", "pages.forms", ""),
    ("formulier", None, "pages.form", "formulieren/"),
    ("radar", None, "pages.radar", "formulieren/radar/"),
    ("zoeken", "zoeken/", "pages.search", ""),
    ("herinneringen", "herinneringen/", "pages.reminders", ""),
    ("inzet", "inzet/", "pages.hours", ""),
    ("traject", None, "pages.track", "ontwikkeling/"),
    ("ontvangen", "ontvangen/", "pages.received", ""),
    ("scholen", "school/", "pages.schools", ""),
    ("school", None, "pages.school", "school/"),
    ("bronnen", "bronnen/", "pages.documents", ""),
    ("lesbezoek", "lesbezoek/", "pages.visits", ""),
    ("studenten", "studenten/", "pages.students", ""),
    ("groeidossier", "groeidossier/", "pages.dossier", ""),
]
DATA_PAGE = re.compile(r'<body[^>]*\sdata-page="([^"]+)"')


@dataclass(frozen=True)
class Page:
    kind: str
    url: str | None  # relative to the site root; None: the site has no page of this kind


@dataclass(frozen=True)
class Measurement:
    performance: float | None
    accessibility: float | None
    best_practices: float | None
    cls: float
    lcp_ms: float
    tbt_ms: float

    @property
    def meets_goal(self) -> bool:
        scores = (self.performance, self.accessibility, self.best_practices)
        return all(s == 100 for s in scores) and round(self.cls, 2) == 0


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse into bench/.tools/ unless it is there already."""
    installed = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION:
        return
    print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {TOOLS.relative_to(ROOT)}/ ...", file=sys.stderr)
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(TOOLS),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
    )


class _GzipHandler(SimpleHTTPRequestHandler):
    """Python's static server, plus gzip and the right type for every file, like a real host."""

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
    COMPRESS = ("text/", "application/manifest+json", "application/json", "image/svg+xml")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urllib.parse.urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not (
            path.is_file() and ctype.startswith(self.COMPRESS) and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()  # images, 404s and the directory redirect (rollen -> rollen/)
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` at http://127.0.0.1:<free port>/stage/; yields that URL."""
    with tempfile.TemporaryDirectory(prefix="werkplek-lighthouse-") as www:
        shutil.copytree(site, Path(www) / PREFIX)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=www))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
        finally:
            server.shutdown()
            server.server_close()


def find_pages(base: str) -> list[Page]:
    """One URL per page type, from the site's own file list in sw.js."""
    try:
        worker = fetch(base + "sw.js", timeout=15)
    except FetchError as error:
        raise SystemExit(f"{base} is not reachable: {error}") from None
    if worker.status != 200:
        raise SystemExit(f"{base}sw.js: HTTP {worker.status}; is --url the root of a Werkplek site?")
    listed = [url for url, _ in worker_build(base, worker.body.decode("utf-8"), 15.0)[0]["files"]]
    pages_listed = [url for url in listed if url.endswith("/")]

    def data_page(url: str) -> str | None:
        fetched = fetch(urllib.parse.urljoin(base, url), timeout=15)
        match = DATA_PAGE.search(fetched.body.decode("utf-8", "replace")) if fetched.status == 200 else None
        return match.group(1) if match else None

    fixed = {url for _, url, _, _ in PAGE_TYPES if url}
    found = []
    for kind, url, endpoint, under in PAGE_TYPES:
        if url:
            candidates = [url] if url in pages_listed else []
        else:  # the first page of this kind: one level below `under`, not one of the fixed pages
            depth = under.count("/") + 1
            candidates = [u for u in pages_listed if u.startswith(under) and u.count("/") == depth and u not in fixed]
        found.append(Page(kind, next((u for u in candidates if data_page(u) == endpoint), None)))
    return found


def run_lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (fresh Chromium profile: a first visit); returns the JSON report."""
    command = [
        "node",
        str(LIGHTHOUSE_CLI),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    done = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse on {url}: {report['runtimeError']}")
    return report


def measurement(report: dict) -> Measurement:
    def score(category: str) -> float | None:
        value = report["categories"][category]["score"]
        return None if value is None else round(value * 100)

    audits = report["audits"]
    return Measurement(
        performance=score("performance"),
        accessibility=score("accessibility"),
        best_practices=score("best-practices"),
        cls=audits["cumulative-layout-shift"]["numericValue"],
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
    )


def median(runs: list[Measurement]) -> Measurement:
    def mid(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return statistics.median(known) if len(known) == len(values) else None

    return Measurement(
        *(
            mid([getattr(r, f) for r in runs])  # type: ignore[arg-type]
            for f in Measurement.__dataclass_fields__
        )
    )


def shortfalls(report: dict) -> list[str]:
    """What keeps a page below 100: every scored audit that does not pass, by Lighthouse's own id,
    and for a layout shift the elements that moved."""
    lines = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lines.append(f"{category}: `{ref['id']}` score {audit['score']:.2f}" + (f" ({shown})" if shown else ""))
    shifts = report["audits"].get("layout-shifts", {}).get("details", {}).get("items", [])
    for item in shifts:
        node = item.get("node", {})
        label = " ".join(node.get("nodeLabel", "").split())
        label = label if len(label) <= 60 else label[:59] + "…"
        causes = [sub.get("cause", "") for sub in item.get("subItems", {}).get("items", [])]
        lines.append(
            f"`layout-shifts`: {item.get('score', 0):.3f} from `{node.get('selector') or '?'}`"
            + (f" ({label})" if label else "")
            + (f"; cause: {', '.join(causes)}" if causes else "")
        )
    if report["audits"]["total-blocking-time"].get("score", 1) < 1:
        tasks = report["audits"].get("long-tasks", {}).get("details", {}).get("items", [])
        for task in sorted(tasks, key=lambda t: -t.get("duration", 0))[:3]:
            lines.append(f"`long-tasks`: {task.get('duration', 0):,.0f} ms in {task.get('url', '?')}")
    return lines


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if digits else f"{round(value):,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is shown")
    parser.add_argument("--url", help="root URL of a running Werkplek site (default: build and serve content/)")
    parser.add_argument(
        "--page",
        action="append",
        choices=[kind for kind, *_ in PAGE_TYPES],
        help="only this page type (repeatable; default: all)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium (./dev test installs it)")
    ensure_lighthouse()
    RESULTS.mkdir(parents=True, exist_ok=True)

    with contextlib.ExitStack() as stack:
        if args.url:
            base = args.url if args.url.endswith("/") else args.url + "/"
        else:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="werkplek-build-")))
            build(ROOT / "content", tmp / "build")
            base = stack.enter_context(serve(tmp / "build"))
        pages = [p for p in find_pages(base) if not args.page or p.kind in args.page]

        rows, notes, misses = [], [], []
        benchmark: list[float] = []
        user_agent = ""
        for page in pages:
            if page.url is None:
                rows.append(f"| {page.kind} | — | — | — | — | — | — |")
                misses.append(f"{page.kind} (no such page)")
                continue
            for stale in RESULTS.glob(f"{page.kind}-*.json"):
                stale.unlink()
            reports = []
            for run in range(args.runs):
                out = RESULTS / f"{page.kind}-{run + 1}.json"
                reports.append(run_lighthouse(urllib.parse.urljoin(base, page.url), out))
                benchmark.append(reports[-1]["environment"]["benchmarkIndex"])
                user_agent = reports[-1]["environment"]["hostUserAgent"]
            runs = [measurement(r) for r in reports]
            result = median(runs)
            label = page.kind if page.url in ("./", f"{page.kind}/") else f"{page.kind} (`{page.url}`)"
            rows.append(
                f"| {label} | {fmt(result.performance)} | {fmt(result.accessibility)} | "
                f"{fmt(result.best_practices)} | {fmt(result.cls, 2)} | {fmt(result.lcp_ms)} | {fmt(result.tbt_ms)} |"
            )
            if not result.meets_goal:
                misses.append(page.kind)
                # explain with the run whose performance is the median one
                typical = sorted(zip(runs, reports, strict=True), key=lambda mr: mr[0].performance or 0)[
                    len(runs) // 2
                ][1]
                notes.append(f"- {label}:")
                notes.extend(f"  - {line}" for line in shortfalls(typical) or ["(no failing scored audit)"])
            print(f"{page.kind}: done", file=sys.stderr)

    chromium = re.search(r"Chrome/[0-9.]+", user_agent)
    print(
        f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, simulated throttling, {args.runs} run(s) per page "
        f"(median), {dt.date.today().isoformat()}, {base}"
    )
    if benchmark:
        print(
            f"{chromium.group(0) if chromium else 'Chromium'}; Lighthouse benchmarkIndex "
            f"{min(benchmark):.0f}-{max(benchmark):.0f} (CPU speed; lower is slower)"
        )
    print()
    print("| page type | performance | accessibility | best practices | CLS | LCP ms | TBT ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    goal = "100 / 100 / 100 and CLS 0.00 on every page type" + (" measured" if args.page else "")
    print(f"\nGoal ({goal}): " + (f"NOT met: {', '.join(misses)}." if misses else "met."))
    if notes:
        print("\nBelow the goal:")
        print("\n".join(notes))


if __name__ == "__main__":
    main()
