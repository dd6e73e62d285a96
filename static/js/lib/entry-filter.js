// Pure: what an entry list needs to find people and days, on this device only (formulieren/ and studenten/):
// the lesson date of an entry, the people its entries are about, and a filter by person and by a piece of a
// name. No DOM and no storage; runs under `node --test`. Names are never in the search index of zoeken/.
//
// `fillsOf(formId)` gives a form's fills ({ about: item id, date: item id, … }, views.form_info): old
// entries name their people and their lesson date only in their metadata (people.js).
import { own } from './instants.js';
import { aboutOf, groupByPerson, normalName } from './people.js';

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
