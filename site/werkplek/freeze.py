"""Freeze the Flask app into plain files with Frozen-Flask, strictly: any warning is an error."""

from __future__ import annotations

import warnings
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning

from .store import Store


def make_freezer(app: Flask, store: Store, destination: Path) -> Freezer:
    app.config.update(
        FREEZER_DESTINATION=str(destination),
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_REMOVE_EXTRA_FILES=True,
        FREEZER_IGNORE_404_NOT_FOUND=False,
        FREEZER_RELATIVE_URLS=False,
        PROPAGATE_EXCEPTIONS=True,  # a template error stops the build with its own message  # our own url() already writes relative URLs, without index.html
    )
    freezer = Freezer(app, with_static_files=True, with_no_argument_rules=True, log_url_for=True)

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
    def page():
        for doc in store.pages():
            yield "pages.page", {"page_id": doc["id"]}

    return freezer


def freeze_site(app: Flask, store: Store, destination: Path) -> list[str]:
    """Write every page and static file under destination; return the URLs written."""
    freezer = make_freezer(app, store, destination)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)
        return sorted(freezer.freeze())
