"""Thin routes: fetch from the store, hand to a template. Every HTML URL ends in '/'."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, render_template

from .hours import calculator_data
from .store import Store

bp = Blueprint("pages", __name__)


def store() -> Store:
    return current_app.extensions["werkplek_store"]


def found(value):
    if value is None:
        abort(404)
    return value


@bp.route("/")
def home():
    return render_template(
        "home.html", programmes=store().programmes(), roles=store().roles(), groups=store().roles_by_group()
    )


@bp.route("/rollen/")
def roles():
    groups = store().roles_by_group()
    counts = {role["id"]: store().period_task_count(role["id"]) for _, roles in groups for role in roles}
    return render_template("roles.html", groups=groups, period_task_counts=counts)


@bp.route("/rollen/<role_id>/")
def role(role_id: str):
    return render_template(
        "role.html", role=found(store().role(role_id)), period_groups=store().role_period_tasks(role_id),
        hours=store().hours(role_id),
    )


@bp.route("/planning/")
def planning():
    return render_template("planning.html", programmes=store().programmes(), roles=store().roles())


@bp.route("/inzet/")
def hours():
    """The hours calculator; only when some role has hours (content/hours/)."""
    docs = found(store().hours_roles() or None)
    return render_template("hours.html", roles=docs, data=calculator_data(docs))


@bp.route("/domeinen/")
def domains():
    return render_template("domains.html", domains=store().domains())


@bp.route("/domeinen/<domain_id>/")
def domain(domain_id: str):
    return render_template(
        "domain.html", domain=found(store().domain(domain_id)), refs=store().domain_references(domain_id)
    )


@bp.route("/offline/")
def offline():
    return render_template("offline.html")


@bp.route("/mijn-gegevens/")
def my_data():
    known = {
        "keys": store().tick_keys(),
        "prefs": {
            "role": {r["id"]: r["name"] for r in store().roles()},
            "programme": {p["id"]: f'{p["name"]} {p["school_year"]}' for p in store().programmes()},
        },
    }
    return render_template("my_data.html", known=known)


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest: fixed fields from pwa/manifest.webmanifest, names from content/site.yml."""
    source = current_app.config["WERKPLEK_PWA_DIR"] / "manifest.webmanifest"
    data = json.loads(source.read_text(encoding="utf-8"))
    site = store().site()
    data.update(
        name=site["title"], short_name=site["short_name"], description=site["tagline"], theme_color=site["theme_color"]
    )
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return current_app.response_class(body, mimetype="application/manifest+json")


@bp.route("/<page_id>/")
def page(page_id: str):
    return render_template("page.html", page=found(store().page(page_id)))
