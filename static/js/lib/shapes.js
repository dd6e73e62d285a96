// Pure: the shapes a record from outside (a link, a backup, a file) is checked against, in one place for
// entry-check.js, backup.js and visit-link.js. No DOM; runs under `node --test`.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/; // ids of content: forms, roles, programmes
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export const isRecord = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
export const isId = (value) => typeof value === 'string' && UUID.test(value);
/** A text of at most `max` characters. */
export const isText = (value, max) => typeof value === 'string' && value.length <= max;
/** A list of at most `max` items that each pass `test`. */
export const listOf = (value, test, max) => Array.isArray(value) && value.length <= max && value.every(test);
/** "HH:MM" on a 24-hour clock. */
export const isClock = (value) => typeof value === 'string' && CLOCK.test(value);

/** A real calendar day as YYYY-MM-DD (no 31 April). */
export function isDay(value) {
  const parts = typeof value === 'string' && DAY.exec(value);
  if (!parts) return false;
  const day = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  return day.getUTCFullYear() === Number(parts[1]) && day.getUTCMonth() + 1 === Number(parts[2])
    && day.getUTCDate() === Number(parts[3]);
}
