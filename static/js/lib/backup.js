// Pure: the backup file format. Versioned: format 1 held ticks and prefs; format 2 adds form entries
// (the records of entries.js). Older files still import. No DOM and no storage; runs under `node --test`.
import { answerProblem, newestPerId, validateEntry } from './entry-check.js';
import { instant, own } from './instants.js';

export const BACKUP_FORMAT = 2;
export const MAX_BACKUP_BYTES = 5 * 1024 * 1024; // a year of ticks is a few kilobytes
const KEY = /^(rol|taak):[a-z0-9-]+(:[a-z0-9-]+){1,3}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PREFS = ['role', 'programme'];

export function makeBackup({ ticks, prefs, entries = [] }, scope, now = new Date()) {
  return { app: 'werkplek', format: BACKUP_FORMAT, exported: now.toISOString(), scope, ticks, prefs, entries };
}

export function backupFileName(now = new Date()) {
  return `werkplek-back-up-${now.toISOString().slice(0, 10)}.json`;
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const fail = (reason, detail = '') => ({ ok: false, reason, detail });

/**
 * Check a backup file's text completely before anything is stored.
 * Returns { ok: true, data: { ticks, prefs } } or { ok: false, reason, detail } with reason
 * 'json' (not JSON), 'format' (not a Werkplek backup), 'version' (from a newer app) or
 * 'content' (a Werkplek backup with a bad entry; detail names it) or 'future' (an entry dated later than
 * now, beyond a little clock skew; detail names it).
 */
export function parseBackup(text, now = new Date()) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('json');
  }
  if (!isObject(value) || value.app !== 'werkplek' || !Number.isInteger(value.format)) return fail('format');
  if (value.format > BACKUP_FORMAT) return fail('version');
  if (value.format < 1) return fail('format');
  if (!isObject(value.ticks)) return fail('content', 'ticks');
  if (!isObject(value.prefs)) return fail('content', 'prefs');
  const ticks = {};
  for (const [key, record] of Object.entries(value.ticks)) {
    if (!KEY.test(key) || !isObject(record) || record.done !== true
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
  return { ok: true, data: { ticks, prefs, entries }, scope: value.scope };
}

/**
 * What importing a parsed backup would change on this device; nothing is written here.
 * site: { scope, keys: Set, forms: Set, prefs: { role: Set, programme: Set }, rules: { form id: answer rules } }
 * — what this site knows; device: { ticks: Set, prefs: {}, entries: Map(id → { form, updated }) } — what is
 * stored now. Returns { ok: false, reason: 'scope', detail } for another site's backup,
 * { ok: false, reason: 'answers', detail: 'entries[i]: question id' } for an answer its form does not allow, or
 * { ok: true, write: { ticks, prefs, entries }, added, already, skipped, changedPrefs: [name…], ignoredPrefs: [name…],
 *   entriesAdded, entriesUpdated, entriesKept (this edit or a newer one is on this device), entriesSkipped
 *   (unknown form), entriesForeign (the id is another form's entry here) }. Of two copies of one id in the
 * file, the newer counts (once).
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
  return { ok: true, write: { ticks, prefs, entries }, added, already, skipped, changedPrefs, ignoredPrefs, ...counts };
}
