"""`werkplek serve`: the real build, served on localhost, rebuilt whenever content/ or static/ changes.

The preview is the site as it will be published (service worker, precache, calendar files, manifest),
not a live Flask app that would differ from it. A change is picked up by polling file times and sizes
(a few hundred small files: cheaper than a watcher dependency, and it works on every file system). A
build that fails prints its Dutch problems and leaves the previous build being served: the build only
swaps its output into place when it is complete.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import WerkplekError
from .pipeline import build, check_replaceable

Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: list[Path]) -> Snapshot:
    """Every file under the folders, with its modification time and size."""
    out: Snapshot = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                if path.is_file():
                    stat = path.stat()
                    out[str(path)] = (stat.st_mtime_ns, stat.st_size)
            except OSError:  # removed while we looked: the next round sees it gone
                continue
    return out


def rebuild(
    content_dir: Path, out_dir: Path, static_dir: Path, push_url: str | None, echo: Callable[[str], None]
) -> bool:
    """One build; its outcome in words. False if it failed (the previous output stays)."""
    try:
        report = build(content_dir, out_dir, static_dir, push_url=push_url)
    except WerkplekError as error:
        echo(
            f"Fout: {error.format_message()}\nDe vorige versie blijft te zien; sla de inhoud opnieuw op als het klopt."
        )
        return False
    for warning in report.warnings:
        echo(f"Let op: {warning}")
    echo(
        f"Gebouwd: {len(report.urls) + 1} bestanden in {sum(report.timings.values()):.2f} s (versie {report.version})."
    )
    return True


def watch(
    content_dir: Path,
    out_dir: Path,
    static_dir: Path,
    push_url: str | None,
    echo: Callable[[str], None],
    stop: threading.Event,
    interval: float = 0.5,
) -> None:
    """Rebuild after every change, until stop is set. A change that lands during a build is seen next round."""
    folders = [content_dir, static_dir]
    seen = snapshot(folders)
    while not stop.wait(interval):
        now = snapshot(folders)
        if now != seen:
            seen = now
            rebuild(content_dir, out_dir, static_dir, push_url, echo)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files with the types a host must send, and never cached: the next load shows the last build."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".webmanifest": "application/manifest+json",
        ".ics": "text/calendar; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the signature of the base class)
        pass  # the build's own lines are what a school wants to read


def serve(
    content_dir: Path,
    out_dir: Path,
    static_dir: Path,
    host: str,
    port: int,
    push_url: str | None,
    echo: Callable[[str], None],
) -> None:
    """Build, then serve out_dir and rebuild on every change until interrupted."""
    check_replaceable(out_dir, out_dir)
    if not rebuild(content_dir, out_dir, static_dir, push_url, echo) and not out_dir.is_dir():
        echo("Er is nog geen eerdere versie om te tonen; de preview verschijnt zodra de inhoud klopt.")
        out_dir.mkdir(parents=True)
    server = ThreadingHTTPServer((host, port), functools.partial(PreviewHandler, directory=str(out_dir.absolute())))
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(content_dir, out_dir, static_dir, push_url, echo, stop), daemon=True)
    watcher.start()
    echo(
        f"Voorbeeld op http://{host}:{server.server_address[1]}/ ; bouwt opnieuw bij elke wijziging in "
        f"{content_dir}/ of {static_dir}/ (stoppen: Ctrl+C)"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
