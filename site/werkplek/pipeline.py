"""The build, as named stages: read_sources -> (check_format) -> load_content -> check_content -> build_store
-> freeze_site -> write_calendars -> (offline groups, minify_scripts) -> write_service_worker.

Nothing touches the output folder until the site is complete in a fresh temporary folder beside it;
then the two are swapped. A failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .app import create_app
from .calendars import calendar_files, calendar_paths
from .checks import check_content
from .errors import BuildError, ContentError, Problem, dutch_os_error
from .freeze import freeze_site
from .loader import Content, load_content
from .locate import for_editors
from .migrate import check_format
from .minify import minify_scripts
from .pages import visit_planner_groups
from .precache import (
    BUILD_LINE,
    BUILD_MARKER,
    WORKER_NAME,
    asset_version,
    built_file,
    file_groups,
    page_files,
    write_service_worker,
)
from .sources import display_path, read_sources
from .store import Store


def _assets_root() -> Path:
    """Where static/ and pwa/ are: beside this module in an installed wheel (pyproject.toml maps them in
    as werkplek/static and werkplek/pwa), else at the top of the checkout (site/werkplek/ -> ../../),
    also for an editable install and for build.py."""
    package = Path(__file__).resolve().parent
    return package if (package / "static").is_dir() else package.parents[1]


PROJECT_ROOT = _assets_root()  # the checkout, or the installed package: a build never writes over it
DEFAULT_STATIC = PROJECT_ROOT / "static"
DEFAULT_PWA = PROJECT_ROOT / "pwa"
LEGACY_WORKER_SIGN = "Werkplek service worker"


@dataclass
class BuildReport:
    output: Path
    urls: list[str]
    version: str
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # content read all the same (an old format number)


def load(content_dir: Path, timings: dict[str, float] | None = None) -> Content:
    """Read and validate content; raise one ContentError listing every problem."""
    timings = {} if timings is None else timings
    if not content_dir.is_dir():  # then every other problem would be a consequence of this one
        what = "is een bestand, geen map" if content_dir.exists() else "de inhoudsmap bestaat niet"
        raise ContentError([Problem(display_path(content_dir), "", what)])
    start = time.perf_counter()
    sources, problems = read_sources(content_dir)
    timings["read_sources"] = time.perf_counter() - start
    refused, warnings = check_format(content_dir, sources)
    if refused:  # the other problems would be what migrating fixes, or this app cannot know
        raise ContentError(problems + refused)

    start = time.perf_counter()
    content, load_problems = load_content(sources)
    problems += load_problems
    timings["load_content"] = time.perf_counter() - start

    start = time.perf_counter()
    problems += check_content(content, content_dir)
    timings["check_content"] = time.perf_counter() - start
    if problems:
        raise ContentError(for_editors(problems, sources))
    content.warnings = warnings
    return content


MARKER_LINE = re.compile(r"^([0-9a-f]{64})  (.+)$")  # sha256sum's format: hash, two spaces, path


def marker_text(site: Path, version: str) -> str:
    """The marker: who wrote this folder, then every file it wrote with its SHA-256."""
    lines = [
        f"Gemaakt door werkplek build (versie {version}). Een volgende build vervangt deze map alleen als er "
        "niets anders in staat dan deze bestanden, ongewijzigd:"
    ]
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative != BUILD_MARKER:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {relative}")
    return "\n".join(lines) + "\n"


def _written_by_worker(folder: Path) -> dict[str, str] | None:
    """For a build from before the marker listed its files: sw.js lists every other file it wrote,
    with the start of its SHA-256 (precache.py)."""
    worker = folder / WORKER_NAME
    try:
        text = worker.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if LEGACY_WORKER_SIGN not in text[:300] or not (match := BUILD_LINE.search(text)):
        return None
    try:
        worker_build = json.loads(match.group(1))
        listed = {}
        if worker_build.get("list"):  # the files are in the list sw.js names by its hash (precache.LIST_NAME)
            name, digest = worker_build["list"]
            listing = (folder / name).read_bytes()
            if not hashlib.sha256(listing).hexdigest().startswith(digest):
                return None
            worker_build = json.loads(listing)
            listed = {name: digest}
        written = {
            built_file(folder, url).relative_to(folder).as_posix(): digest for url, digest in worker_build["files"]
        }
        for path, _ in (worker_build.get("packs") or {}).values():  # named by the start of their SHA-256
            written[path] = Path(path).stem
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {**written, **listed, WORKER_NAME: ""}  # sw.js holds the list or its hash: it is taken as it is


def written_by_last_build(folder: Path) -> dict[str, str] | None:
    """Relative path -> SHA-256 (or its start; "" for any content) of every file the last build wrote
    in folder; None when no build of Werkplek wrote it."""
    try:
        lines = (folder / BUILD_MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = None
    listed = {m.group(2): m.group(1) for line in lines or [] if (m := MARKER_LINE.match(line))}
    if not listed:  # no marker, or one from before it listed the files
        listed = _written_by_worker(folder) or {}
        if not listed:
            return None
    return {**listed, BUILD_MARKER: ""}


def is_earlier_build(folder: Path) -> bool:
    """A folder the build wrote itself: it carries the marker file listing its files, or (before the
    marker existed) its sw.js is ours and lists them."""
    return written_by_last_build(folder) is not None


def _names(paths: list[str]) -> str:
    shown = ", ".join(paths[:5])
    return shown + (f" en nog {len(paths) - 5}" if len(paths) > 5 else "")


def check_replaceable(folder: Path, shown: Path) -> None:
    """Refuse (and change nothing) unless folder is empty or holds only files the last build wrote,
    unchanged: a school that copied a build into its webroot and added files keeps them."""
    if not folder.is_dir() or not any(folder.iterdir()):
        return
    written = written_by_last_build(folder)
    if written is None:
        raise BuildError(
            f"De map {shown} bestaat al en is geen eerdere build van Werkplek; de build vervangt alleen een lege "
            "map of een eigen eerdere build. Kies een nieuwe map, zoals build/, of maak deze map eerst leeg."
        )
    foreign, changed = [], []
    for path in sorted(folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        relative = path.relative_to(folder).as_posix()
        digest = written.get(relative)
        if digest is None or path.is_symlink():
            foreign.append(relative)
        elif digest and not hashlib.sha256(path.read_bytes()).hexdigest().startswith(digest):
            changed.append(relative)
    advice = (
        "de build vervangt de map alleen als alles erin van de vorige build is. Zet die bestanden "
        "elders (of in static/ of content/), of kies een andere uitvoermap."
    )
    if foreign:
        noun = "bestand dat" if len(foreign) == 1 else "bestanden die"
        raise BuildError(
            f"De map {shown} bevat {len(foreign)} {noun} de vorige build van Werkplek er niet schreef "
            f"({_names(foreign)}); er is niets veranderd: {advice}"
        )
    if changed:
        noun = "bestand dat" if len(changed) == 1 else "bestanden die"
        raise BuildError(
            f"De map {shown} bevat {len(changed)} {noun} de vorige build schreef en dat sindsdien gewijzigd is "
            f"({_names(changed)}); er is niets veranderd: {advice}"
        )


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
    in_file = next((p for p in out_dir.absolute().parents if p.exists() and not p.is_dir()), None)
    if in_file is not None:
        raise BuildError(
            f"De uitvoermap {out_dir} kan er niet komen: {in_file} is een bestand, geen map; kies een map, zoals build/."
        )
    check_replaceable(out, out_dir)


def build(
    content_dir: Path,
    out_dir: Path,
    static_dir: Path = DEFAULT_STATIC,
    pwa_dir: Path = DEFAULT_PWA,
    push_url: str | None = None,
) -> BuildReport:
    timings: dict[str, float] = {}
    out_dir = out_dir.absolute()
    _check_output_path(out_dir, content_dir, static_dir)
    content = load(content_dir, timings)

    start = time.perf_counter()
    store = Store(content)
    timings["build_store"] = time.perf_counter() - start

    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    except OSError as exc:
        raise BuildError(
            f"In {out_dir.parent} kan geen tijdelijke map voor de nieuwe build gemaakt worden ({dutch_os_error(exc)}); "
            "er is niets veranderd. Kies met --out een map waarin je mag schrijven."
        ) from None
    drawn: Path | None = None  # the copy of static/ with the partnership's icons, removed after the build
    try:
        start = time.perf_counter()
        if content.site and content.site.logo:
            static_dir = drawn = _static_with_logo(
                static_dir, content_dir / content.site.logo, content.site, staging.parent
            )
        app = create_app(store, static_dir, pwa_dir, push_url)
        urls = freeze_site(app, store, staging)
        timings["freeze_site"] = time.perf_counter() - start

        start = time.perf_counter()
        for relative, data in calendar_files(content).items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(data)
        timings["write_calendars"] = time.perf_counter() - start

        start = time.perf_counter()
        groups = file_groups(staging, page_files(app, store), calendar_paths(content), visit_planner_groups(store))
        minify_scripts(staging)  # after file_groups: it reads markers in the modules' comments
        version = write_service_worker(staging, pwa_dir / "sw.js", asset_version(static_dir), groups)
        (staging / BUILD_MARKER).write_text(marker_text(staging, version), encoding="utf-8")
        timings["write_service_worker"] = time.perf_counter() - start
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
        check_replaceable(out_dir, out_dir)  # again: nothing may have been added while building
        _swap_into_place(staging, out_dir)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, BuildError):
            raise
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            raise BuildError(
                f"Bouwen mislukt ({where}{dutch_os_error(exc)}); de vorige uitvoer in {out_dir} is ongewijzigd."
            ) from exc
        raise BuildError(
            f"Bouwen mislukt ({type(exc).__name__}: {exc}); de vorige uitvoer in {out_dir} is ongewijzigd."
        ) from exc
    finally:
        if drawn is not None:
            shutil.rmtree(drawn, ignore_errors=True)
    return BuildReport(out_dir, urls, version, timings, content.warnings)


def _static_with_logo(static_dir: Path, logo: Path, site, beside: Path) -> Path:
    """A copy of static/ whose icons are drawn from the partnership's logo (icons.py)."""
    from .icons import write_icons

    copy = Path(tempfile.mkdtemp(prefix=".werkplek-static-", dir=beside))
    shutil.copytree(static_dir, copy, dirs_exist_ok=True)
    write_icons(logo, copy / "icons", site.theme_color, "#ffffff")
    return copy


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
