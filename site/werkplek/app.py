"""create_app(store, static_dir, pwa_dir): the Flask app the build freezes and `werkplek serve` runs live."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from jinja2 import StrictUndefined

from .filters import FILTERS, dom_id, inline_js
from .pages import has_page
from .precache import asset_version
from .store import Store
from .urls import url
from .views import bp


def create_app(store: Store, static_dir: Path, pwa_dir: Path, push_url: str | None = None) -> Flask:
    app = Flask(
        "werkplek",
        static_folder=str(static_dir),
        static_url_path="/static",
        template_folder=str(Path(__file__).parent / "templates"),
    )
    app.extensions["werkplek_store"] = store
    assets = asset_version(static_dir)
    app.config["WERKPLEK_PWA_DIR"] = pwa_dir
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(
        url=url, dom_id=dom_id, inline_js=lambda files, then: inline_js(Path(static_dir), files, then)
    )

    @app.context_processor
    def site_context() -> dict[str, object]:
        return {
            "site": store.site(),
            "footer_pages": store.pages(),
            "domain_names": {d["id"]: d["name"] for d in store.domains()},
            "has_page": lambda endpoint: has_page(store, endpoint),
            "has_domains": has_page(store, "pages.domains"),
            "has_forms": has_page(store, "pages.forms"),
            "has_schools": has_page(store, "pages.schools"),
            "has_visits": has_page(store, "pages.visits"),
            "has_students": has_page(store, "pages.students"),
            "has_dossier": has_page(store, "pages.dossier"),
            "documents": {d["id"]: d for d in store.documents()},
            "form_titles": {f["id"]: f["title"] for f in store.forms()},
            "has_hours": has_page(store, "pages.hours"),
            "endpoint": request.endpoint,
            "asset_version": assets,
            "push_url": push_url or store.site()["push_url"],
        }

    app.register_blueprint(bp)
    return app
