"""Thin routes: fetch from the store, hand to a template. Every HTML URL ends in '/'."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, render_template, request, url_for

from .answers import form_questions
from .filters import in_sentence, iso
from .hours import calculator_data
from .search import root_link, search_documents
from .store import Store
from .students import learner_forms, learner_roles, mentor_roles, student_requirements
from .urls import url
from .visits import visit_settings

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
        "home.html",
        programmes=store().programmes(),
        roles=store().roles(),
        groups=store().roles_by_group(),
        requirements=all_requirements(),
        tracks=store().tracks(),
        mentor_roles=mentor_roles(store()),
    )


def all_requirements() -> dict:
    """Per programme its requirements, each with whom its forms are about (`about`: who sees her own
    progress; the roles that fill them in see it per student) and where each form names the people (`fills`)."""
    out = {}
    for programme in store().programmes():
        reqs = []
        for req in store().requirements(programme["id"]):
            about = sorted({f["about"] for f in req["form_docs"] if f.get("about")})
            fills = {f["id"]: {i["fills"]: i["id"] for i in f["metadata"] if i.get("fills")} for f in req["form_docs"]}
            personal = [f["id"] for f in req["form_docs"] if f.get("about")]
            reqs.append(
                {
                    **req,
                    "roles": sorted(set(req["roles"]) | set(about)),
                    "about": about,
                    "fills": fills,
                    "personal": personal,
                }
            )
        out[programme["id"]] = reqs
    return out


@bp.route("/rollen/")
def roles():
    groups = store().roles_by_group()
    counts = {role["id"]: store().period_task_count(role["id"]) for _, roles in groups for role in roles}
    return render_template("roles.html", groups=groups, period_task_counts=counts)


@bp.route("/rollen/<role_id>/")
def role(role_id: str):
    doc = found(store().role(role_id))
    return render_template(
        "role.html",
        role=doc,
        period_groups=store().role_period_tasks(role_id),
        hours=store().hours(role_id),
        tasks=store().by_source(doc["tasks"]),
        competences=store().by_source(doc["competences"]),
    )


@bp.route("/bronnen/")
def documents():
    """The source documents, each with what in the app comes from it; only when content has them."""
    docs = found(store().documents() or None)
    return render_template("documents.html", documents=[(d, store().document_uses(d["id"])) for d in docs])


@bp.route("/planning/")
def planning():
    """One programme: its planning. Several: the list of programmes (planning.js forwards to the one chosen on
    the start page); each has its own page, planning/<programme>/."""
    programmes = store().programmes()
    if len(programmes) > 1:
        return render_template("planning.html", programmes=programmes, index=True, programme_page=False)
    return _planning_of(programmes[0])


@bp.route("/planning/<programme_id>/")
def planning_programme(programme_id: str):
    if len(store().programmes()) < 2:
        abort(404)  # one programme: planning/ is its planning
    return _planning_of(found(store().programme(programme_id)))


def _planning_of(programme: dict):
    # To the templates a programme's planning is the planning page (endpoint: its controller in main.js, the
    # current item in the navigation); programme_page says whether its URL names the programme.
    return render_template(
        "planning.html",
        endpoint="pages.planning",
        programme_page=request.endpoint == "pages.planning_programme",
        programmes=[programme],
        index=False,
        roles=[
            r for r in store().roles() if any(t["role"] == r["id"] for p in programme["periods"] for t in p["tasks"])
        ],
        requirements=all_requirements(),
        calendars={c["programme"]["id"]: c for c in calendars()},
    )


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


def form_info() -> dict:
    """Per form what a script needs to list or open its entries: title, URL (relative to this page) and
    the metadata item that names who the entry is about."""
    return {
        f["id"]: {
            "title": f["title"],
            "href": url("pages.form", form_id=f["id"]),
            "questions": url("pages.form_questions_file", form_id=f["id"]),
            "about": f["metadata"][0]["id"] if f["metadata"] else None,
            # which metadata items the app fills in itself (people.js reads the names of old entries there)
            "fills": {item["fills"]: item["id"] for item in f["metadata"] if item.get("fills")},
        }
        for f in store().forms()
    }


@bp.route("/formulieren/")
def forms():
    return render_template("forms.html", groups=store().forms_by_role(), radars=store().radars(), form_info=form_info())


@bp.route("/ontvangen/")
def received():
    """A shared entry: it travels in the fragment (#d1.… or #e1.…), which never reaches a server; the
    page's script reads it, checks it against these forms and shows it with the form page's questions."""
    return render_template("received.html", form_info=form_info())


@bp.route("/lesbezoek/")
def visits():
    """Lesson visits: planned, invited and answered on the devices (static/js/pages/visits.js). The page
    carries what its script needs (werkplek.visits), so it works offline as one file."""
    programmes = [{"programme": p, **store().visits(p["id"])} for p in store().visit_programmes()]
    info = {**visit_settings(store()), "forms": form_info(), "received": url("pages.received")}
    return render_template("visits.html", visit_programmes=programmes, visit_info=info)


@bp.route("/studenten/")
def students():
    """Mijn studenten: per student on this device her visits, entries and requirement progress
    (static/js/pages/students.js). The page carries the forms about a student and the requirements."""
    forms = form_info()
    info = {
        "forms": {
            f["id"]: {key: forms[f["id"]][key] for key in ("title", "href", "fills")} for f in learner_forms(store())
        },
        "learners": learner_roles(store()),
        "programmes": [p["id"] for p in store().programmes()],
    }
    return render_template(
        "students.html",
        programmes=store().programmes(),
        requirements=student_requirements(store(), all_requirements()),
        learners=info["learners"],
        students_info=info,
    )


@bp.route("/groeidossier/")
def dossier():
    """The groeidossier: per period of the programme, the visits, received entries, own reports and reflections
    on this device, and the requirements (static/js/pages/dossier.js). The page carries the periods and forms."""
    return render_template(
        "dossier.html", programmes=store().programmes(), requirements=all_requirements(), dossier_info=dossier_info()
    )


def dossier_info() -> dict:
    """What the dossier's script needs: per form whom it is about and who fills it in (who has it in a dossier),
    per programme its periods (ISO days), the role names, and the roles a dossier is for (those forms are about)."""
    info = form_info()
    forms = {f["id"]: {**info[f["id"]], "about_role": f["about"], "filled_by": f["filled_by"]} for f in store().forms()}
    programmes = {
        p["id"]: {
            "periods": [
                {
                    "id": per["id"],
                    "name": per["name"],
                    "start": iso(per["start_date"]),
                    "deadline": iso(per["deadline"]),
                }
                for per in p["periods"]
            ]
        }
        for p in store().programmes()
    }
    return {
        "forms": forms,
        "programmes": programmes,
        "roles": {r["id"]: r["name"] for r in store().roles()},
        "for_roles": sorted({f["about"] for f in store().forms() if f["about"]}),
    }


@bp.route("/formulieren/<form_id>/vragen.json")
def form_questions_file(form_id: str):
    """One form's questions and what each accepts (werkplek.answers): ontvangen/ reads this, not the page."""
    body = json.dumps(form_questions(found(store().form(form_id))), ensure_ascii=False, separators=(",", ":")) + "\n"
    return current_app.response_class(body, mimetype="application/json")


@bp.route("/formulieren/<form_id>/")
def form(form_id: str):
    doc = found(store().form(form_id))
    roles = {role["id"]: role for role in store().roles()}
    recipient = share_recipient(doc)
    return render_template(
        "form.html",
        form=doc,
        filled_by=["de " + role_phrase(roles[r], abbreviation=True) for r in doc["filled_by"]],
        about="de " + role_phrase(roles[doc["about"]], abbreviation=True) if doc["about"] else None,
        share_to=role_phrase(roles[recipient]) if recipient else None,
        share_own=recipient is False,
        radars=store().radars_with_form(form_id),
        tracks=store().tracks_with_form(form_id),
        concepts_shown=CONCEPTS_SHOWN,
        visit_form=visit_form(form_id),
        reflections=reflections_for(doc),
    )


def visit_form(form_id: str) -> bool:
    """Whether a lesson visit can hold this form (an observer's form or a report, in some programme's
    `visits:`): only then does its page carry what answers and visits need."""
    for programme in store().visit_programmes():
        visits = programme["visits"]
        if form_id in visits["forms"] or form_id in visits["reports"] or form_id == visits.get("reflection"):
            return True
    return False


def reflections_for(form: dict) -> list[dict]:
    """Per programme with a reflection form (visits.reflection) whose planner this form is about: that form, for
    "Schrijf je reflectie" beside a received entry of this form; never the reflection form itself."""
    out = []
    for programme in store().visit_programmes():
        visits = store().visits(programme["id"])
        reflection = visits["reflection"]
        if reflection and reflection["id"] != form["id"] and form["about"] == visits["planned_by"]["id"]:
            out.append({"programme": programme["id"], "form": reflection})
    return out


CONCEPTS_SHOWN = (
    3  # "Verder met je concept" lists the newest three (static/js/ui/concepts.js too); the rest on formulieren/
)


def role_phrase(role: dict, abbreviation: bool = False) -> str:
    """'schoolopleider', or with abbreviation 'werkplekbegeleider (WPB)': a role's name inside a sentence
    (its first letter in lower case, abbreviations kept in capitals)."""
    name = in_sentence(role["name"])
    if abbreviation and role["abbreviation"] and role["abbreviation"] not in name:
        name += f" ({role['abbreviation']})"
    return name


def share_recipient(form: dict) -> str | bool | None:
    """To whom an entry of this form usually goes: a role id; False when it is the filler's own (a
    zelfscan); None when no one in particular. Content says it with share_with; without it, the role the
    form is about when that role does not fill it in itself."""
    if form["share_with"] is not None:
        return form["share_with"]
    about = form["about"]
    if about is None:
        return None
    if about not in form["filled_by"]:
        return about
    return False if form["filled_by"] == [about] else None


@bp.route("/formulieren/radar/<radar_id>/")
def radar(radar_id: str):
    doc = found(store().radar(radar_id))
    forms = {s["form"]: store().form(s["form"]) for s in doc["series"]}
    return render_template("radar.html", radar=doc, forms=forms, radar_data=radar_data(doc, forms))


def radar_data(radar, forms) -> dict:
    """What the radar page's script needs: per axis and series, the items whose average it shows."""
    items = {
        form_id: {s["id"]: [i["id"] for i in s["items"] if i["kind"] == "scale"] for s in form["sections"]}
        for form_id, form in forms.items()
    }
    points = {
        form_id: max((len(sc["labels"]) for sc in form["scales"].values()), default=0)
        for form_id, form in forms.items()
    }
    return {
        "series": [s["form"] for s in radar["series"]],
        "points": points,
        "axes": [
            {"id": a["id"], "label": a["label"], "items": {f: items[f][sec] for f, sec in a["sections"].items()}}
            for a in radar["axes"]
        ],
    }


@bp.route("/ontwikkeling/<track_id>/")
def track(track_id: str):
    doc = found(store().track(track_id))
    werkvormen = {w["id"]: w for w in doc["werkvormen"]["items"]}
    return render_template(
        "track.html",
        track=doc,
        forms=[store().form(f) for f in doc["forms"]],
        audience=[store().role(r) for r in doc["audience"]],
        timing={w["id"]: werkvorm_timing(w, werkvormen) for w in werkvormen.values()},
    )


def werkvorm_timing(werkvorm: dict, werkvormen: dict[str, dict]) -> dict:
    """The werkvorm's stated minutes and, when all its steps have minutes, what they add up to
    (a (low, high) pair: a step may give a margin). The page shows both when they differ."""
    steps = werkvormen[werkvorm["steps_from"]]["steps"] if werkvorm["steps_from"] else werkvorm["steps"]
    stated = (werkvorm["minutes"], werkvorm["minutes_up_to"] or werkvorm["minutes"]) if werkvorm["minutes"] else None
    summed = None
    if steps and all(s["minutes"] for s in steps):
        summed = (sum(s["minutes"] for s in steps), sum(s["minutes_up_to"] or s["minutes"] for s in steps))
    return {"stated": stated, "steps": summed, "differs": summed is not None and summed != stated}


@bp.route("/herinneringen/")
def reminders():
    programmes = store().programmes()
    return render_template("reminders.html", programmes=programmes, roles=store().roles(), calendars=calendars())


def calendars() -> list[dict]:
    """Per programme, the roles with tasks in it: each has a calendar file (calendars.py writes them)."""
    return [
        {
            "programme": p,
            "roles": [store().role(r) for r in sorted({t["role"] for per in p["periods"] for t in per["tasks"]})],
        }
        for p in store().programmes()
    ]


@bp.route("/school/")
def schools():
    return render_template("schools.html", schools=store().schools())


@bp.route("/school/<school_id>/")
def school(school_id: str):
    return render_template("school.html", school=found(store().school(school_id)))


@bp.route("/offline/")
def offline():
    return render_template("offline.html")


@bp.route("/mijn-gegevens/")
def my_data():
    known = {
        "keys": store().tick_keys(),
        "forms": [f["id"] for f in store().forms()],
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


@bp.route("/zoeken/")
def search():
    return render_template("search.html", has_forms=bool(store().forms()))


@bp.route("/zoeken/index.json")
def search_index():
    """The search documents (werkplek.search), frozen like the manifest, so the worker precaches them."""
    docs = search_documents(store(), root_link(url_for, request.script_root))
    body = json.dumps(docs, ensure_ascii=False, separators=(",", ":")) + "\n"
    return current_app.response_class(body, mimetype="application/json")


@bp.route("/<page_id>/")
def page(page_id: str):
    return render_template("page.html", page=found(store().page(page_id)))
