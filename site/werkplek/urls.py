"""Relative URLs: every link the site writes is relative to the page it stands on, so the frozen
site works from any sub-path (school.nl/stage/) without a setting."""

from __future__ import annotations

import posixpath

from flask import request, url_for


def relative_to_request(target: str) -> str:
    """Turn an absolute app URL into one relative to the current page, so the frozen site
    works from any sub-path. Directory URLs keep their trailing slash (no index.html)."""
    path, sep, fragment = target.partition("#")
    here = request.script_root + request.path
    here_dir = here if here.endswith("/") else posixpath.dirname(here) + "/"
    rel = posixpath.relpath(path, here_dir)
    if path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + sep + fragment


def url(endpoint: str, **values: object) -> str:
    return relative_to_request(url_for(endpoint, **values))
