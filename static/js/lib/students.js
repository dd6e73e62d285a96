// Pure: the students a mentor has on this device ("Mijn studenten", studenten/) and the people filter of
// formulieren/: whom each entry is about, the lesson visits opened here, the lesson date of an entry, and
// whether a name matches a search. No DOM and no storage; runs under `node --test`.
//
// `fillsOf(formId)` gives a form's fills ({ about: item id, date: item id, … }, views.form_info): old
// entries name their people and their lesson date only in their metadata (people.js).
import { own } from './instants.js';
import { aboutOf, groupByPerson, isPerson, normalName, personKey } from './people.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day of the lesson an entry is about: its metadata item with `fills: date` ('YYYY-MM-DD'), or null. */
export function lessonDate(entry, fills = {}) {
  const value = fills.date ? own(entry.meta || {}, fills.date) : undefined;
  return typeof value === 'string' && DAY.test(value) ? value : null;
}

/**
 * Which date to show for an entry: { kind: 'lesson', day: 'YYYY-MM-DD' } when the form has a lesson date
 * and it is filled in, else { kind: 'edited', at: the last edit (ISO time) }.
 */
export function entryDate(entry, fills = {}) {
  const day = lessonDate(entry, fills);
  return day ? { kind: 'lesson', day } : { kind: 'edited', at: entry.updated };
}

/** Whether a person's name holds the search text (no accents, no case: "vries" finds "Anna de Vries"). */
export function nameMatches(person, query) {
  const wanted = normalName(query);
  return !wanted || normalName(person?.name).includes(wanted);
}

/**
 * The people this device's entries are about, for a filter: { groups (groupByPerson), keyOf: Map(entry id →
 * person key) }. An entry about nobody has no key.
 */
export function entryPeople(entries, fillsOf = () => ({})) {
  const groups = groupByPerson(entries, fillsOf);
  const keyOf = new Map();
  for (const group of groups) for (const entry of group.entries) keyOf.set(entry.id, group.key);
  return { groups, keyOf };
}

/**
 * The entries a filter keeps: `person` a key from entryPeople ('' for everyone), `query` a piece of a name
 * ('' for any). Order kept.
 */
export function filterEntries(entries, { person = '', query = '' } = {}, fillsOf = () => ({})) {
  if (!person && !normalName(query)) return entries;
  const { keyOf } = entryPeople(entries, fillsOf);
  return entries.filter((entry) => (!person || keyOf.get(entry.id) === person)
    && nameMatches(aboutOf(entry, fillsOf(entry.form)), query));
}

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
