"""Rules that span fields or files: unique ids, references that must exist, dates in order."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import Problem
from .loader import Content

# Top-level paths the app itself uses; a content page may not take one of them.
RESERVED_PAGE_IDS = frozenset({
    "static", "rollen", "planning", "domeinen", "formulieren", "mijn-gegevens",
    "herinneringen", "inzet", "zoeken", "school", "offline", "api",
})


def _duplicates(path: str, located_ids: Iterable[tuple[str, str]]) -> list[Problem]:
    """(loc, id) pairs -> a problem for every id that was seen before, naming where."""
    seen: dict[str, str] = {}
    problems = []
    for loc, item_id in located_ids:
        if item_id in seen:
            problems.append(Problem(path, f"{loc}.id", f"dubbele id '{item_id}' (ook bij {seen[item_id]})"))
        else:
            seen[item_id] = loc
    return problems


def _domain_refs(content: Content, path: str, loc: str, domains: list[str]) -> list[Problem]:
    return [
        Problem(path, f"{loc}.domains[{i}]", f"onbekend begeleidingsdomein '{d}' (geen content/domains/{d}.yml)")
        for i, d in enumerate(domains)
        if not content.exists("domains", d)
    ]


def check_content(content: Content) -> list[Problem]:
    problems: list[Problem] = []

    groups = [g.id for g in content.site.role_groups] if content.site else []
    if content.site:
        problems += _duplicates(content.path_of("site", "site"),
                                ((f"role_groups[{i}]", g) for i, g in enumerate(groups)))
    for role_id, role in content.roles.items():
        path = content.path_of("roles", role_id)
        if content.site and role.group is not None and role.group not in groups:
            known = ", ".join(groups) or "er zijn geen groepen"
            problems.append(Problem(
                path, "group", f"onbekende groep '{role.group}' (niet in role_groups van site.yml: {known})"
            ))
        located = [(f"{field}[{i}]", item) for field in ("tasks", "competences")
                   for i, item in enumerate(getattr(role, field))]
        problems += _duplicates(path, ((loc, item.id) for loc, item in located))
        for loc, item in located:
            problems += _domain_refs(content, path, loc, item.domains)

    for programme_id, programme in content.programmes.items():
        path = content.path_of("programmes", programme_id)
        problems += _duplicates(path, ((f"periods[{i}]", p.id) for i, p in enumerate(programme.periods)))
        previous = None
        for p_index, period in enumerate(programme.periods):
            loc = f"periods[{p_index}]"
            if period.deadline < period.start_date:
                problems.append(Problem(path, f"{loc}.deadline", "de deadline ligt vóór de start van de periode"))
            if previous is not None and period.deadline <= previous.deadline:
                problems.append(Problem(
                    path, f"{loc}.deadline",
                    f"perioden staan op volgorde van deadline; deze ligt niet na die van '{previous.id}'",
                ))
            previous = period
            problems += _domain_refs(content, path, loc, period.domains)
            problems += _duplicates(path, ((f"{loc}.tasks[{i}]", t.id) for i, t in enumerate(period.tasks)))
            for t_index, task in enumerate(period.tasks):
                t_loc = f"{loc}.tasks[{t_index}]"
                if not content.exists("roles", task.role):
                    problems.append(Problem(
                        path, f"{t_loc}.role", f"onbekende rol '{task.role}' (geen content/roles/{task.role}.yml)"
                    ))
                problems += _domain_refs(content, path, t_loc, task.domains)

    for page_id in content.pages:
        if page_id in RESERVED_PAGE_IDS:
            problems.append(Problem(
                content.path_of("pages", page_id), "",
                f"de naam '{page_id}' is al in gebruik door de app; kies een andere bestandsnaam",
            ))

    if not content.roles and not content.failed:
        problems.append(Problem("content/roles/", "", "er is geen enkele rol; voeg minstens één rol toe"))
    if not content.programmes and not content.failed:
        problems.append(Problem("content/programmes/", "", "er is geen enkel programma; voeg er minstens één toe"))
    return problems
