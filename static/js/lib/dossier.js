// Pure: the groeidossier (groeidossier/): a person's records on this device, per period of her programme. No DOM
// and no storage; runs under `node --test`.
//
// Whose dossier: the profile's role (the role the forms are about, e.g. the student). What is in it:
// - her lesson visits (storage.js: `own` visits, planned on this device),
// - what she received (entries with `received`: kijkwijzers, advice) of forms about her role,
// - her own entries (not received) of forms her role fills in about itself: reports and reflections.
// An entry falls in the period of its lesson date (the metadata item with `fills: date`), or else of the day it
// was completed, or else (a concept) of its last edit; a visit in the period of its date. A day between two
// periods counts for the next one; a day before the first or after the last is outside the periods (null).
import { periodState, todayISO } from './dates.js';
import { own } from './instants.js';

export const COPY_EVERY = 3; // new records since the last copy (storage.js COPY_PREF) before the page offers one

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const localDay = (iso) => (iso ? todayISO(new Date(iso)) : null);

/** The lesson date of an entry (YYYY-MM-DD from its `fills: date` item), or null. */
export function lessonDay(entry, fills = {}) {
  const value = fills.date ? own(entry.meta || {}, fills.date) : undefined;
  return typeof value === 'string' && DAY.test(value) ? value : null;
}

/** The day an entry counts on: its lesson date, else the (local) day it was completed, else its last edit. */
export function entryDay(entry, fills = {}) {
  return lessonDay(entry, fills) || localDay(entry.completed) || localDay(entry.updated);
}

/** The id of the period `day` falls in (between two: the next one), or null outside all of them.
 * periods: [{ id, start, deadline }] in deadline order, ISO days. */
export function periodOf(day, periods) {
  if (!day) return null;
  const { state, current, next } = periodState(periods, day);
  if (state === 'current') return current.id;
  if (state === 'between') return next.id;
  return null;
}

/** Which of the records on this device are in the dossier of `role`: { visits, received, own } (unsorted).
 * forms: { form id: { about, filled_by } }; entries of a form this site does not have are left out. */
export function dossierRecords({ entries, visits }, forms, role) {
  const form = (entry) => own(forms, entry.form);
  return {
    visits: visits.filter((visit) => visit.own),
    received: entries.filter((entry) => entry.received && form(entry) && form(entry).about === role),
    own: entries.filter((entry) => !entry.received && form(entry) && form(entry).about === role
      && form(entry).filled_by.includes(role)),
  };
}

/**
 * The dossier per period: [{ period: { id, … } | null, visits, received, own }], one group per period in
 * order (also an empty one: the dossier shows the whole programme), and a last group with period null
 * when something falls outside the periods. Each list is sorted by day (then time, then creation).
 * forms: { form id: { about, filled_by, fills } }.
 */
export function dossierByPeriod(records, forms, role, periods) {
  const picked = dossierRecords(records, forms, role);
  const fillsOf = (entry) => own(forms, entry.form)?.fills || {};
  const groups = new Map(periods.map((period) => [period.id, { period, visits: [], received: [], own: [] }]));
  const outside = { period: null, visits: [], received: [], own: [] };
  const put = (list, item, day) => {
    const group = groups.get(periodOf(day, periods)) || outside;
    group[list].push({ day, item });
  };
  for (const visit of picked.visits) put('visits', visit, visit.date);
  for (const list of ['received', 'own']) for (const entry of picked[list]) put(list, entry, entryDay(entry, fillsOf(entry)));
  const order = (a, b) => (a.day || '').localeCompare(b.day || '') || (a.item.time || '').localeCompare(b.item.time || '')
    || (a.item.created || '').localeCompare(b.item.created || '');
  const all = [...groups.values(), ...(outside.visits.length + outside.received.length + outside.own.length ? [outside] : [])];
  return all.map((group) => ({
    period: group.period,
    visits: group.visits.sort(order).map(({ item }) => item),
    received: group.received.sort(order).map(({ item }) => item),
    own: group.own.sort(order).map(({ item }) => item),
  }));
}

/** How many records of the dossier came onto this device after `since` (an ISO time; null: never copied):
 * visits made, entries received or begun here. */
export function newSinceCopy(records, since) {
  const after = (at) => typeof at === 'string' && (!since || at > since);
  return records.visits.filter((visit) => after(visit.created)).length
    + records.received.filter((entry) => after(entry.received)).length
    + records.own.filter((entry) => after(entry.created)).length;
}

/** Whether the page offers a copy: COPY_EVERY or more new records since the last one. */
export function copyDue(records, since) {
  return newSinceCopy(records, since) >= COPY_EVERY;
}

/** The file name of a dossier copy: "groeidossier-anna-de-vries-2026-03-02.json". */
export function dossierFileName(name, now = new Date()) {
  const slug = String(name || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `groeidossier-${slug ? slug + '-' : ''}${todayISO(now)}.json`;
}
