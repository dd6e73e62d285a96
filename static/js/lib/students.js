// Pure: the students a mentor has on this device ("Mijn studenten", studenten/): the entries about each
// student and the lesson visits opened here, under one person; and per visit form this device's own entry.
// No DOM and no storage; runs under `node --test`.
//
// `fillsOf(formId)` gives a form's fills ({ about: item id, date: item id, … }, views.form_info): old
// entries name their people only in their metadata (people.js).
import { aboutOf, groupByPerson, isPerson, normalName, personKey } from './people.js';

/**
 * A mentor's students on this device: [{ key, person: { id, name }, entries, visits }], by name.
 * entries: those of `forms` (the forms about a student) that are about someone other than `profile`;
 * visits: the invitations opened here (not the device's own visits), under their student. A visit and the
 * entries about the same student are one person: by id, or by name when the entries carry no id.
 */
export function studentsOnDevice(entries, visits, { forms, fillsOf = () => ({}), profile = null }) {
  const wanted = new Set(forms);
  const about = entries.filter((e) => wanted.has(e.form) && !isPerson(aboutOf(e, fillsOf(e.form)), profile));
  const groups = groupByPerson(about, fillsOf).map((group) => ({ ...group, person: { ...group.person }, visits: [] }));
  for (const visit of visits) {
    if (visit.own || !visit.student) continue;
    const key = personKey(visit.student);
    if (!key) continue;
    let group = groups.find((g) => g.key === key);
    if (!group && visit.student.id) {
      // entries from before ids, with the same name: the same student
      group = groups.find((g) => !g.person.id && normalName(g.person.name) === normalName(visit.student.name));
      if (group) Object.assign(group, { key, person: { id: visit.student.id, name: group.person.name || visit.student.name } });
    }
    if (!group) {
      group = { key, person: { id: visit.student.id || null, name: visit.student.name || '' }, entries: [], visits: [] };
      groups.push(group);
    }
    group.visits.push(visit);
  }
  for (const group of groups) group.visits.sort((a, b) => `${b.date}${b.time}`.localeCompare(`${a.date}${a.time}`));
  return groups.sort((a, b) => normalName(a.person.name).localeCompare(normalName(b.person.name), 'nl'));
}

/** Per form of a visit, this device's own entry for it (the newest edit) or null: [{ form, entry }]. */
export function visitForms(visit, entries) {
  return visit.forms.map((form) => {
    const mine = entries.filter((e) => e.visit === visit.id && e.form === form && !e.received);
    mine.sort((a, b) => String(b.updated).localeCompare(String(a.updated)));
    return { form, entry: mine[0] || null };
  });
}
