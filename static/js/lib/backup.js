// Pure: the backup file format. Versioned: format 1 held ticks and prefs; format 2 adds form entries
// (the records of entries.js); format 3 adds lesson visits (storage.js) and the profile ("Wie ben je?"), so
// that a student's groeidossier moves to another device whole. Older files still import. No DOM and no
// storage; runs under `node --test`.
import { answerProblem, newestPerId, validateEntry } from './entry-check.js';
import { CLOCK_SKEW_MS, instant, own } from './instants.js';
import { SLUG, UUID, isClock, isDay, isRecord, listOf } from './shapes.js';

export const BACKUP_FORMAT = 3;
export const MAX_BACKUP_BYTES = 5 * 1024 * 1024; // a year of ticks is a few kilobytes
const KEY = /^(rol|taak):[a-z0-9-]+(:[a-z0-9-]+){1,3}$/;
const PREFS = ['role', 'programme'];
const MAX_NAME = 200; // characters in a person's name, as in an entry (entry-check.js)

/** The file: only the preferences that travel (role, programme; never one that belongs to this device). */
export function makeBackup({ ticks, prefs, entries = [], visits = [], profile = null }, scope, now = new Date()) {
  const shared = Object.fromEntries(PREFS.filter((name) => own(prefs, name) !== undefined).map((name) => [name, prefs[name]]));
  return {
    app: 'werkplek', format: BACKUP_FORMAT, exported: now.toISOString(), scope, ticks, prefs: shared, entries, visits,
    profile: profile ? cleanProfile(profile) : null,
  };
}

// The profile as a file holds it: { id, name, role, programme, roleName }, or null when it is not one.
function cleanProfile(value) {
  if (!isRecord(value)) return null;
  const text = (field) => (value[field] === undefined ? '' : value[field]);
  const profile = { id: value.id, name: text('name'), role: text('role'), programme: text('programme'), roleName: text('roleName') };
  const fine = typeof profile.id === 'string' && UUID.test(profile.id)
    && ['name', 'roleName'].every((field) => typeof profile[field] === 'string' && profile[field].length <= 200)
    && ['role', 'programme'].every((field) => typeof profile[field] === 'string' && (profile[field] === '' || SLUG.test(profile[field])));
  return fine ? profile : null;
}

export function backupFileName(now = new Date()) {
  return `werkplek-back-up-${now.toISOString().slice(0, 10)}.json`;
}

const fail = (reason, detail = '') => ({ ok: false, reason, detail });

/**
 * Check a backup file's text completely before anything is stored.
 * Returns { ok: true, data: { ticks, prefs, entries, visits, profile } } or { ok: false, reason, detail } with reason
 * 'json' (not JSON), 'format' (not a Werkplek backup), 'version' (from a newer app) or
 * 'content' (a Werkplek backup with a bad entry, visit or profile; detail names it) or 'future' (an entry or
 * visit dated later than now, beyond a little clock skew; detail names it). An older file has no visits and
 * no profile.
 */
export function parseBackup(text, now = new Date()) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('json');
  }
  if (!isRecord(value) || value.app !== 'werkplek' || !Number.isInteger(value.format)) return fail('format');
  if (value.format > BACKUP_FORMAT) return fail('version');
  if (value.format < 1) return fail('format');
  if (!isRecord(value.ticks)) return fail('content', 'ticks');
  if (!isRecord(value.prefs)) return fail('content', 'prefs');
  const ticks = {};
  for (const [key, record] of Object.entries(value.ticks)) {
    if (!KEY.test(key) || !isRecord(record) || record.done !== true
        || instant(record.at) === null) {
      return fail('content', `ticks.${key}`);
    }
    ticks[key] = { done: true, at: record.at };
  }
  const prefs = {};
  for (const [name, pref] of Object.entries(value.prefs)) {
    if (!PREFS.includes(name) || typeof pref !== 'string' || (pref !== '' && !SLUG.test(pref))) {
      return fail('content', `prefs.${name}`);
    }
    prefs[name] = pref;
  }
  if (typeof value.scope !== 'string') return fail('content', 'scope');
  const entries = [];
  if (value.format >= 2) {
    if (!Array.isArray(value.entries)) return fail('content', 'entries');
    for (const [i, record] of value.entries.entries()) {
      const checked = validateEntry(record, now);
      if (!checked.ok) return fail(checked.reason === 'future' ? 'future' : 'content', `entries[${i}]`);
      entries.push(checked.entry);
    }
  }
  const visits = [];
  let profile = null;
  if (value.format >= 3) {
    if (!Array.isArray(value.visits)) return fail('content', 'visits');
    for (const [i, record] of value.visits.entries()) {
      const checked = validateVisit(record, now);
      if (!checked.ok) return fail(checked.reason === 'future' ? 'future' : 'content', `visits[${i}]`);
      visits.push(checked.visit);
    }
    if (value.profile !== null && value.profile !== undefined) {
      profile = cleanProfile(value.profile);
      if (!profile) return fail('content', 'profile');
    }
  }
  return { ok: true, data: { ticks, prefs, entries, visits, profile }, scope: value.scope };
}

/**
 * What importing a parsed backup would change on this device; nothing is written here.
 * site: { scope, keys: Set, forms: Set, prefs: { role: Set, programme: Set }, rules: { form id: answer rules } }
 * — what this site knows; device: { ticks: Set, prefs: {}, entries: Map(id → { form, updated }),
 * visits: Map(id → { updated }), profile } — what is stored now. Returns { ok: false, reason: 'scope', detail } for another site's backup,
 * { ok: false, reason: 'answers', detail: 'entries[i]: question id' } for an answer its form does not allow, or
 * { ok: true, write: { ticks, prefs, entries }, added, already, skipped, changedPrefs: [name…], ignoredPrefs: [name…],
 *   entriesAdded, entriesUpdated, entriesKept (this edit or a newer one is on this device), entriesSkipped
 *   (unknown form), entriesForeign (the id is another form's entry here), visitsAdded, visitsUpdated, visitsKept,
 *   visitsSkipped (a programme this site does not have), profile: adopted (this device had no name yet) }; write
 *   also holds visits and profile (null: keep this device's). Of two copies of one id in the file, the newer
 *   counts (once).
 * Ticks for items this site does not have are skipped (content changes between school years);
 * a preference this site does not know (a removed role) never replaces the chosen one.
 */
export function planImport(parsed, site, device) {
  if (parsed.scope !== site.scope) return fail('scope', parsed.scope);
  const ticks = {};
  let added = 0;
  let already = 0;
  let skipped = 0;
  for (const [key, record] of Object.entries(parsed.data.ticks)) {
    if (!site.keys.has(key)) {
      skipped += 1;
    } else if (device.ticks.has(key)) {
      already += 1;
    } else {
      ticks[key] = record;
      added += 1;
    }
  }
  const prefs = {};
  const changedPrefs = [];
  const ignoredPrefs = [];
  for (const [name, value] of Object.entries(parsed.data.prefs)) {
    if (value === '' || !own(site.prefs, name) || !own(site.prefs, name).has(value)) {
      if (value !== '') ignoredPrefs.push(name);
    } else if (own(device.prefs, name) !== value) {
      prefs[name] = value;
      changedPrefs.push(name);
    }
  }
  const entries = [];
  const counts = { entriesAdded: 0, entriesUpdated: 0, entriesKept: 0, entriesSkipped: 0, entriesForeign: 0 };
  const known = device.entries || new Map();
  const listed = parsed.data.entries || [];
  for (const entry of newestPerId(listed).entries) {
    if (site.rules && own(site.rules, entry.form)) {
      const problem = answerProblem(entry, own(site.rules, entry.form));
      if (problem) return fail('answers', `entries[${listed.indexOf(entry)}]: ${problem.name}`);
    }
    const stored = known.get(entry.id);
    if (!site.forms || !site.forms.has(entry.form)) counts.entriesSkipped += 1;
    else if (!stored) { entries.push(entry); counts.entriesAdded += 1; }
    else if (stored.form !== entry.form) counts.entriesForeign += 1;
    else if ((instant(entry.updated) ?? 0) > (instant(stored.updated) ?? 0)) { entries.push(entry); counts.entriesUpdated += 1; }
    else counts.entriesKept += 1;
  }
  const visits = [];
  const visitCounts = { visitsAdded: 0, visitsUpdated: 0, visitsKept: 0, visitsSkipped: 0 };
  const knownVisits = device.visits || new Map();
  const programmes = own(site.prefs, 'programme') || new Set();
  for (const visit of newestPerId(parsed.data.visits || []).entries) {
    const stored = knownVisits.get(visit.id);
    if (!programmes.has(visit.programme)) visitCounts.visitsSkipped += 1;
    else if (!stored) { visits.push(visit); visitCounts.visitsAdded += 1; }
    else if ((instant(visit.updated) ?? 0) > (instant(stored.updated) ?? 0)) { visits.push(visit); visitCounts.visitsUpdated += 1; }
    else visitCounts.visitsKept += 1;
  }
  // The person comes along to a device that does not know its person yet (a new phone); never over another.
  const profile = parsed.data.profile && !(device.profile && device.profile.name) ? parsed.data.profile : null;
  return {
    ok: true, write: { ticks, prefs, entries, visits, profile }, added, already, skipped, changedPrefs, ignoredPrefs,
    ...counts, ...visitCounts, profile: Boolean(profile),
  };
}

const PUBLIC_KEY = /^[A-Za-z0-9_-]{87}$/; // base64url of a raw P-256 point (65 bytes)
const MAX_VISIT_TEXT = 500; // as in an invitation (visit-link.js)
const isShort = (value, max = MAX_VISIT_TEXT) => typeof value === 'string' && value.length <= max;

/** An observer whose answer brought a device key to seal the student's report for (storage-visits.js). */
const isContact = (c) => isRecord(c) && (c.id == null || (typeof c.id === 'string' && UUID.test(c.id)))
  && isShort(c.name, MAX_NAME) && c.name.trim() !== '' && (c.role == null || (typeof c.role === 'string' && SLUG.test(c.role)))
  && typeof c.key === 'string' && PUBLIC_KEY.test(c.key);

/**
 * Check a lesson visit record from outside (a backup; see storage.js for the record): { ok: true, visit } with a
 * copy holding only the known fields, or { ok: false, reason } with reason 'shape', 'time' or 'future' as for
 * an entry. Texts are at most as long as an invitation allows.
 */
export function validateVisit(value, now = new Date()) {
  if (!isRecord(value)) return { ok: false, reason: 'shape' };
  const {
    id, created, updated, programme, key, date, time = '', meeting = false, own: mine = false, invited = null,
  } = value;
  const student = isRecord(value.student) ? { id: value.student.id ?? null, name: value.student.name } : null;
  const texts = ['school', 'class', 'subject', 'focus'].map((field) => value[field] ?? '');
  const observers = value.observers ?? [];
  const ok = typeof id === 'string' && UUID.test(id) && typeof programme === 'string' && SLUG.test(programme)
    && student !== null && (student.id === null || (typeof student.id === 'string' && UUID.test(student.id)))
    && isShort(student.name, MAX_NAME)
    && typeof key === 'string' && PUBLIC_KEY.test(key) && isDay(date) && (time === '' || isClock(time))
    && texts.every((text) => isShort(text))
    && listOf(observers, (o) => isRecord(o) && typeof o.role === 'string' && SLUG.test(o.role) && isShort(o.name ?? '', MAX_NAME), 20)
    && listOf(value.forms ?? [], (f) => typeof f === 'string' && SLUG.test(f), 20)
    && listOf(value.answers ?? [], (a) => typeof a === 'string' && UUID.test(a), 500)
    && listOf(value.reports ?? [], (a) => typeof a === 'string' && UUID.test(a), 500)
    && listOf(value.contacts ?? [], isContact, 20)
    && typeof meeting === 'boolean' && typeof mine === 'boolean';
  if (!ok) return { ok: false, reason: 'shape' };
  const times = [instant(created), instant(updated), invited === null ? 0 : instant(invited)];
  if (times.includes(null) || times[0] > times[1]) return { ok: false, reason: 'time' };
  if (Math.max(times[1], times[2]) > now.getTime() + CLOCK_SKEW_MS) return { ok: false, reason: 'future' };
  const [school, klass, subject, focus] = texts;
  return {
    ok: true,
    visit: {
      id, created, updated, programme, student, key, date, time, school, class: klass, subject, focus,
      observers: observers.map((o) => ({ role: o.role, name: o.name ?? '' })), forms: [...(value.forms ?? [])],
      meeting, answers: [...(value.answers ?? [])], reports: [...(value.reports ?? [])], own: mine, invited,
      contacts: (value.contacts ?? []).map(({ id: who = null, name, role = null, key: theirs }) => ({ id: who, name, role, key: theirs })),
    },
  };
}
