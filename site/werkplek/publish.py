"""`werkplek publish` and `werkplek build --zip`: what a partnership's repository (only content/) needs to
become a published site, with no Python on the school's machine (docs/publiceren.md).

publish: check the content, build it, serve the build on localhost under the sub-path the host will use, and
run check-deploy against it, so a content error or a site that would not install offline stops the
publishing job before anything replaces the live site. The job itself (install, then this) is
publish/publish.sh, which the GitHub and GitLab workflows in publish/ run as they are.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import zipfile
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

from .errors import ContentError, Problem, WerkplekError, dutch_os_error
from .preview import PreviewHandler

Echo = Callable[..., None]


def base_path(value: str) -> str:
    """The sub-path a site is published under, as '/' or '/a/b/' (GitHub's base_path '/repo' gets its slash)."""
    parts = [p for p in value.strip().split("/") if p]
    if any(p in (".", "..") or "\\" in p for p in parts):
        raise WerkplekError(f"--base {value!r}: een pad als /stage/ of /repo/, zonder . of ..")
    return "/" + "".join(f"{p}/" for p in parts)


class _SubPathHandler(PreviewHandler):
    """The build at `base` and nothing else, with the Content-Types a host must send (as the preview)."""

    base = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base):
            return str(Path(self.directory) / ".werkplek-niet-hier")  # outside the sub-path: 404
        return super().translate_path("/" + path[len(self.base) :])


@contextlib.contextmanager
def serve_under(site: Path, base: str) -> Iterator[str]:
    """Serve `site` at http://127.0.0.1:<port><base> on a free port; yields that URL."""
    handler = type("Handler", (_SubPathHandler,), {"base": base})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site.absolute())))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


def github_annotations(problems: list[Problem]) -> list[str]:
    """The problems as GitHub Actions error annotations, so they show on the commit at their file and line."""

    def escape(text: str) -> str:  # GitHub's workflow-command escaping
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    lines = []
    for problem in problems:
        where = f"file={prop(problem.path)}" + (f",line={problem.line}" if problem.line else "")
        loc = problem.field if problem.field is not None else problem.loc
        message = f"{loc}: {problem.message}" if loc else problem.message
        lines.append(f"::error {where},title=Werkplek::{escape(message)}")
    return lines


def publish(content_dir: Path, out_dir: Path, base: str, static_dir: Path, echo: Echo) -> int:
    """Check, build into out_dir, and check the build as served under `base`. Returns the exit code; on a
    content error out_dir is left as it was (the build only replaces it when complete)."""
    from . import deploy_check
    from .pipeline import build

    try:
        report = build(content_dir, out_dir, static_dir)
    except ContentError as error:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for line in github_annotations(error.problems):
                echo(line)
        raise
    for warning in report.warnings:
        echo(f"Let op: {warning}", err=True)
    echo(f"Gebouwd: {len(report.urls) + 1} bestanden in {out_dir}/ (versie {report.version}).")
    with serve_under(out_dir, base) as url:
        echo(f"De build zoals de host hem serveert, onder {base}:")
        code = deploy_check.main(url, timeout=15.0, parallel=6, echo=echo)
    if code:
        echo("De site is niet gepubliceerd: los de fouten hierboven op.", err=True)
    else:
        echo(f"Klaar om te publiceren: {out_dir}/ (onder {base}).")
    return code


def zip_site(site: Path, archive: Path) -> int:
    """Write every file of the built site into one zip (paths relative to the site, so its root is the site's
    root), without the build's own list of what it wrote (a host does not need it); written beside and then
    moved into place, so a half-written archive never stands there. Returns the number of files."""
    from .precache import BUILD_MARKER

    files = sorted(p for p in site.rglob("*") if p.is_file() and p.name != BUILD_MARKER)
    partial = archive.with_name(archive.name + ".deel")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in files:
                zf.write(path, path.relative_to(site).as_posix())
        partial.replace(archive)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise WerkplekError(
            f"{archive}: het zip-bestand kon niet geschreven worden: {dutch_os_error(error)}"
        ) from error
    return len(files)
