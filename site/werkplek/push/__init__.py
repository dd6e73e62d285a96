"""The push service: deadline reminders as Web Push, separate from the static site.

It imports nothing of the build but the content loader (`werkplek.pipeline.load`). Modules:
`api` (Flask app), `sender` (send-due), `reminders` (what is due, texts, payload), `store` (TinyDB files),
`keys` (VAPID), `netguard` (no SSRF), `cli` (`werkplek push …`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from flask import Flask

    from .api import Limits

__all__ = ["create_push_app", "create_push_app_from_env"]


def create_push_app(
    data_dir: Path, content_dir: Path, allow_origins: Iterable[str] = (), limits: Limits | None = None
) -> Flask:
    """The push service's Flask app (see `api.create_push_app`); imported lazily so that `werkplek`
    commands that do not push stay quick to start."""
    from .api import create_push_app as create

    return create(data_dir, content_dir, allow_origins, limits)


def create_push_app_from_env() -> Flask:
    """For a WSGI server (waitress-serve --call, gunicorn): settings from the environment.

    WERKPLEK_PUSH_DATA      data folder (keys, subscriptions, ledger)
    WERKPLEK_PUSH_CONTENT   content folder (the same YAML as the site)
    WERKPLEK_PUSH_ORIGINS   allowed sites, separated by spaces or commas
    WERKPLEK_PUSH_LIMIT_CLIENT  subscribes/unsubscribes per minute per client address (default 60; 0: off)
    WERKPLEK_PUSH_LIMIT_TOTAL   the same for the whole service (default 600; 0: off)
    WERKPLEK_PUSH_PROXIES   reverse proxies in front that set X-Forwarded-For (default 0)
    """
    from .api import Limits

    origins = os.environ.get("WERKPLEK_PUSH_ORIGINS", "").replace(",", " ").split()
    return create_push_app(
        Path(os.environ.get("WERKPLEK_PUSH_DATA", "push-data")),
        Path(os.environ.get("WERKPLEK_PUSH_CONTENT", "content")),
        origins,
        Limits.from_env(),
    )
