"""The build, as named stages: read_sources -> load_content -> check_content -> build_store -> freeze_site
-> write_service_worker.

Nothing touches the output folder until the site is complete in a fresh temporary folder beside it;
then the two are swapped. A failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .app import create_app
from .calendars import calendar_files
from .checks import check_content
from .errors import BuildError, ContentError
from .freeze import freeze_site
from .loader import Content, load_content
from .precache import BUILD_MARKER, asset_version, WORKER_NAME, write_service_worker
from .sources import read_sources
from .store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STATIC = PROJECT_ROOT / "static"
DEFAULT_PWA = PROJECT_ROOT / "pwa"
LEGACY_WORKER_SIGN = "Werkplek service worker"


@dataclass
class BuildReport:
    output: Path
    urls: list[str]
    version: str
    timings: dict[str, float] = field(default_factory=dict)


def load(content_dir: Path, timings: dict[str, float] | None = None) -> Content:
    """Read and validate content; raise one ContentError listing every problem."""
    timings = {} if timings is None else timings
    start = time.perf_counter()
    sources, problems = read_sources(content_dir)
    timings["read_sources"] = time.perf_counter() - start

    start = time.perf_counter()
    content, load_problems = load_content(sources)
    problems += load_problems
    timings["load_content"] = time.perf_counter() - start

    start = time.perf_counter()
    problems += check_content(content)
    timings["check_content"] = time.perf_counter() - start
    if problems:
        raise ContentError(problems)
    return content


def is_earlier_build(folder: Path) -> bool:
    """A folder the build may replace: one it wrote itself (it carries the marker file), or one
    written before the marker existed (its sw.js is ours)."""
    if (folder / BUILD_MARKER).is_file():
        return True
    worker = folder / WORKER_NAME
    return worker.is_file() and LEGACY_WORKER_SIGN in worker.read_text(encoding="utf-8", errors="replace")[:300]


def _check_output_path(out_dir: Path, content_dir: Path, static_dir: Path) -> None:
    out = out_dir.resolve()
    for kept in (content_dir.resolve(), static_dir.resolve(), Path.cwd().resolve(), PROJECT_ROOT):
        if out == kept or out in kept.parents:
            raise BuildError(f"De uitvoermap {out_dir} zou {kept} overschrijven; kies een eigen map, zoals build/.")
    for source in (content_dir.resolve(), static_dir.resolve()):
        if source in out.parents:
            raise BuildError(f"De uitvoermap {out_dir} ligt in {source}; kies een map daarbuiten, zoals build/.")
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out_dir} is een bestand, geen map; kies een map, zoals build/.")
    if out.is_dir() and any(out.iterdir()) and not is_earlier_build(out):
        raise BuildError(
            f"De map {out_dir} bestaat al en is geen eerdere build van Werkplek; de build vervangt alleen een lege "
            "map of een eigen eerdere build. Kies een nieuwe map, zoals build/, of maak deze map eerst leeg."
        )


def build(
    content_dir: Path, out_dir: Path, static_dir: Path = DEFAULT_STATIC, pwa_dir: Path = DEFAULT_PWA,
    push_url: str | None = None,
) -> BuildReport:
    timings: dict[str, float] = {}
    out_dir = out_dir.absolute()
    _check_output_path(out_dir, content_dir, static_dir)
    content = load(content_dir, timings)

    start = time.perf_counter()
    store = Store(content)
    timings["build_store"] = time.perf_counter() - start

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        start = time.perf_counter()
        urls = freeze_site(create_app(store, static_dir, pwa_dir, push_url), store, staging)
        timings["freeze_site"] = time.perf_counter() - start

        start = time.perf_counter()
        for relative, data in calendar_files(content).items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(data)
        timings["write_calendars"] = time.perf_counter() - start

        start = time.perf_counter()
        version = write_service_worker(staging, pwa_dir / "sw.js", asset_version(static_dir))
        (staging / BUILD_MARKER).write_text(f"Gemaakt door werkplek build (versie {version}).\n", encoding="utf-8")
        timings["write_service_worker"] = time.perf_counter() - start
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
        _swap_into_place(staging, out_dir)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, BuildError):
            raise
        raise BuildError(
            f"Bouwen mislukt ({type(exc).__name__}: {exc}); de vorige uitvoer in {out_dir} is ongewijzigd."
        ) from exc
    return BuildReport(out_dir, urls, version, timings)


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    """Replace out_dir by staging with two renames; the old tree is removed only afterwards."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
