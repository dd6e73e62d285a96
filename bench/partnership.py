"""A generated partnership the size of a real one, from the shapes of a content tree (the default content).

    .venv/bin/python bench/partnership.py OUT [--programmes 4] [--roles 12] [--forms 44]

Writes a content tree to OUT: the source's programmes, copied until there are --programmes (each copy
with its own id, name and forms); the source's forms plus copies until there are --forms: every copied
programme names its own copy of each form it names (a partnership with more programmes has more forms,
each programme its own kijkwijzers and reports), and when that is not enough, a variant of a form of each
programme in turn, named wherever that form is; the source's roles plus copies of the role with the most tasks until
there are --roles. Everything else (domains, tracks, radars, schools, pages) is the source's. No id of the
source content stands here: the generator reads it. bench/weight.py builds the result.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict, schema: str) -> None:
    header = f"# yaml-language-server: $schema=../../schema/{schema}.json\n"
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


def named_forms(programme: dict) -> list[str]:
    """The forms a programme names (tasks, requirements, visits), in first-named order."""
    names: list[str] = []
    for period in programme.get("periods", []):
        for task in period.get("tasks", []):
            names += task.get("forms", [])
    for req in programme.get("requirements", []):
        names += req.get("forms", [])
    visits = programme.get("visits") or {}
    names += [*visits.get("forms", []), *visits.get("reports", [])]
    if visits.get("reflection"):
        names.append(visits["reflection"])
    return list(dict.fromkeys(names))


def rename_forms(programme: dict, renamed: dict[str, str]) -> None:
    def swap(ids: list[str]) -> list[str]:
        return [renamed.get(i, i) for i in ids]

    for period in programme.get("periods", []):
        for task in period.get("tasks", []):
            if task.get("forms"):
                task["forms"] = swap(task["forms"])
    for req in programme.get("requirements", []):
        req["forms"] = swap(req["forms"])
    visits = programme.get("visits")
    if visits:
        visits["forms"] = swap(visits.get("forms", []))
        visits["reports"] = swap(visits.get("reports", []))
        if visits.get("reflection"):
            visits["reflection"] = renamed.get(visits["reflection"], visits["reflection"])


def add_variant(programme: dict, form_id: str, new_id: str) -> None:
    """Name new_id wherever the programme names form_id (tasks, requirements, visits)."""
    for period in programme.get("periods", []):
        for task in period.get("tasks", []):
            if form_id in task.get("forms", []):
                task["forms"].append(new_id)
    for req in programme.get("requirements", []):
        if form_id in req["forms"]:
            req["forms"].append(new_id)
    visits = programme.get("visits")
    if visits:
        for key in ("forms", "reports"):
            if form_id in visits.get(key, []):
                visits[key].append(new_id)


def write_partnership(source: Path, target: Path, programmes: int = 4, roles: int = 12, forms: int = 44) -> dict:
    """Write the generated content tree; returns its counts."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    form_dir, programme_dir, role_dir = target / "forms", target / "programmes", target / "roles"
    form_ids = sorted(p.stem for p in form_dir.glob("*.yml"))
    sources = sorted(programme_dir.glob("*.yml"))
    count = len(form_ids)

    for index in range(len(sources), programmes):
        original = sources[index % len(sources)]
        data = copy.deepcopy(_read(original))
        number = index + 1
        data["name"] = f"{data['name']} (opleiding {number})"
        renamed: dict[str, str] = {}
        for form_id in named_forms(data):
            if count >= forms:
                break
            new_id = f"{form_id}-opleiding-{number}"
            form = _read(form_dir / f"{form_id}.yml")
            form["title"] = f"{form['title']} (opleiding {number})"
            _write(form_dir / f"{new_id}.yml", form, "form")
            renamed[form_id] = new_id
            count += 1
        rename_forms(data, renamed)
        _write(programme_dir / f"{original.stem}-opleiding-{number}.yml", data, "programme")

    # Still short: each programme in turn gets a variant of one of its forms (a second kijkwijzer beside the
    # first, named wherever the first is), so the forms spread over the programmes as in a real partnership.
    programme_files = sorted(programme_dir.glob("*.yml"))
    originals = {path: named_forms(_read(path)) for path in programme_files}
    variant = 0
    while count < forms:
        path = programme_files[variant % len(programme_files)]
        data = _read(path)
        named = originals[path]
        form_id = named[(variant // len(programme_files)) % len(named)]
        variant += 1
        new_id = f"{form_id}-variant-{variant}"
        form = _read(form_dir / f"{form_id}.yml")
        form["title"] = f"{form['title']} (variant {variant})"
        _write(form_dir / f"{new_id}.yml", form, "form")
        add_variant(data, form_id, new_id)
        _write(path, data, "programme")
        count += 1

    role_files = sorted(role_dir.glob("*.yml"))
    busiest = max(role_files, key=lambda p: len(_read(p).get("tasks", [])))
    for number in range(len(role_files) + 1, roles + 1):
        role = _read(busiest)
        role["name"] = f"{role['name']} {number}"
        if role.get("abbreviation"):
            role["abbreviation"] = f"{role['abbreviation']}{number}"
        _write(role_dir / f"{busiest.stem}-{number}.yml", role, "role")

    return {
        "programmes": len(list(programme_dir.glob("*.yml"))),
        "roles": len(list(role_dir.glob("*.yml"))),
        "forms": len(list(form_dir.glob("*.yml"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", type=Path, default=ROOT / "content")
    parser.add_argument("--programmes", type=int, default=4)
    parser.add_argument("--roles", type=int, default=12)
    parser.add_argument("--forms", type=int, default=44)
    args = parser.parse_args()
    counts = write_partnership(args.source, args.out, args.programmes, args.roles, args.forms)
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
