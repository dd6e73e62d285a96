// Pure: times in entry records and safe lookups, small enough for every page (storage.js uses them).
// No DOM and no storage; runs under `node --test`.

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

