// Pure: checking an entry record that comes from outside (a share link, a backup, a file) before anything
// is stored. Loaded only by the pages that receive entries. No DOM and no storage; runs under `node --test`.
import { CLOCK_SKEW_MS, instant, isNewer, own } from './instants.js';
import { SLUG, UUID, isRecord } from './shapes.js';

const ANSWER_NAME = /^[a-z0-9]+(-[a-z0-9]+)*(:anders)?$/;
const MAX_TEXT = 20000; // characters in one answer: pages of notes, never a pasted document
const MAX_NAME = 200;   // characters in a person's name (about, author)
const isText = (value) => typeof value === 'string' && value.length <= MAX_TEXT;
const BAD = Symbol('bad');

// A person an entry names ({ id: person id | null, name }, and for the author role: role id | null), null, or
// BAD. Only the known fields are copied.
function cleanPerson(value, withRole) {
  if (value === null) return null;
  if (!isRecord(value)) return BAD;
  const { id = null, name, role = null } = value;
  if (id !== null && !(typeof id === 'string' && UUID.test(id))) return BAD;
  if (typeof name !== 'string' || name.length > MAX_NAME) return BAD;
  if (!withRole) return { id, name };
  if (role !== null && !(typeof role === 'string' && SLUG.test(role))) return BAD;
  return { id, name, role };
}

function cleanAnswers(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const out = Object.create(null);
  for (const [name, answer] of Object.entries(value)) {
    if (!ANSWER_NAME.test(name)) return null;
    const ok = answer === true || (isText(answer) && answer !== '')
      || (Array.isArray(answer) && answer.length > 0 && answer.length <= 100 && answer.every(isText));
    if (!ok) return null;
    out[name] = Array.isArray(answer) ? [...answer] : answer;
  }
  return { ...out };
}

/**
 * Check an entry record from outside: { ok: true, entry } with a copy holding only the known fields, or
 * { ok: false, reason } with reason 'shape' (not an entry record), 'time' (a time that is not ISO 8601
 * UTC, or created after updated) or 'future' (made or received later than `now` plus a little clock skew).
 * The fields of lesson visits (about, author, visit, received; see entries.js) are optional: a record
 * without them (every older one) gets none in its copy, so it is stored as it came.
 */
export function validateEntry(value, now = new Date()) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'shape' };
  const { id, form, version, created, updated, state, completed } = value;
  if (typeof id !== 'string' || !UUID.test(id) || typeof form !== 'string' || !SLUG.test(form)) return { ok: false, reason: 'shape' };
  if (typeof version !== 'string' || version.length > 64) return { ok: false, reason: 'shape' };
  if (state !== 'concept' && state !== 'afgerond') return { ok: false, reason: 'shape' };
  const meta = cleanAnswers(value.meta);
  const answers = cleanAnswers(value.answers);
  if (!meta || !answers) return { ok: false, reason: 'shape' };
  const times = [instant(created), instant(updated), completed == null ? 0 : instant(completed)];
  if (times.includes(null) || times[0] > times[1] || times[2] > times[1]) return { ok: false, reason: 'time' };
  if (times[1] > now.getTime() + CLOCK_SKEW_MS) return { ok: false, reason: 'future' };
  if (state === 'afgerond' && completed == null) return { ok: false, reason: 'shape' };
  const entry = { id, form, version, created, updated, state, completed: completed ?? null, meta, answers };
  const given = (field) => Object.hasOwn(value, field) && value[field] !== undefined;
  if (given('about')) entry.about = cleanPerson(value.about, false);
  if (given('author')) entry.author = cleanPerson(value.author, true);
  if (entry.about === BAD || entry.author === BAD) return { ok: false, reason: 'shape' };
  if (given('visit')) {
    if (value.visit !== null && !(typeof value.visit === 'string' && UUID.test(value.visit))) return { ok: false, reason: 'shape' };
    entry.visit = value.visit;
  }
  if (given('received')) {
    const at = value.received === null ? null : instant(value.received);
    if (value.received !== null && at === null) return { ok: false, reason: 'time' };
    if (at !== null && at > now.getTime() + CLOCK_SKEW_MS) return { ok: false, reason: 'future' };
    entry.received = value.received;
  }
  return { ok: true, entry };
}

/**
 * Check an entry's answers against its form's rules (from formulieren/<id>/vragen.json: { meta: {id: rule},
 * answers: {id: rule} }, a rule { kind, points?, na?, options?, multiple?, other? }). Returns null when
 * every answer fits, or { group, name } of the first that does not: a rating outside the scale, an
 * option the question does not offer, a tick that is not a tick, a date that is not a date.
 * Answers to questions the form no longer asks are kept as they are (shown, never dropped).
 */
export function answerProblem(entry, rules) {
  for (const group of ['meta', 'answers']) {
    const groupRules = own(rules, group) || {};
    for (const [name, value] of Object.entries(entry[group])) {
      const other = name.endsWith(':anders');
      const rule = own(groupRules, other ? name.slice(0, -':anders'.length) : name);
      if (!rule) continue;
      if (other ? !(rule.kind === 'choice' && rule.other && typeof value === 'string') : !fits(rule, value)) {
        return { group, name };
      }
    }
  }
  return null;
}

function fits(rule, value) {
  switch (rule.kind) {
    case 'scale':
      return typeof value === 'string' && ((rule.na && value === 'nvt')
        || (/^[1-9]\d*$/.test(value) && Number(value) <= rule.points));
    case 'check':
      return value === true;
    case 'choice': {
      const offered = (option) => (rule.other && option === 'anders') || rule.options.includes(option);
      if (rule.multiple) return Array.isArray(value) && new Set(value).size === value.length && value.every(offered);
      return typeof value === 'string' && offered(value);
    }
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && instant(`${value}T12:00:00Z`) !== null;
    default:
      return typeof value === 'string';
  }
}

/**
 * Several copies of entries (one backup file may name an id twice): per id the newest edit, in the
 * order the ids first appear; `dropped` counts the older copies left out.
 */
export function newestPerId(entries) {
  const byId = new Map();
  for (const entry of entries) {
    if (!byId.has(entry.id) || isNewer(entry, byId.get(entry.id))) byId.set(entry.id, entry);
  }
  return { entries: [...byId.values()], dropped: entries.length - byId.size };
}
