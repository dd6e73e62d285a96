"""The search documents the build writes to zoeken/index.json; the browser indexes them with MiniSearch.

One document per thing a reader looks for: every role, its tasks and competences, every period task,
domain, form and form question, every text page, school portrait and source document. Each document says what it is (a Dutch label),
its title and text (both searched), where it belongs (shown, not searched) and where it lives: a URL
relative to the site root, with an anchor where the page has one for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .filters import dom_id
from .store import Store

# The kinds, as the results list shows them.
ROLE, TASK, COMPETENCE, DOMAIN, FORM, QUESTION, PAGE, SCHOOL, TRACK, WERKVORM, SOURCE = (
    "Rol",
    "Taak",
    "Bekwaamheid",
    "Domein",
    "Formulier",
    "Vraag",
    "Pagina",
    "School",
    "Traject",
    "Werkvorm",
    "Bron",
)


class Link(Protocol):
    """The URL of an endpoint relative to the site root ('rollen/wpb/'), with an optional anchor."""

    def __call__(self, endpoint: str, anchor: str | None = None, **values: str) -> str: ...


def _text(*parts: str | None, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def _doc(doc_id: str, kind: str, title: str, text: str, url: str, context: str | None = None) -> dict[str, str]:
    doc = {"id": doc_id, "kind": kind, "title": title, "text": text, "url": url}
    if context:
        doc["context"] = context
    return doc


def search_documents(store: Store, link: Link) -> list[dict[str, str]]:
    """Every search document, in a fixed order (so the build stays byte-identical)."""
    return list(_documents(store, link))


def _documents(store: Store, link: Link) -> Iterator[dict[str, str]]:
    roles = {role["id"]: role for role in store.roles()}
    for role in roles.values():
        url = link("pages.role", role_id=role["id"])
        name = role["name"] + (f" ({role['abbreviation']})" if role["abbreviation"] else "")
        yield _doc(f"rol:{role['id']}", ROLE, name, role["summary"], url)
        for field, kind in (("tasks", TASK), ("competences", COMPETENCE)):
            for item in role[field]:
                yield _doc(
                    item["key"],
                    kind,
                    item["text"],
                    _text(*item["details"], sep="; "),
                    link("pages.role", _checkbox_id(item["key"]), role_id=role["id"]),
                    role["name"],
                )

    programmes = {p["id"]: p for p in store.programmes()}
    for task in store.period_tasks():
        period = store.period(task["programme"], task["period"])
        context = f"{roles[task['role']]['name']} · {period['name']}"
        if len(programmes) > 1:
            context += f" · {programmes[task['programme']]['name']}"
        yield _doc(
            task["key"],
            TASK,
            task["title"],
            _text(task["text"]),
            link("pages.role", _checkbox_id(task["key"]), role_id=task["role"]),
            context,
        )

    for domain in store.domains():
        yield _doc(
            f"domein:{domain['id']}",
            DOMAIN,
            domain["name"],
            domain["description"],
            link("pages.domain", domain_id=domain["id"]),
        )

    for form in store.forms():
        yield _doc(
            f"formulier:{form['id']}", FORM, form["title"], form["summary"], link("pages.form", form_id=form["id"])
        )
        for section in form["sections"]:
            for item in section["items"]:
                yield _doc(
                    f"formulier:{form['id']}:{item['id']}",
                    QUESTION,
                    item["text"],
                    _text(item["hint"], _text(*item["examples"], sep="; ")),
                    link("pages.form", dom_id("vraag", item["id"]), form_id=form["id"]),
                    f"{form['title']} · {section['title']}",
                )

    for track in store.tracks():
        url = link("pages.track", track_id=track["id"])
        yield _doc(f"traject:{track['id']}", TRACK, track["title"], track["summary"], url)
        for werkvorm in track["werkvormen"]["items"]:
            text = _text(werkvorm["purpose"], _text(*(step["title"] for step in werkvorm["steps"]), sep="; "))
            yield _doc(
                f"werkvorm:{track['id']}:{werkvorm['id']}",
                WERKVORM,
                werkvorm["name"],
                text,
                link("pages.track", dom_id("werkvorm", werkvorm["id"]), track_id=track["id"]),
                track["title"],
            )

    for page in store.pages():
        text = _text(page["intro"], *(_section_text(s) for s in page["sections"]))
        yield _doc(f"pagina:{page['id']}", PAGE, page["title"], text, link("pages.page", page_id=page["id"]))

    for document in store.documents():
        yield _doc(
            f"bron:{document['id']}",
            SOURCE,
            document["title"],
            _text(document["short"], document["summary"]),
            link("pages.documents", dom_id("bron", document["id"])),
            document["publisher"],
        )

    for school in store.schools():
        text = _text(school["summary"], *(_section_text(s) for s in school["sections"]))
        yield _doc(
            f"school:{school['id']}",
            SCHOOL,
            school["name"],
            text,
            link("pages.school", school_id=school["id"]),
            school["place"],
        )


def _checkbox_id(key: str) -> str:
    """The id of an item's checkbox on its page (see the checklist macro in _macros.html)."""
    return dom_id("v", *key.split(":"))


def _section_text(section: dict[str, Any]) -> str:
    return _text(section["heading"] + ":", *section["paragraphs"], _text(*section["items"], sep="; "))


def root_link(url_for: Callable[..., str], script_root: str) -> Link:
    """A Link from Flask's url_for: its absolute path with the site root cut off."""

    def link(endpoint: str, anchor: str | None = None, **values: str) -> str:
        path = url_for(endpoint, **values)
        path = path[len(script_root) :] if script_root and path.startswith(script_root) else path
        return path.lstrip("/") + (f"#{anchor}" if anchor else "")

    return link
