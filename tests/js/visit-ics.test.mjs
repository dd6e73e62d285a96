// A lesson visit as a calendar event (visit-ics.js): floating local time or a whole day, escaped text,
// folded lines, and the visit's id as UID so a second import updates the event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visitCalendar } from '../../static/js/lib/visit-ics.js';

const visit = { id: '6f1c3a4e-1b2d-4c5e-8f90-a1b2c3d4e5f6', date: '2026-03-12', time: '09:15', school: 'De Regenboog, Rotterdam', class: 'groep 5' };
const now = new Date('2026-03-01T08:00:00.123Z');

test('a visit with a time is an hour in local time; without one, a whole day', () => {
  const text = visitCalendar(visit, { title: 'Lesbezoek bij Anna; kijkwijzer', lines: ['Kijkpunt: vragen stellen', 'Tweede regel'] }, now);
  const lines = text.split('\r\n');
  assert.ok(text.endsWith('\r\n'));
  assert.ok(lines.includes('DTSTART:20260312T091500'));
  assert.ok(lines.includes('DTEND:20260312T101500'));
  assert.ok(lines.includes('DTSTAMP:20260301T080000Z'));
  assert.ok(lines.includes(`UID:lesbezoek-${visit.id}@werkplek`));
  assert.ok(lines.includes('SUMMARY:Lesbezoek bij Anna\\; kijkwijzer'));
  assert.ok(lines.includes('LOCATION:De Regenboog\\, Rotterdam\\, groep 5'));
  assert.ok(text.includes('DESCRIPTION:Kijkpunt: vragen stellen\\nTweede regel'));
  const allDay = visitCalendar({ ...visit, time: '' }, { title: 'x' }, now);
  assert.ok(allDay.includes('DTSTART;VALUE=DATE:20260312') && !allDay.includes('DTEND'));
  assert.ok(visitCalendar({ ...visit, time: '23:30' }, { title: 'x' }, now).includes('DTEND:20260312T235900'));
});

test('long lines fold at 75 octets without splitting a character', () => {
  const text = visitCalendar(visit, { title: 'Lesbezoek ' + 'é'.repeat(100) }, now);
  for (const line of text.split('\r\n')) assert.ok(new TextEncoder().encode(line).length <= 75, line);
  assert.ok(text.replace(/\r\n /g, '').includes('SUMMARY:Lesbezoek ' + 'é'.repeat(100)));
});
