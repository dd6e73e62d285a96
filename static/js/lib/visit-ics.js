// Pure: a lesson visit as a calendar event (RFC 5545), for the student and the observer alike. No DOM;
// runs under `node --test`. The time is floating local time (no zone): a lesson at 9:00 is at 9:00 wherever
// the calendar is; a visit without a time is an all-day event. The UID is the visit's id, so importing a
// changed visit again updates the event instead of adding a second one.

const escape = (text) => String(text).replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Lines longer than 75 octets are folded (RFC 5545 3.1), without splitting a UTF-8 character. */
function fold(line) {
  const bytes = new TextEncoder();
  const out = [];
  let current = '';
  for (const char of line) {
    if (bytes.encode(current + char).length > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
    }
    current += char;
  }
  out.push(current);
  return out.join('\r\n ');
}

const compact = (iso) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

const pad = (n) => String(n).padStart(2, '0');

/** An hour after the start, on the same day (a lesson at 23:30 ends at 23:59). */
function endOf(date, time) {
  const [h, m] = time.split(':').map(Number);
  const [eh, em] = h >= 23 ? [23, 59] : [h + 1, m];
  return `${date.replace(/-/g, '')}T${pad(eh)}${pad(em)}00`;
}

/**
 * The .ics text for `visit` (the visit record of docs/lesbezoek.md): `title` ("Lesbezoek bij Anna de Vries")
 * and `lines` (what the description says, one per line). `now` stamps the event.
 */
export function visitCalendar(visit, { title, lines = [] }, now = new Date()) {
  const day = visit.date.replace(/-/g, '');
  const when = visit.time
    ? [`DTSTART:${day}T${visit.time.replace(':', '')}00`, `DTEND:${endOf(visit.date, visit.time)}`]
    : [`DTSTART;VALUE=DATE:${day}`];
  const where = [visit.school, visit.class].filter(Boolean).join(', ');
  const event = [
    'BEGIN:VEVENT',
    `UID:lesbezoek-${visit.id}@werkplek`,
    `DTSTAMP:${compact(now.toISOString())}`,
    ...when,
    `SUMMARY:${escape(title)}`,
    ...(where ? [`LOCATION:${escape(where)}`] : []),
    ...(lines.length ? [`DESCRIPTION:${escape(lines.join('\n'))}`] : []),
    'END:VEVENT',
  ];
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Werkplek//Lesbezoek//NL', 'CALSCALE:GREGORIAN', ...event, 'END:VCALENDAR']
    .map(fold).join('\r\n') + '\r\n';
}
