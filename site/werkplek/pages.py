"""The one table of what the site is made of: every endpoint, the URL prefix it takes, when a site has it
and, for a page per item, which items. Freezing (freeze.py), the reserved names a content page may not
take (checks.py), the navigation (app.py's `has_page`) and the tests all read this table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .store import Store


def _always(store: Store) -> bool:
    return True


@dataclass(frozen=True)
class PageKind:
    """endpoint: the Flask endpoint in views.py; prefix: the first URL segment it lives under ('' for the
    start page, the page-per-id route and files at the root); exists: whether this site has it (a kind of
    content may be empty, and then its pages and the links to them are left out); items: for an endpoint
    with arguments, the URL values of each page."""

    endpoint: str
    prefix: str
    exists: Callable[[Store], bool] = _always
    items: Callable[[Store], Iterable[dict]] | None = None

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
    PageKind("pages.home", ""),
    PageKind("pages.roles", "rollen"),
    PageKind("pages.role", "rollen", _has("roles"), _each("roles", "role_id")),
    PageKind("pages.documents", "bronnen", _has("documents")),
    PageKind("pages.planning", "planning"),
    PageKind(
        "pages.planning_programme",
        "planning",
        lambda store: len(store.programmes()) > 1,
        _each("programmes", "programme_id"),
    ),
    PageKind("pages.hours", "inzet", lambda store: store.has_hours()),
    PageKind("pages.domains", "domeinen", _has("domains")),
    PageKind("pages.domain", "domeinen", _has("domains"), _each("domains", "domain_id")),
    PageKind("pages.forms", "formulieren", _has("forms")),
    PageKind("pages.received", "ontvangen", _has("forms")),
    PageKind("pages.form", "formulieren", _has("forms"), _each("forms", "form_id")),
    PageKind("pages.form_questions_file", "formulieren", _has("forms"), _each("forms", "form_id")),
    PageKind("pages.radar", "formulieren", _has("radars"), _each("radars", "radar_id")),
    PageKind("pages.track", "ontwikkeling", _has("tracks"), _each("tracks", "track_id")),
    PageKind("pages.visits", "lesbezoek", lambda store: store.has_visits()),
    PageKind("pages.students", "studenten", _has("forms")),
    PageKind("pages.dossier", "groeidossier", _has("forms")),
    PageKind("pages.reminders", "herinneringen"),
    PageKind("pages.schools", "school", _has("schools")),
    PageKind("pages.school", "school", _has("schools"), _each("schools", "school_id")),
    PageKind("pages.offline", "offline"),
    PageKind("pages.my_data", "mijn-gegevens"),
    PageKind("pages.manifest", ""),
    PageKind("pages.search", "zoeken"),
    PageKind("pages.search_index", "zoeken"),
    PageKind("pages.page", "", _has("pages"), _each("pages", "page_id")),
)
BY_ENDPOINT = {page.endpoint: page for page in PAGES}

# Top-level folders the build writes besides the pages: static files, calendars (calendars.py), and a
# name kept free for a service beside the site.
OTHER_FOLDERS = frozenset({"static", "agenda", "api"})


def reserved_names() -> frozenset[str]:
    """First URL segments a content page (pages/<id>.yml, published at <id>/) may not take."""
    return frozenset(page.prefix for page in PAGES if page.prefix) | OTHER_FOLDERS


def has_page(store: Store, endpoint: str) -> bool:
    """Whether this site has the page (for links to it)."""
    return BY_ENDPOINT[endpoint].exists(store)
