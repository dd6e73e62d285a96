"""Freeze the Flask app into plain files with Frozen-Flask, strictly: any warning is an error."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning, MissingURLGeneratorWarning

from .errors import BuildError
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

    # The pages without arguments; a list page of an empty kind of content is left out.
    @freezer.register_generator
    def fixed_pages():
        for rule in app.url_map.iter_rules():
            if rule.arguments or rule.endpoint == "static":
                continue
            if (rule.endpoint == "pages.domains" and not store.domains()) or (
                rule.endpoint in ("pages.forms", "pages.received", "pages.answer_rules_file") and not store.forms()
            ) or (rule.endpoint == "pages.schools" and not store.schools()):
                continue
            if rule.endpoint == "pages.documents" and not store.documents():
                continue
            if rule.endpoint == "pages.hours" and not store.has_hours():
                continue
            yield rule.endpoint, {}

    # One generator per parameterised endpoint (tests check that none is missing).
    @freezer.register_generator
    def role():
        for doc in store.roles():
            yield "pages.role", {"role_id": doc["id"]}

    @freezer.register_generator
    def domain():
        for doc in store.domains():
            yield "pages.domain", {"domain_id": doc["id"]}

    @freezer.register_generator
    def form():
        for doc in store.forms():
            yield "pages.form", {"form_id": doc["id"]}

    @freezer.register_generator
    def radar():
        for doc in store.radars():
            yield "pages.radar", {"radar_id": doc["id"]}

    @freezer.register_generator
    def school():
        for doc in store.schools():
            yield "pages.school", {"school_id": doc["id"]}

    @freezer.register_generator
    def track():
        for doc in store.tracks():
            yield "pages.track", {"track_id": doc["id"]}

    @freezer.register_generator
    def page():
        for doc in store.pages():
            yield "pages.page", {"page_id": doc["id"]}

    return freezer


def freeze_site(app: Flask, store: Store, destination: Path) -> list[str]:
    """Write every page and static file under destination; return the URLs written."""
    freezer = make_freezer(app, store, destination)
    # A kind of content may be empty (no domains, no pages, no schools): its endpoint then freezes nothing,
    # on purpose. Any other endpoint that freezes nothing is a forgotten generator: an error.
    may_be_empty = {
        "pages.role": not store.roles(), "pages.domain": not store.domains(), "pages.domains": not store.domains(),
        "pages.page": not store.pages(), "pages.forms": not store.forms(), "pages.form": not store.forms(),
        "pages.received": not store.forms(),
        "pages.radar": not store.radars(), "pages.hours": not store.has_hours(),
        "pages.schools": not store.schools(),
        "pages.school": not store.schools(),
        "pages.track": not store.tracks(),
        "pages.documents": not store.documents(),
        "pages.answer_rules_file": not store.forms(),
    }
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
