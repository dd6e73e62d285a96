"""Rules that span fields or files: unique ids, references that must exist, dates in order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import Problem
from .icons import colour_problems, logo_problems
from .loader import Content
from .pages import reserved_names
from .schema import FILLS, Form, Hours, Programme, Radar, Track, Visits
from .schema.programme import Period, PeriodTask
from .sources import display_path

# Top-level paths the app itself uses (the table of pages); a content page may not take one of them.
RESERVED_PAGE_IDS = reserved_names()


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


def _role_ref(content: Content, path: str, loc: str, role_id: str) -> list[Problem]:
    if content.exists("roles", role_id):
        return []
    return [Problem(path, loc, f"onbekende rol '{role_id}' (geen content/roles/{role_id}.yml)")]


def _source_ref(content: Content, path: str, loc: str, document_id: str | None) -> list[Problem]:
    if document_id is None or content.exists("documents", document_id):
        return []
    known = ", ".join(content.documents) or "er zijn er geen; maak content/documents/<id>.yml"
    return [Problem(path, loc, f"onbekend brondocument '{document_id}' (brondocumenten: {known})")]


def _basis(path: str, loc: str, basis: str, note: str | None) -> list[Problem]:
    if basis == "bron" and note is not None:
        return [
            Problem(
                path,
                f"{loc}.basis_note",
                "basis_note hoort bij basis: uitwerking of afspraak; laat hem weg of kies een van die",
            )
        ]
    if basis != "bron" and note is None:
        what = "wat de bron zelf zegt" if basis == "uitwerking" else "wat de school heeft afgesproken"
        return [Problem(path, f"{loc}.basis_note", f"verplicht bij basis: {basis}; schrijf {what}")]
    return []


def _form_refs(content: Content, path: str, loc: str, forms: list[str], field: str = "forms") -> list[Problem]:
    return [
        Problem(path, f"{loc}.{field}[{i}]", f"onbekend formulier '{f}' (geen content/forms/{f}.yml)")
        for i, f in enumerate(forms)
        if not content.exists("forms", f)
    ]


KIND_WORDS = {"text": "een tekstveld (kind: text)", "date": "een datumveld (kind: date)"}


def _fills(path: str, form: Form) -> list[Problem]:
    """What the app fills in itself (fills:): at most one metadata item per value, of the kind it needs."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(form.metadata):
        if item.fills is None:
            continue
        loc = f"metadata[{i}]"
        if item.fills in seen:
            problems.append(
                Problem(
                    path,
                    f"{loc}.fills",
                    f"dubbele fills '{item.fills}' (ook bij {seen[item.fills]}); hoogstens één veld per waarde",
                )
            )
        else:
            seen[item.fills] = loc
        needed = FILLS[item.fills]
        if item.kind != needed:
            problems.append(
                Problem(
                    path,
                    f"{loc}.fills",
                    f"fills '{item.fills}' hoort bij {KIND_WORDS[needed]}, niet bij kind: {item.kind}",
                )
            )
    return problems


def check_form(content: Content, form_id: str, form: Form) -> list[Problem]:
    """Roles and domains exist, every scale item names a scale of the form, ids are unique
    (an answer is stored under its item id, across metadata and all sections)."""
    path = content.path_of("forms", form_id)
    problems: list[Problem] = _source_ref(content, path, "source", form.source)
    for i, role_id in enumerate(form.filled_by):
        problems += _role_ref(content, path, f"filled_by[{i}]", role_id)
    if form.about is not None:
        problems += _role_ref(content, path, "about", form.about)
    if isinstance(form.share_with, str):
        problems += _role_ref(content, path, "share_with", form.share_with)
    problems += [  # _domain_refs names a nested field (tasks[0].domains[1]); these are top-level
        Problem(path, f"domains[{i}]", f"onbekend begeleidingsdomein '{d}' (geen content/domains/{d}.yml)")
        for i, d in enumerate(form.domains)
        if not content.exists("domains", d)
    ]
    located = [(f"metadata[{i}]", item) for i, item in enumerate(form.metadata)]
    located += [
        (f"sections[{s}].items[{i}]", item)
        for s, section in enumerate(form.sections)
        for i, item in enumerate(section.items)
    ]
    problems += _duplicates(path, ((loc, item.id) for loc, item in located))
    problems += _duplicates(path, ((f"sections[{s}]", section.id) for s, section in enumerate(form.sections)))
    problems += _fills(path, form)
    known_scales = ", ".join(form.scales) or "geen; voeg ze toe onder scales"
    for loc, item in located:
        if item.kind == "scale" and item.scale not in form.scales:
            problems.append(
                Problem(
                    path, f"{loc}.scale", f"onbekende schaal '{item.scale}' (schalen in dit formulier: {known_scales})"
                )
            )
        if item.kind == "choice":
            seen: set[str] = set()
            for o_index, option in enumerate(item.options):
                if option in seen:
                    problems.append(Problem(path, f"{loc}.options[{o_index}]", f"dubbele keuze '{option}'"))
                seen.add(option)
    problems += _school_page(path, form)
    return problems


def _school_page(path: str, form: Form) -> list[Problem]:
    """school_page names questions of this form, and the form has a metadata field for the school's name."""
    page = form.school_page
    if page is None:
        return []
    items = {item.id for section in form.sections for item in section.items}
    parts = {section.id for section in form.sections}
    problems = [
        Problem(path, f"school_page.{field}", f"onbekende vraag '{value}' (geen vraag met dit id in dit formulier)")
        for field in ("place", "summary")
        if (value := getattr(page, field)) is not None and value not in items
    ]
    problems += [
        Problem(path, f"school_page.leave_out[{i}]", f"onbekende vraag of onbekend deel '{value}' in dit formulier")
        for i, value in enumerate(page.leave_out)
        if value not in items | parts
    ]
    if not any(m.fills == "school" for m in form.metadata):
        problems.append(
            Problem(
                path, "school_page", "een schoolportret heeft een veld met fills: school nodig (de naam van de school)"
            )
        )
    return problems


def check_radar(content: Content, radar_id: str, radar: Radar) -> list[Problem]:
    """Every series is an existing form; every axis names, for every series form, a section of that
    form with scale items; all those scales have the same number of points; axis ids are unique."""
    path = content.path_of("radars", radar_id)
    problems: list[Problem] = []
    series_forms: dict[str, Form | None] = {}
    for i, series in enumerate(radar.series):
        if series.form in series_forms:
            problems.append(Problem(path, f"series[{i}].form", f"het formulier '{series.form}' staat al in series"))
        elif not content.exists("forms", series.form):
            problems.append(
                Problem(
                    path,
                    f"series[{i}].form",
                    f"onbekend formulier '{series.form}' (geen content/forms/{series.form}.yml)",
                )
            )
        series_forms.setdefault(series.form, content.forms.get(series.form))
    problems += _duplicates(path, ((f"axes[{i}]", axis.id) for i, axis in enumerate(radar.axes)))

    points: dict[int, str] = {}  # number of points -> the first "form: scale" that has it
    for a_index, axis in enumerate(radar.axes):
        loc = f"axes[{a_index}].sections"
        for form_id in series_forms:
            if form_id not in axis.sections:
                problems.append(Problem(path, loc, f"geen sectie voor formulier '{form_id}' (dat staat in series)"))
        for form_id, section_id in axis.sections.items():
            if form_id not in series_forms:
                problems.append(
                    Problem(path, f"{loc}.{form_id}", f"het formulier '{form_id}' staat niet in series van deze radar")
                )
                continue
            form = series_forms[form_id]
            if form is None:  # unknown or invalid form: reported above or in its own file
                continue
            section = next((s for s in form.sections if s.id == section_id), None)
            if section is None:
                known = ", ".join(s.id for s in form.sections)
                problems.append(
                    Problem(
                        path,
                        f"{loc}.{form_id}",
                        f"formulier '{form_id}' heeft geen sectie '{section_id}' (wel: {known})",
                    )
                )
                continue
            scale_items = [item for item in section.items if item.kind == "scale" and item.scale in form.scales]
            if not scale_items:
                problems.append(
                    Problem(
                        path,
                        f"{loc}.{form_id}",
                        f"sectie '{section_id}' van formulier '{form_id}' heeft geen schaalvragen; een as heeft die nodig",
                    )
                )
            for item in scale_items:
                count = len(form.scales[item.scale].labels)
                points.setdefault(count, f"{form_id}: {item.scale}")
    if len(points) > 1:
        found = "; ".join(f"{where} heeft {count} punten" for count, where in sorted(points.items()))
        problems.append(Problem(path, "series", f"alle schalen in één radar moeten evenveel punten hebben ({found})"))
    return problems


def _timing(path: str, loc: str, task: PeriodTask, period: Period) -> list[Problem]:
    """A task's moment in its period: when or days, not both, and days within the period."""
    if task.when is not None and task.days is not None:
        return [Problem(path, f"{loc}.days", "geef when of days, niet allebei")]
    length = (period.deadline - period.start_date).days
    if task.days is not None and task.days > length:
        return [
            Problem(
                path,
                f"{loc}.days",
                f"{task.days} dagen na de start valt na de deadline van de periode (die ligt {length} dagen na de start)",
            )
        ]
    return []


def check_programme_forms(content: Content, programme_id: str, programme: Programme) -> list[Problem]:
    """Tasks and requirements name forms that exist; a requirement's window names periods of this
    programme, and does not start after it ends."""
    path = content.path_of("programmes", programme_id)
    problems: list[Problem] = []
    for p_index, period in enumerate(programme.periods):
        for t_index, task in enumerate(period.tasks):
            problems += _form_refs(content, path, f"periods[{p_index}].tasks[{t_index}]", task.forms)

    order = {period.id: i for i, period in enumerate(programme.periods)}
    known = ", ".join(order)
    problems += _duplicates(path, ((f"requirements[{i}]", r.id) for i, r in enumerate(programme.requirements)))
    for r_index, requirement in enumerate(programme.requirements):
        loc = f"requirements[{r_index}]"
        problems += _form_refs(content, path, loc, requirement.forms)
        seen: set[str] = set()
        for f_index, form_id in enumerate(requirement.forms):
            if form_id in seen:
                problems.append(Problem(path, f"{loc}.forms[{f_index}]", f"het formulier '{form_id}' staat er al"))
            seen.add(form_id)
        for field in ("from_period", "by_period"):
            period_id = getattr(requirement, field)
            if period_id is not None and period_id not in order:
                problems.append(
                    Problem(
                        path, f"{loc}.{field}", f"onbekende periode '{period_id}' (perioden in dit programma: {known})"
                    )
                )
        if requirement.role is not None:
            role_problems = _role_ref(content, path, f"{loc}.role", requirement.role)
            problems += role_problems
            forms = [content.forms[f] for f in requirement.forms if f in content.forms]
            if not role_problems and forms and not any(requirement.role in f.filled_by for f in forms):
                problems.append(
                    Problem(
                        path,
                        f"{loc}.role",
                        f"de rol '{requirement.role}' vult geen van deze formulieren in (filled_by); "
                        "kies een rol die ze invult, of laat role weg",
                    )
                )
        start, end = requirement.from_period, requirement.by_period
        if start in order and end in order and order[start] > order[end]:
            problems.append(
                Problem(
                    path,
                    f"{loc}.from_period",
                    f"de periode '{start}' komt na '{end}'; de termijn begint vóór hij eindigt",
                )
            )
    if programme.visits is not None:
        problems += _visits(content, path, programme.visits)
    return problems


def _repeated(path: str, loc: str, values: list[str], what: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, value in enumerate(values):
        if value in seen:
            problems.append(Problem(path, f"{loc}[{i}]", f"{what} '{value}' staat er al"))
        seen.add(value)
    return problems


def _visits(content: Content, path: str, visits: Visits) -> list[Problem]:
    """Lesson visits: the roles and forms exist; every observation form is filled in by at least one
    observer and is about the role that plans the visit; every report, and the reflection form, is filled in by
    that role."""
    problems = _role_ref(content, path, "visits.planned_by", visits.planned_by)
    for i, role_id in enumerate(visits.observers):
        problems += _role_ref(content, path, f"visits.observers[{i}]", role_id)
    problems += _repeated(path, "visits.observers", visits.observers, "de rol")
    planner = visits.planned_by
    for field in ("forms", "reports"):
        form_ids = getattr(visits, field)
        problems += _form_refs(content, path, "visits", form_ids, field)
        problems += _repeated(path, f"visits.{field}", form_ids, "het formulier")
    for i, form_id in enumerate(visits.forms):
        form = content.forms.get(form_id)
        if form is None:  # unknown (reported above) or invalid (reported in its own file)
            continue
        loc = f"visits.forms[{i}]"
        if not set(form.filled_by) & set(visits.observers):
            problems.append(
                Problem(
                    path,
                    loc,
                    f"het formulier '{form_id}' wordt door geen van de observers ingevuld (filled_by: "
                    f"{', '.join(form.filled_by)}); voeg een van die rollen toe aan observers of kies een ander formulier",
                )
            )
        if form.about != planner:
            about = f"over '{form.about}'" if form.about else "over niemand in het bijzonder (geen about)"
            problems.append(
                Problem(
                    path,
                    loc,
                    f"het formulier '{form_id}' gaat {about}; een observatieformulier gaat over wie het lesbezoek "
                    f"plant ('{planner}', planned_by)",
                )
            )
    for i, form_id in enumerate(visits.reports):
        form = content.forms.get(form_id)
        if form is not None and planner not in form.filled_by:
            problems.append(
                Problem(
                    path,
                    f"visits.reports[{i}]",
                    f"het verslag '{form_id}' wordt niet ingevuld door '{planner}' (planned_by; filled_by: "
                    f"{', '.join(form.filled_by)}); wie het lesbezoek plant, schrijft het verslag",
                )
            )
    if visits.reflection is not None:
        form = content.forms.get(visits.reflection)
        if not content.exists("forms", visits.reflection):
            problems.append(
                Problem(
                    path,
                    "visits.reflection",
                    f"onbekend formulier '{visits.reflection}' (geen content/forms/{visits.reflection}.yml)",
                )
            )
        elif form is not None and planner not in form.filled_by:
            problems.append(
                Problem(
                    path,
                    "visits.reflection",
                    f"het reflectieformulier '{visits.reflection}' wordt niet ingevuld door '{planner}' (planned_by; "
                    f"filled_by: {', '.join(form.filled_by)}); wie het lesbezoek plant, schrijft de reflectie",
                )
            )
    return problems


def check_hours(content: Content, role_id: str, hours: Hours) -> list[Problem]:
    """The file is named after an existing role; every row gives hours or per_student (not both); a role
    with per_student rows says how many aankomend leraren the document counts with, and one with
    semester tables how many semesters a school year has; `includes` names another role with hours,
    without a cycle, and with the same number of students if both give one."""
    path = content.path_of("hours", role_id)
    problems: list[Problem] = _source_ref(content, path, "source", hours.source)
    if not content.exists("roles", role_id):
        problems.append(
            Problem(
                path,
                "",
                f"onbekende rol '{role_id}': een urenbestand heet naar zijn rol (geen content/roles/{role_id}.yml)",
            )
        )
    for t_index, table in enumerate(hours.tables):
        for r_index, row in enumerate(table.rows):
            loc = f"tables[{t_index}].rows[{r_index}]"
            if row.hours is None and row.per_student is None:
                problems.append(
                    Problem(path, f"{loc}.hours", "geef de uren: hours (vast) of per_student (per aankomend leraar)")
                )
            elif row.hours is not None and row.per_student is not None:
                problems.append(
                    Problem(
                        path,
                        f"{loc}.per_student",
                        "geef hours (vast) óf per_student (per aankomend leraar), niet allebei",
                    )
                )
    if hours.semesters_per_year is None and any(table.per == "semester" for table in hours.tables):
        problems.append(
            Problem(
                path,
                "semesters_per_year",
                "verplicht veld ontbreekt: er is een tabel per semester; hoeveel semesters heeft een schooljaar?",
            )
        )

    chain = [role_id]  # follow includes to its end: no cycle, and the number of students it brings
    included_students = None
    target = hours.includes
    while target is not None:
        if target in chain:
            problems.append(
                Problem(
                    path,
                    "includes",
                    f"kringverwijzing ({' -> '.join(chain + [target])}): een rol kan zichzelf niet bevatten",
                )
            )
            break
        if target not in content.hours:
            if len(chain) == 1 and not content.exists("hours", target):
                problems.append(
                    Problem(path, "includes", f"onbekende rol met uren '{target}' (geen content/hours/{target}.yml)")
                )
            break
        chain.append(target)
        if included_students is None:
            included_students = content.hours[target].students
        target = content.hours[target].includes
    if None not in (hours.students, included_students) and hours.students != included_students:
        problems.append(
            Problem(
                path,
                "students",
                f"'{hours.includes}' rekent met {included_students} aankomend leraren en dit bestand met "
                f"{hours.students}; geef één aantal (of laat students hier weg)",
            )
        )
    students = hours.students if hours.students is not None else included_students
    has_per_student = any(row.per_student is not None for table in hours.tables for row in table.rows)
    if has_per_student and students is None:
        problems.append(
            Problem(
                path,
                "students",
                "verplicht veld ontbreekt: een rij heeft per_student; met hoeveel aankomend leraren rekent het document?",
            )
        )
    return problems


def _minutes(low: int | None, high: int | None) -> str:
    return f"{low}" if high is None or high == low else f"{low}-{high}"


def check_track(content: Content, track_id: str, track: Track) -> list[Problem]:
    """Forms and audience roles exist; ids are unique per list; `steps_from` names another werkvorm
    that has steps; a margin runs upwards; and where a werkvorm and all its steps have minutes, the
    steps add up to the stated total (with margins: the two ranges meet)."""
    path = content.path_of("tracks", track_id)
    problems: list[Problem] = _source_ref(content, path, "source", track.source)
    problems += [
        Problem(path, f"forms[{i}]", f"onbekend formulier '{f}' (geen content/forms/{f}.yml)")
        for i, f in enumerate(track.forms)
        if not content.exists("forms", f)
    ]
    for i, role_id in enumerate(track.audience):
        problems += _role_ref(content, path, f"audience[{i}]", role_id)
    for field in ("roles", "areas", "werkvormen"):
        items = getattr(track, field).items
        problems += _duplicates(path, ((f"{field}.items[{i}]", item.id) for i, item in enumerate(items)))
    problems += _duplicates(path, ((f"cycle.phases[{i}]", p.id) for i, p in enumerate(track.cycle.phases)))

    werkvormen = {w.id: w for w in track.werkvormen.items}
    for w_index, werkvorm in enumerate(track.werkvormen.items):
        loc = f"werkvormen.items[{w_index}]"
        timed = [(f"{loc}", werkvorm)] + [(f"{loc}.steps[{s}]", step) for s, step in enumerate(werkvorm.steps)]
        bad_margin = False
        for t_loc, thing in timed:
            if thing.minutes_up_to is not None and (thing.minutes is None or thing.minutes_up_to <= thing.minutes):
                bad_margin = True
                problems.append(
                    Problem(
                        path,
                        f"{t_loc}.minutes_up_to",
                        "een marge heeft een ondergrens in minutes en een grotere bovengrens in minutes_up_to",
                    )
                )
        if bad_margin:  # the sum would only repeat it
            continue
        steps = werkvorm.steps
        if werkvorm.steps_from is not None:
            other = werkvormen.get(werkvorm.steps_from)
            if werkvorm.steps:
                problems.append(
                    Problem(path, f"{loc}.steps_from", "geef eigen stappen (steps) of steps_from, niet allebei")
                )
            if other is None or other is werkvorm or not other.steps:
                problems.append(
                    Problem(
                        path,
                        f"{loc}.steps_from",
                        f"'{werkvorm.steps_from}' is geen andere werkvorm met eigen stappen in deze lijst",
                    )
                )
                continue
            steps = other.steps
        if werkvorm.minutes is None or not steps or any(step.minutes is None for step in steps):
            continue
        low = sum(step.minutes for step in steps)
        high = sum(step.minutes_up_to or step.minutes for step in steps)
        total_high = werkvorm.minutes_up_to or werkvorm.minutes
        if high < werkvorm.minutes or low > total_high:
            problems.append(
                Problem(
                    path,
                    f"{loc}.minutes",
                    f"de stappen duren samen {_minutes(low, high)} minuten, de werkvorm "
                    f"{_minutes(werkvorm.minutes, werkvorm.minutes_up_to)} minuten; maak ze gelijk",
                )
            )
    return problems


def check_content(content: Content, content_dir: Path | None = None) -> list[Problem]:
    problems: list[Problem] = []

    groups = [g.id for g in content.site.role_groups] if content.site else []
    if content.site:
        site_path = content.path_of("site", "site")
        problems += _duplicates(site_path, ((f"role_groups[{i}]", g) for i, g in enumerate(groups)))
        problems += colour_problems(content.site.model_dump(), site_path)
        if content_dir is not None:
            problems += logo_problems(content_dir, content.site.logo, site_path)
    for role_id, role in content.roles.items():
        path = content.path_of("roles", role_id)
        if content.site and role.group is not None and role.group not in groups:
            known = ", ".join(groups) or "er zijn geen groepen"
            problems.append(
                Problem(path, "group", f"onbekende groep '{role.group}' (niet in role_groups van site.yml: {known})")
            )
        located = [
            (f"{field}[{i}]", item) for field in ("tasks", "competences") for i, item in enumerate(getattr(role, field))
        ]
        problems += _duplicates(path, ((loc, item.id) for loc, item in located))
        problems += _source_ref(content, path, "source", role.source)
        for loc, item in located:
            problems += _domain_refs(content, path, loc, item.domains)
            problems += _source_ref(content, path, f"{loc}.source", item.source)

    for programme_id, programme in content.programmes.items():
        path = content.path_of("programmes", programme_id)
        problems += _duplicates(path, ((f"periods[{i}]", p.id) for i, p in enumerate(programme.periods)))
        problems += _source_ref(content, path, "source", programme.source)
        previous = None
        for p_index, period in enumerate(programme.periods):
            loc = f"periods[{p_index}]"
            if period.deadline < period.start_date:
                problems.append(Problem(path, f"{loc}.deadline", "de deadline ligt vóór de start van de periode"))
            if previous is not None and period.deadline <= previous.deadline:
                problems.append(
                    Problem(
                        path,
                        f"{loc}.deadline",
                        f"perioden staan op volgorde van deadline; deze ligt niet na die van '{previous.id}'",
                    )
                )
            previous = period
            problems += _domain_refs(content, path, loc, period.domains)
            problems += _duplicates(path, ((f"{loc}.tasks[{i}]", t.id) for i, t in enumerate(period.tasks)))
            for t_index, task in enumerate(period.tasks):
                t_loc = f"{loc}.tasks[{t_index}]"
                if not content.exists("roles", task.role):
                    problems.append(
                        Problem(
                            path, f"{t_loc}.role", f"onbekende rol '{task.role}' (geen content/roles/{task.role}.yml)"
                        )
                    )
                problems += _domain_refs(content, path, t_loc, task.domains)
                problems += _source_ref(content, path, f"{t_loc}.source", task.source)
                problems += _basis(path, t_loc, task.basis, task.basis_note)
                problems += _timing(path, t_loc, task, period)

    for programme_id, programme in content.programmes.items():
        problems += check_programme_forms(content, programme_id, programme)
    for form_id, form in content.forms.items():
        problems += check_form(content, form_id, form)
    for radar_id, radar in content.radars.items():
        problems += check_radar(content, radar_id, radar)
    for role_id, hours in content.hours.items():
        problems += check_hours(content, role_id, hours)
    for track_id, track in content.tracks.items():
        problems += check_track(content, track_id, track)

    for school_id, school in content.schools.items():
        problems += _source_ref(content, content.path_of("schools", school_id), "source", school.source)
    for domain_id, domain in content.domains.items():
        problems += _source_ref(content, content.path_of("domains", domain_id), "source", domain.source)

    for page_id in content.pages:
        if page_id in RESERVED_PAGE_IDS:
            problems.append(
                Problem(
                    content.path_of("pages", page_id),
                    "",
                    f"de naam '{page_id}' is al in gebruik door de app; kies een andere bestandsnaam",
                )
            )

    folder = (lambda kind: f"{display_path(content_dir / kind)}/") if content_dir else (lambda kind: f"content/{kind}/")
    if not content.roles and not content.failed:
        problems.append(Problem(folder("roles"), "", "er is geen enkele rol; voeg minstens één rol toe"))
    if not content.programmes and not content.failed:
        problems.append(Problem(folder("programmes"), "", "er is geen enkel programma; voeg er minstens één toe"))
    return problems
