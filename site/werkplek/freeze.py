"""Freeze the Flask app into plain files with Frozen-Flask, strictly: any warning is an error."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning, MissingURLGeneratorWarning

from .errors import BuildError
from .pages import BY_ENDPOINT, PAGES
from .store import Store

MISSING = re.compile(r"Nothing frozen for endpoints (.+?)\. ")


def make_freezer(app: Flask, store: Store, destination: Path) -> Freezer:
    app.config.update(
        FREEZER_DESTINATION=str(destination),
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_REMOVE_EXTRA_FILES=True,
        FREEZER_IGNORE_404_NOT_FOUND=False,
        FREEZER_RELATIVE_URLS=False,
        PROPAGATE_EXCEPTIONS=True,  # a template error stops the build with its own message  # our own url() already writes relative URLs, without index.html
    )
    freezer = Freezer(app, with_static_files=True, with_no_argument_rules=False, log_url_for=True)
    unlisted = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and rule.endpoint not in BY_ENDPOINT
    )
    if unlisted:
        raise BuildError(f"Bouwen mislukt: {', '.join(unlisted)} staat niet in de tabel van pagina's (pages.py)")

    # Every page the site has, from the one table of pages; a kind of content that is empty has none.
    @freezer.register_generator
    def every_page():
        for page in PAGES:
            for values in page.urls(store):
                yield page.endpoint, values

    return freezer


def freeze_site(app: Flask, store: Store, destination: Path) -> list[str]:
    """Write every page and static file under destination; return the URLs written."""
    freezer = make_freezer(app, store, destination)
    # A kind of content may be empty (no domains, no pages, no schools): its endpoint then freezes nothing,
    # on purpose. Any other endpoint that freezes nothing is a forgotten generator: an error.
    may_be_empty = {page.endpoint: not page.exists(store) for page in PAGES}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("error", FrozenFlaskWarning)
        warnings.simplefilter("always", MissingURLGeneratorWarning)
        urls = sorted(freezer.freeze())
    for warning in caught:
        found = MISSING.search(str(warning.message))
        missing = set(found.group(1).split(", ")) if found else {str(warning.message)}
        unexpected = sorted(e for e in missing if not may_be_empty.get(e))
        if unexpected:
            raise BuildError(f"Bouwen mislukt: niets gemaakt voor {', '.join(unexpected)} (URL-generator vergeten?)")
    return urls
