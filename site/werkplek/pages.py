"""The one table of what the site is made of: every endpoint, the URL prefix it takes, when a site has it,
for a page per item which items, and to which offline groups each page belongs. Freezing (freeze.py), the
reserved names a content page may not take (checks.py), the navigation (app.py's `has_page`), the service
worker's groups (precache.py) and the tests all read this table.

Offline groups: what a device keeps for offline use is sized for one user, not for the partnership.
`core` is cached on the first visit (the pages the navigation, the footer and the start page link for
everyone); `programme:<id>` and `role:<id>` once the device knows its user's programme and role (the start
page's "Wie ben je?"), and `programme:<id> role:<id>` for what needs both (a role's calendar in a
programme). A page in no group is cached when it is first opened, with what a page of its kind loads
(`page:<endpoint>`, precache.py). The groups come from the content: no id of it stands here. A new kind
of page says its groups here (the default is: when opened)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .store import Store


def _always(store: Store) -> bool:
    return True


CORE = "core"
Groups = frozenset[str]


def programme_group(programme_id: str) -> str:
    return f"programme:{programme_id}"


def role_group(role_id: str) -> str:
    return f"role:{role_id}"


def both_group(programme_id: str, role_id: str) -> str:
    """What only a user of this programme in this role needs (her calendar)."""
    return f"{programme_group(programme_id)} {role_group(role_id)}"


def page_group(endpoint: str) -> str:
    """What a page of this kind loads (its scripts, their modules): kept with a page opened once."""
    return f"page:{endpoint}"


def user_groups(programme_id: str | None, role_id: str | None) -> list[str]:
    """The groups one device keeps (sw.js computes the same from the profile the page tells it)."""
    groups = [CORE]
    if programme_id:
        groups.append(programme_group(programme_id))
    if role_id:
        groups.append(role_group(role_id))
    if programme_id and role_id:
        groups.append(both_group(programme_id, role_id))
    return groups


def _core(store: Store, values: dict) -> Groups:
    return frozenset({CORE})


def _on_demand(store: Store, values: dict) -> Groups:
    return frozenset()


def _receivers(form: dict) -> set[str]:
    """The roles an entry of this form is sent to: whom it is about (when someone else fills it in) or
    whom share_with names."""
    out = {form["share_with"]} if isinstance(form["share_with"], str) else set()
    if form["about"] and form["about"] not in form["filled_by"]:
        out.add(form["about"])
    return out


def form_groups(store: Store, form_id: str, questions: bool = False) -> Groups:
    """A form's page (questions=False) is for whoever fills it in or receives an entry of it (a received
    entry, once saved, opens there); its questions file (questions=True) only for whoever receives one
    (ontvangen/ reads it). A form a programme names belongs to that
    programme together with each such role: fillers and the roles whose task names it (the start page
    links it), the observers of a visit form and the planner of a report or reflection form; receivers:
    the planner of visits for an observer's form (she receives the answer), the observers for a report. A form no programme names
    belongs to those roles alone."""
    form = store.form(form_id)
    own = _receivers(form) | (set() if questions else set(form["filled_by"]))
    groups: set[str] = set()
    for programme in store.programmes():
        tasks = {
            task["role"] for period in programme["periods"] for task in period["tasks"] if form_id in task["forms"]
        }
        named = bool(tasks) or any(form_id in req["forms"] for req in programme.get("requirements", []))
        roles = set(own) | (set() if questions else tasks)
        visits = programme["visits"]
        if visits and form_id in visits["forms"]:
            named = True
            roles |= {visits["planned_by"]} | (set() if questions else set(visits["observers"]))
        if visits and form_id in visits["reports"]:  # the planner writes it and sends it to the observers
            named = True
            roles |= set(visits["observers"]) | (set() if questions else {visits["planned_by"]})
        if visits and form_id == visits.get("reflection"):
            named = True
            roles |= set() if questions else {visits["planned_by"]}
        if named:
            groups |= {both_group(programme["id"], role) for role in roles}
    return frozenset(groups) if groups else _roles(own)


def _form(store: Store, values: dict) -> Groups:
    return form_groups(store, values["form_id"])


def _questions(store: Store, values: dict) -> Groups:
    return form_groups(store, values["form_id"], questions=True)


def _radar(store: Store, values: dict) -> Groups:
    return frozenset().union(*(form_groups(store, s["form"]) for s in store.radar(values["radar_id"])["series"]))


def _roles(roles: Iterable[str]) -> Groups:
    return frozenset(role_group(r) for r in roles)


def _programme(store: Store, values: dict) -> Groups:
    return frozenset({programme_group(values["programme_id"])})


def _role(store: Store, values: dict) -> Groups:
    return frozenset({role_group(values["role_id"])})


def _domain(store: Store, values: dict) -> Groups:
    """A domain page belongs, in each programme, to the roles whose tasks name it: the start page links it
    beside the task. One only a period or the domain list names is two taps away: kept once opened."""
    refs = store.domain_references(values["domain_id"])
    return frozenset(both_group(task["programme"], task["role"]) for task in refs["period_tasks"])


def _track(store: Store, values: dict) -> Groups:
    """A track is for the roles of its audience (the start page shows its card only to them); one without an
    audience is for everyone."""
    audience = store.track(values["track_id"])["audience"]
    return _roles(audience) if audience else frozenset({CORE})


def visit_planner_groups(store: Store) -> Groups:
    """Who plans lesson visits, per programme with visits (the scanner for answers is hers: precache.py)."""
    return frozenset(both_group(p["id"], p["visits"]["planned_by"]) for p in store.visit_programmes())


def _received(store: Store, values: dict) -> Groups:
    """Opening a shared entry: the roles entries are sent to (whom a form is about or share_with names),
    and the planners of lesson visits (the answers come to them)."""
    return _roles(role for f in store.forms() for role in _receivers(f)) | visit_planner_groups(store)


@dataclass(frozen=True)
class PageKind:
    """endpoint: the Flask endpoint in views.py; prefix: the first URL segment it lives under ('' for the
    start page, the page-per-id route and files at the root); exists: whether this site has it (a kind of
    content may be empty, and then its pages and the links to them are left out); items: for an endpoint
    with arguments, the URL values of each page; groups: the offline groups of one page (see above), from
    the store and the page's URL values."""

    endpoint: str
    prefix: str
    exists: Callable[[Store], bool] = _always
    items: Callable[[Store], Iterable[dict]] | None = None
    groups: Callable[[Store, dict], Groups] = _on_demand

    def urls(self, store: Store) -> list[dict]:
        """The URL values to freeze: none when the site does not have it, one {} for a fixed page."""
        if not self.exists(store):
            return []
        return list(self.items(store)) if self.items else [{}]


def _each(kind: str, argument: str) -> Callable[[Store], Iterable[dict]]:
    return lambda store: ({argument: doc["id"]} for doc in getattr(store, kind)())


def _has(kind: str) -> Callable[[Store], bool]:
    return lambda store: bool(getattr(store, kind)())


PAGES: tuple[PageKind, ...] = (
    # Core: the start page, planning, forms list, mijn-gegevens, offline, and what the navigation, the footer
    # and the start page link for everyone; what only some roles use belongs to them.
    PageKind("pages.home", "", groups=_core),
    PageKind("pages.roles", "rollen", groups=_core),
    PageKind("pages.role", "rollen", _has("roles"), _each("roles", "role_id"), _role),
    PageKind("pages.documents", "bronnen", _has("documents"), groups=_core),
    PageKind("pages.planning", "planning", groups=_core),
    PageKind(
        "pages.planning_programme",
        "planning",
        lambda store: len(store.programmes()) > 1,
        _each("programmes", "programme_id"),
        _programme,
    ),
    PageKind("pages.hours", "inzet", lambda store: store.has_hours(), groups=_core),  # a start page card
    PageKind("pages.domains", "domeinen", _has("domains"), groups=_core),
    PageKind("pages.domain", "domeinen", _has("domains"), _each("domains", "domain_id"), _domain),
    PageKind("pages.forms", "formulieren", _has("forms"), groups=_core),
    PageKind("pages.received", "ontvangen", _has("forms"), groups=_received),
    PageKind("pages.form", "formulieren", _has("forms"), _each("forms", "form_id"), _form),
    PageKind("pages.form_questions_file", "formulieren", _has("forms"), _each("forms", "form_id"), _questions),
    PageKind("pages.radar", "formulieren", _has("radars"), _each("radars", "radar_id"), _radar),
    PageKind("pages.track", "ontwikkeling", _has("tracks"), _each("tracks", "track_id"), _track),  # a card
    PageKind("pages.visits", "lesbezoek", lambda store: store.has_visits(), groups=_core),  # in the footer
    PageKind("pages.students", "studenten", _has("forms"), groups=_core),  # in the footer
    PageKind("pages.dossier", "groeidossier", _has("forms"), groups=_core),  # a start page card
    PageKind("pages.reminders", "herinneringen", groups=_core),
    PageKind("pages.schools", "school", _has("schools"), groups=_core),
    PageKind("pages.school", "school", _has("schools"), _each("schools", "school_id")),  # opened from the list
    PageKind("pages.offline", "offline", groups=_core),
    PageKind("pages.my_data", "mijn-gegevens", groups=_core),
    PageKind("pages.manifest", "", groups=_core),
    PageKind("pages.search", "zoeken", groups=_core),
    PageKind("pages.search_index", "zoeken"),  # the whole partnership's text: cached at the first search
    PageKind("pages.page", "", _has("pages"), _each("pages", "page_id"), _core),  # every page is in the footer
)
BY_ENDPOINT = {page.endpoint: page for page in PAGES}

# Top-level folders the build writes besides the pages: static files, calendars (calendars.py), the
# offline groups' packs (precache.py), and a name kept free for a service beside the site.
OTHER_FOLDERS = frozenset({"static", "agenda", "packs", "api"})


def reserved_names() -> frozenset[str]:
    """First URL segments a content page (pages/<id>.yml, published at <id>/) may not take."""
    return frozenset(page.prefix for page in PAGES if page.prefix) | OTHER_FOLDERS


def has_page(store: Store, endpoint: str) -> bool:
    """Whether this site has the page (for links to it)."""
    return BY_ENDPOINT[endpoint].exists(store)
