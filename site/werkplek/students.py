"""Who the students are and who has them, for "Mijn studenten" (studenten/) and the link to it on the start
page; read from content, never from names: the learner roles are the roles that plan lesson visits
(visits: planned_by) and whom the programmes' requirements are about; without either, every role a form is
about that another role fills in. A mentor role fills in a form about a learner role, or observes visits."""

from __future__ import annotations

from .store import Store


def learner_roles(store: Store) -> list[str]:
    """The role ids whose progress others follow (in id order)."""
    roles = {p["visits"]["planned_by"] for p in store.visit_programmes()}
    for programme in store.programmes():
        for req in store.requirements(programme["id"]):
            roles |= {f["about"] for f in req["form_docs"] if f.get("about")}
    if not roles:
        roles = {f["about"] for f in store.forms() if f.get("about") and set(f["filled_by"]) - {f["about"]}}
    return sorted(roles)


def learner_forms(store: Store) -> list[dict]:
    """The forms about a learner role, in title order."""
    learners = set(learner_roles(store))
    return [f for f in store.forms() if f.get("about") in learners]


def mentor_roles(store: Store) -> list[str]:
    """The roles that fill in forms about a learner, or observe lesson visits (in id order); never a learner role."""
    learners = set(learner_roles(store))
    roles = {r for f in learner_forms(store) for r in f["filled_by"]}
    roles |= {r for p in store.visit_programmes() for r in p["visits"]["observers"]}
    return sorted(roles - learners)


def student_requirements(store: Store, requirements: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Per programme the requirements (views.all_requirements) whose forms are about a learner role."""
    learners = set(learner_roles(store))
    return {pid: [r for r in reqs if learners & set(r["about"])] for pid, reqs in requirements.items()}
