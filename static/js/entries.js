// Pure: the entry record every form shares, and what is computed from entries (missing answers,
// averages, radar geometry, requirement progress). No DOM and no storage; runs under `node --test`.
//
// An entry: { id: UUID, form: form id, version: the form's build hash, created, updated (ISO times),
//   state: 'concept' | 'afgerond', completed: ISO time | null, meta: { itemId: value },
//   answers: { itemId: value } }. A value is a string (text, date, choice, '1'..'n' or 'nvt' for a
//   scale), true (check) or a list of strings (choice with several answers); "anders, namelijk" text
//   is kept under `<item id>:anders`. An empty answer is absent.

export function createEntry(id, form, version, now = new Date()) {
  const at = now.toISOString();
  return { id, form, version, created: at, updated: at, state: 'concept', completed: null, meta: {}, answers: {} };
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
 * Progress of a programme requirement { forms, count, per: 'each' | 'total', start, end } (ISO days)
 * from entries: only completed ones count, by the day they were completed, inside [start, end].
 * Returns { done, needed, missing: [form ids still short], met }.
 */
export function requirementProgress(requirement, entries) {
  const counts = new Map(requirement.forms.map((form) => [form, 0]));
  for (const entry of entries) {
    if (entry.state !== 'afgerond' || !entry.completed || !counts.has(entry.form)) continue;
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

// -- times: ISO 8601 in UTC, compared as instants ---------------------------------------------------
// The only form a time has in a record: what Date#toISOString writes (milliseconds optional). Anything
// else Date.parse might read ("Mon, 01 Jan 2001", "2025-10-01", a local time) is refused, so two copies
// of an entry are always compared as the moments they were made, never as text.
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;
export const CLOCK_SKEW_MS = 15 * 60 * 1000; // another device's clock may be a little ahead of ours

/** The instant (ms since 1970) of an ISO 8601 UTC time, or null for anything else (also 2025-02-30). */
export function instant(value) {
  if (typeof value !== 'string') return null;
  const parts = ISO_UTC.exec(value);
  if (!parts) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(parts[1]) || back.getUTCMonth() + 1 !== Number(parts[2])
      || back.getUTCDate() !== Number(parts[3]) || back.getUTCHours() !== Number(parts[4])) return null;
  return ms;
}

/** Whether `candidate` is a later edit than `stored` (both entry records; a missing one is older). */
export function isNewer(candidate, stored) {
  if (!stored) return true;
  return (instant(candidate.updated) ?? -Infinity) > (instant(stored.updated) ?? -Infinity);
}

/** Own property only: a key from content or from a user ('constructor', '__proto__') never reads
 * something of Object.prototype. */
export function own(object, key) {
  return object && Object.hasOwn(object, key) ? object[key] : undefined;
}

// -- checking an entry that comes from outside (a backup, a share link, a file) ----------------------
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FORM_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ANSWER_NAME = /^[a-z0-9]+(-[a-z0-9]+)*(:anders)?$/;
const MAX_TEXT = 20000; // characters in one answer: pages of notes, never a pasted document
const isText = (value) => typeof value === 'string' && value.length <= MAX_TEXT;

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
 * UTC, or created after updated) or 'future' (made later than `now` plus a little clock skew).
 */
export function validateEntry(value, now = new Date()) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'shape' };
  const { id, form, version, created, updated, state, completed } = value;
  if (typeof id !== 'string' || !UUID.test(id) || typeof form !== 'string' || !FORM_ID.test(form)) return { ok: false, reason: 'shape' };
  if (typeof version !== 'string' || version.length > 64) return { ok: false, reason: 'shape' };
  if (state !== 'concept' && state !== 'afgerond') return { ok: false, reason: 'shape' };
  const meta = cleanAnswers(value.meta);
  const answers = cleanAnswers(value.answers);
  if (!meta || !answers) return { ok: false, reason: 'shape' };
  const times = [instant(created), instant(updated), completed == null ? 0 : instant(completed)];
  if (times.includes(null) || times[0] > times[1] || times[2] > times[1]) return { ok: false, reason: 'time' };
  if (times[1] > now.getTime() + CLOCK_SKEW_MS) return { ok: false, reason: 'future' };
  if (state === 'afgerond' && completed == null) return { ok: false, reason: 'shape' };
  return { ok: true, entry: { id, form, version, created, updated, state, completed: completed ?? null, meta, answers } };
}

/** A fully checked copy of an entry record from outside, with only the known fields; or null. */
export function checkEntry(value, now = new Date()) {
  const checked = validateEntry(value, now);
  return checked.ok ? checked.entry : null;
}

/**
 * Check an entry's answers against its form's rules (formulieren/regels.json: { meta: {id: rule},
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
