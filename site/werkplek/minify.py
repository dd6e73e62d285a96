"""The app's own JavaScript as browsers get it: without comments and indentation.

The modules in static/js/ are written to be read (a comment above most things); that is a third of the
JavaScript every user downloads. rJSmin, a minifier that works on tokens, leaves out comments and whitespace
and keeps every token as it was (no renaming, no rewriting); tests/test_minify.py parses each module before
and after and finds the same program. static/vendor/ is left as its publishers ship it (already small, with
its licence lines). The build runs this after precache.file_groups, which reads the markers written in
comments (`/* on demand */`), and before the files are hashed."""

from __future__ import annotations

from pathlib import Path

import rjsmin

SCRIPTS = "static"
LEFT_AS_IS = "vendor"  # under static/: third-party files, byte for byte as published (tests compare them)


def minify_scripts(site: Path) -> list[Path]:
    """Minify every module of the app under site/static/ in place; returns the files it rewrote."""
    done = []
    for path in sorted((site / SCRIPTS).rglob("*.js")):
        if LEFT_AS_IS in path.relative_to(site / SCRIPTS).parts:
            continue
        source = path.read_text(encoding="utf-8")
        path.write_text(rjsmin.jsmin(source).strip() + "\n", encoding="utf-8")
        done.append(path)
    return done
