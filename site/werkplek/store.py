"""The only TinyDB user: validated content goes in once, routes read it through this API.

Documents are plain dicts (model_dump), enriched with what every page needs: the item's id,
the key a tick is stored under on the device, and a period's first day. TinyDB finds a document
by doc_id in constant time; the store keeps the id -> doc_id maps and a few reverse indexes so
that every page costs the same however large the content is (the build stays linear).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from .hours import hours_document
from .loader import Content


def form_version(form: Any) -> str:
    """A hash of everything in a form: an entry records the version it was filled in with."""
    text = json.dumps(form.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def role_item_key(role_id: str, item_id: str) -> str:
    return f"rol:{role_id}:{item_id}"


def period_task_key(programme_id: str, period_id: str, task_id: str) -> str:
    return f"taak:{programme_id}:{period_id}:{task_id}"


class Store:
    def __init__(self, content: Content):
        self.db = TinyDB(storage=MemoryStorage)
        self._ids: dict[str, dict[str, int]] = defaultdict(dict)
        self._by_role: dict[str, list[int]] = defaultdict(list)
        self._tasks_by_domain: dict[str, list[int]] = defaultdict(list)
        self._items_by_domain: dict[str, list[int]] = defaultdict(list)
        self._periods_by_domain: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._fill(content)

    # -- writing, once -------------------------------------------------------------------
    def _fill(self, content: Content) -> None:
        """Collect every document first, then one insert_multiple per table: TinyDB rewrites a
        table on each insert, so inserting one by one would make the build quadratic."""
        tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if content.site is not None:
            tables["site"].append({"id": "site", **content.site.model_dump()})
        for document_id, document in content.documents.items():
            tables["documents"].append({"id": document_id, **document.model_dump()})
        for domain_id, domain in content.domains.items():
            tables["domains"].append({"id": domain_id, **domain.model_dump()})
        for page_id, page in content.pages.items():
            tables["pages"].append({"id": page_id, **page.model_dump()})
        for form_id, form in content.forms.items():
            tables["forms"].append({"id": form_id, "version": form_version(form), **form.model_dump()})
        for radar_id, radar in content.radars.items():
            tables["radars"].append({"id": radar_id, **radar.model_dump()})
        for school_id, school in content.schools.items():
            tables["schools"].append({"id": school_id, **school.model_dump()})
        for track_id, track in content.tracks.items():
            tables["tracks"].append({"id": track_id, **track.model_dump()})
        for role_id, role in content.roles.items():
            doc = {"id": role_id, **role.model_dump()}
            for field in ("tasks", "competences"):
                for item in doc[field]:
                    item["key"] = role_item_key(role_id, item["id"])
                    item["role"] = role_id
                    item["source"] = item["source"] or role.source  # the role's document unless the item names one
                    tables["role_items"].append({**item, "kind": field, "item_id": item["id"], "id": item["key"]})
            tables["roles"].append(doc)
        for programme_id, programme in content.programmes.items():
            doc = {"id": programme_id, **programme.model_dump()}
            for period_model, period in zip(programme.periods, doc["periods"], strict=True):
                period["start_date"] = period_model.start_date
                period["start_is_month"] = period_model.start_is_month
                period["programme"] = programme_id
                period["example_dates"] = programme.example_dates
                for domain in period["domains"]:
                    self._periods_by_domain[domain].append((programme_id, period["id"]))
                for task_model, task in zip(period_model.tasks, period["tasks"], strict=True):
                    task["key"] = period_task_key(programme_id, period["id"], task["id"])
                    task["due"] = task_model.due(period_model)  # from when/days; None: no date of its own
                    task["example_dates"] = programme.example_dates
                    task["source_own"] = task["source"] not in (None, programme.source)  # pages name it at the task
                    task["source"] = task["source"] or programme.source
                    tables["period_tasks"].append(
                        {
                            **task,
                            "task_id": task["id"],
                            "id": task["key"],
                            "programme": programme_id,
                            "period": period["id"],
                        }
                    )
            tables["programmes"].append(doc)
        for role_id in content.hours:
            tables["hours"].append(hours_document(content, role_id))

        for name, docs in tables.items():
            doc_ids = self.db.table(name).insert_multiple(docs)
            self._ids[name] = {doc["id"]: doc_id for doc, doc_id in zip(docs, doc_ids, strict=True)}
            for doc, doc_id in zip(docs, doc_ids, strict=True):
                if name == "period_tasks":
                    self._by_role[doc["role"]].append(doc_id)
                if name in ("period_tasks", "role_items"):
                    index = self._tasks_by_domain if name == "period_tasks" else self._items_by_domain
                    for domain in doc["domains"]:
                        index[domain].append(doc_id)

    # -- reading -------------------------------------------------------------------------
    def _get(self, table: str, item_id: str) -> Document | None:
        doc_id = self._ids[table].get(item_id)
        return None if doc_id is None else self.db.table(table).get(doc_id=doc_id)

    def _docs(self, table: str, doc_ids: list[int]) -> list[Document]:
        t = self.db.table(table)
        return [t.get(doc_id=i) for i in doc_ids]

    def documents(self) -> list[Document]:
        return sorted(self.db.table("documents").all(), key=lambda d: (d["order"], d["title"], d["id"]))

    def by_source(self, items: list[dict[str, Any]]) -> list[tuple[Document | None, list[dict[str, Any]]]]:
        """Items (role items or tasks, with their source resolved) grouped per source document, in the
        order of the documents; items without a source come last, under None."""
        groups: dict[str | None, list[dict[str, Any]]] = {}
        for item in items:
            groups.setdefault(item["source"], []).append(item)
        order = {d["id"]: i for i, d in enumerate(self.documents())}
        return [
            (self._get("documents", doc_id) if doc_id else None, members)
            for doc_id, members in sorted(groups.items(), key=lambda g: order.get(g[0], len(order)))
        ]

    def document_uses(self, document_id: str) -> dict[str, list[Any]]:
        """What in the app comes from a source document: per role the number of its items, the programmes
        (with their tasks from it), forms, hours, tracks and school portraits that name it."""
        roles = []
        for role in self.roles():
            count = sum(1 for field in ("tasks", "competences") for i in role[field] if i["source"] == document_id)
            if count:
                roles.append({"role": role, "count": count})
        tasks = [t for t in self.period_tasks() if t["source"] == document_id]
        programmes = [
            {
                "programme": p,
                "count": sum(1 for t in tasks if t["programme"] == p["id"]),
                "worked_out": sum(1 for t in tasks if t["programme"] == p["id"] and t["basis"] != "bron"),
            }
            for p in self.programmes()
            if p["source"] == document_id or any(t["programme"] == p["id"] for t in tasks)
        ]
        return {
            "roles": roles,
            "programmes": programmes,
            "forms": [f for f in self.forms() if f["source"] == document_id],
            "hours": [h for h in self.hours_roles() if h["source"] == document_id],
            "tracks": [t for t in self.tracks() if t["source"] == document_id],
            "schools": [s for s in self.schools() if s["source"] == document_id],
            "domains": [d for d in self.domains() if d["source"] == document_id],
        }

    def site(self) -> Document:
        return self._get("site", "site")

    def programmes(self) -> list[Document]:
        return sorted(self.db.table("programmes").all(), key=lambda p: p["id"])

    def programme(self, programme_id: str) -> Document | None:
        return self._get("programmes", programme_id)

    def period(self, programme_id: str, period_id: str) -> dict[str, Any] | None:
        programme = self.programme(programme_id)
        return next((p for p in programme["periods"] if p["id"] == period_id), None) if programme else None

    def roles(self) -> list[Document]:
        return sorted(self.db.table("roles").all(), key=lambda r: (r["order"], r["name"], r["id"]))

    def roles_by_group(self) -> list[tuple[dict[str, Any] | None, list[Document]]]:
        """(group, roles) in the order of role_groups in site.yml; roles without a group come last,
        under None. Groups without roles are left out."""
        roles = self.roles()
        out = [(g, [r for r in roles if r["group"] == g["id"]]) for g in self.site()["role_groups"]]
        out.append((None, [r for r in roles if r["group"] is None]))
        return [(group, members) for group, members in out if members]

    def tick_keys(self) -> list[str]:
        """Every key a tick can be stored under on the device (role items and period tasks)."""
        return sorted(doc["id"] for table in ("role_items", "period_tasks") for doc in self.db.table(table).all())

    def period_task_count(self, role_id: str) -> int:
        return len(self._by_role.get(role_id, []))

    def role(self, role_id: str) -> Document | None:
        return self._get("roles", role_id)

    def role_period_tasks(self, role_id: str) -> list[dict[str, Any]]:
        """The role's tasks in every programme, grouped by programme and period, in period order."""
        groups: dict[tuple[str, str], list[Document]] = {}
        for task in self._docs("period_tasks", self._by_role.get(role_id, [])):
            groups.setdefault((task["programme"], task["period"]), []).append(task)
        return [
            {"programme": self.programme(prog), "period": self.period(prog, per), "tasks": tasks}
            for (prog, per), tasks in groups.items()
        ]

    def domains(self) -> list[Document]:
        return sorted(self.db.table("domains").all(), key=lambda d: (d["order"], d["name"], d["id"]))

    def domain(self, domain_id: str) -> Document | None:
        return self._get("domains", domain_id)

    def domain_references(self, domain_id: str) -> dict[str, list[Any]]:
        """Where a domain applies: periods, period tasks and role checklist items that name it."""
        return {
            "periods": [
                {"programme": self.programme(prog), "period": self.period(prog, per)}
                for prog, per in self._periods_by_domain.get(domain_id, [])
            ],
            "period_tasks": [
                {
                    **task,
                    "role_doc": self.role(task["role"]),
                    "programme_doc": self.programme(task["programme"]),
                    "period_doc": self.period(task["programme"], task["period"]),
                }
                for task in self._docs("period_tasks", self._tasks_by_domain.get(domain_id, []))
            ],
            "role_items": [
                {**item, "role_doc": self.role(item["role"])}
                for item in self._docs("role_items", self._items_by_domain.get(domain_id, []))
            ],
        }

    def requirements(self, programme_id: str) -> list[dict[str, Any]]:
        """A programme's rules about forms, with their window as days and who fills the forms in."""
        programme = self.programme(programme_id)
        periods = {p["id"]: p for p in programme["periods"]}
        out = []
        for req in programme.get("requirements", []):
            start = (
                periods[req["from_period"]]["start_date"]
                if req["from_period"]
                else programme["periods"][0]["start_date"]
            )
            forms = [self.form(f) for f in req["forms"]]
            # who the rule is for: the role whose entries count (role:), else every role that fills the forms in
            roles = [req["role"]] if req["role"] else sorted({r for f in forms for r in f["filled_by"]})
            needed = req["count"] * (len(forms) if req["per"] == "each" else 1)
            out.append(
                {
                    **req,
                    "start": start,
                    "end": periods[req["by_period"]]["deadline"],
                    "form_docs": forms,
                    "roles": roles,
                    "needed": needed,
                }
            )
        return out

    def visit_programmes(self) -> list[Document]:
        """The programmes that declare lesson visits (visits:), in id order; the others have none."""
        return [p for p in self.programmes() if p["visits"] is not None]

    def has_visits(self) -> bool:
        return bool(self.visit_programmes())

    def visits(self, programme_id: str) -> dict[str, Any] | None:
        """A programme's lesson visits with their roles and forms as documents (None: it has no visits):
        planned_by (a role), observers (roles), forms (what an observer fills in), reports and reflection (the
        form the planner reflects with on what she received, or None)."""
        programme = self.programme(programme_id)
        if programme is None or programme["visits"] is None:
            return None
        visits = programme["visits"]
        return {
            "planned_by": self.role(visits["planned_by"]),
            "observers": [self.role(r) for r in visits["observers"]],
            "forms": [self.form(f) for f in visits["forms"]],
            "reports": [self.form(f) for f in visits["reports"]],
            "reflection": self.form(visits["reflection"]) if visits.get("reflection") else None,
        }

    def forms(self) -> list[Document]:
        return sorted(self.db.table("forms").all(), key=lambda f: (f["title"], f["id"]))

    def form(self, form_id: str) -> Document | None:
        return self._get("forms", form_id)

    def forms_by_role(self) -> list[tuple[Document, list[Document]]]:
        """(role, forms that role fills in) in role order; a form filled in by two roles is under both."""
        forms = self.forms()
        out = [(role, [f for f in forms if role["id"] in f["filled_by"]]) for role in self.roles()]
        return [(role, members) for role, members in out if members]

    def radars(self) -> list[Document]:
        return sorted(self.db.table("radars").all(), key=lambda r: (r["title"], r["id"]))

    def radar(self, radar_id: str) -> Document | None:
        return self._get("radars", radar_id)

    def radars_with_form(self, form_id: str) -> list[Document]:
        return [r for r in self.radars() if any(s["form"] == form_id for s in r["series"])]

    def hours(self, role_id: str) -> Document | None:
        return self._get("hours", role_id)

    def has_hours(self) -> bool:
        return bool(self._ids["hours"])

    def hours_roles(self) -> list[Document]:
        """The hours of every role that has them, in the order of the roles."""
        return [doc for role in self.roles() if (doc := self.hours(role["id"])) is not None]

    def tracks(self) -> list[Document]:
        return sorted(self.db.table("tracks").all(), key=lambda t: (t["title"], t["id"]))

    def track(self, track_id: str) -> Document | None:
        return self._get("tracks", track_id)

    def tracks_with_form(self, form_id: str) -> list[Document]:
        return [t for t in self.tracks() if form_id in t["forms"]]

    def pages(self) -> list[Document]:
        return sorted(self.db.table("pages").all(), key=lambda p: p["id"])

    def page(self, page_id: str) -> Document | None:
        return self._get("pages", page_id)

    def schools(self) -> list[Document]:
        return sorted(self.db.table("schools").all(), key=lambda s: (s["name"], s["id"]))

    def school(self, school_id: str) -> Document | None:
        return self._get("schools", school_id)

    def period_tasks(self) -> list[Document]:
        """Every period task of every programme, in programme and period order."""
        return self.db.table("period_tasks").all()

    def deadlines(self, programme_id: str, role_id: str | None = None) -> list[dict[str, Any]]:
        """Every dated thing of a programme (for one role, or all): the period deadlines and the
        tasks that fall due with them, in date order. Reminders and calendars read this."""
        programme = self.programme(programme_id)
        if programme is None:
            return []
        out: list[dict[str, Any]] = []
        for period in programme["periods"]:
            tasks = [t for t in period["tasks"] if role_id is None or t["role"] == role_id]
            out.append({"date": period["deadline"], "period": period["id"], "name": period["name"], "tasks": tasks})
        return sorted(out, key=lambda d: d["date"])
