// Pure: the entry record every form shares, and what is computed from entries (missing answers,
// averages, radar geometry, requirement progress). No DOM and no storage; runs under `node --test`.
//
// An entry: { id: UUID, form: form id, version: the form's build hash, created, updated (ISO times),
//   state: 'concept' | 'afgerond', completed: ISO time | null, meta: { itemId: value },
//   answers: { itemId: value } }. A value is a string (text, date, choice, '1'..'n' or 'nvt' for a
//   scale), true (check) or a list of strings (choice with several answers); "anders, namelijk" text
//   is kept under `<item id>:anders`. An empty answer is absent.
// Also about, author, visit and received: the people and the visit (documented in people.js).

import { own } from './instants.js';

export function createEntry(id, form, version, now = new Date(), people = {}) {
  const at = now.toISOString();
  // The people fields only when known: an entry without them reads as about/author unknown (people.js).
  const known = Object.fromEntries(['about', 'author', 'visit'].filter((k) => people[k]).map((k) => [k, people[k]]));
  return { id, form, version, created: at, updated: at, state: 'concept', completed: null, meta: {}, answers: {}, ...known };
}

const isEmpty = (value) => value === undefined || value === null || value === '' || value === false
  || (Array.isArray(value) && value.length === 0);

/** The entry with changes [{ group: 'meta' | 'answers', name, value }] applied; never mutates. */
export function applyChanges(entry, changes, now = new Date()) {
  const next = { ...entry, meta: { ...entry.meta }, answers: { ...entry.answers }, updated: now.toISOString() };
  for (const { group, name, value } of changes) {
    if (isEmpty(value)) delete next[group][name];
    else next[group][name] = value;
  }
  return next;
}

export function withState(entry, state, now = new Date()) {
  const at = now.toISOString();
  return { ...entry, state, completed: state === 'afgerond' ? at : null, updated: at };
}

/** Required items [{ group, name }] that have no answer, in form order. */
export function missingAnswers(required, entry) {
  return required.filter(({ group, name }) => isEmpty(own(entry[group], name)));
}

/** Mean of the numeric scale answers among `itemIds` ('nvt' and empty left out), or null. */
export function average(answers, itemIds) {
  const numbers = itemIds.map((id) => own(answers, id)).filter((v) => typeof v === 'string' && /^\d+$/.test(v)).map(Number);
  return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
}

/** Per section [{ id, items: [item ids] }]: { id, average, answered, total }. */
export function sectionAverages(sections, answers) {
  return sections.map(({ id, items }) => ({
    id,
    average: average(answers, items),
    answered: items.filter((item) => own(answers, item) !== undefined).length,
    total: items.length,
  }));
}

/**
 * Corner points of a radar polygon: axis i at angle -90° + i·360°/n, at distance r·(value-1)/(points-1)
 * from the centre (value 1 at the centre, the top of the scale at r). null counts as the centre.
 */
export function radarPoints(values, points, { cx, cy, r }) {
  const n = values.length;
  return values.map((value, i) => {
    const angle = (-90 + (360 * i) / n) * (Math.PI / 180);
    const share = value === null ? 0 : (value - 1) / (points - 1);
    return [cx + r * share * Math.cos(angle), cy + r * share * Math.sin(angle)];
  });
}

/** The largest difference between series on one axis, and whether it is more than a third of the scale. */
export function gap(values, points) {
  const known = values.filter((v) => v !== null);
  if (known.length < 2) return { size: null, flagged: false };
  const size = Math.max(...known) - Math.min(...known);
  return { size, flagged: size > (points - 1) / 3 };
}

/**
 * Progress of a programme requirement { forms, count, per: 'each' | 'total', start, end (ISO days),
 * role (optional) } from entries: only completed ones count, by the day they were completed, inside
 * [start, end]; with a role, only entries written in that role (author.role). Give it the entries of one
 * student (people.js groupByPerson): progress is per student.
 * Returns { done, needed, missing: [form ids still short], met }.
 */
export function requirementProgress(requirement, entries) {
  const counts = new Map(requirement.forms.map((form) => [form, 0]));
  for (const entry of entries) {
    if (entry.state !== 'afgerond' || !entry.completed || !counts.has(entry.form)) continue;
    if (requirement.role && entry.author?.role !== requirement.role) continue;
    const day = entry.completed.slice(0, 10);
    if (day >= requirement.start && day <= requirement.end) counts.set(entry.form, counts.get(entry.form) + 1);
  }
  if (requirement.per === 'total') {
    const done = Math.min(requirement.count, [...counts.values()].reduce((a, b) => a + b, 0));
    return { done, needed: requirement.count, missing: done < requirement.count ? [...requirement.forms] : [], met: done >= requirement.count };
  }
  const missing = requirement.forms.filter((form) => counts.get(form) < requirement.count);
  const needed = requirement.forms.length * requirement.count;
  const done = requirement.forms.reduce((sum, form) => sum + Math.min(counts.get(form), requirement.count), 0);
  return { done, needed, missing, met: missing.length === 0 };
}
