// The date logic behind "Nu" and the timeline (dates.js): which period is current before, inside, between,
// overlapping and after the periods, and days between dates across a DST change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, periodState, periodStatuses, todayISO } from '../../static/js/lib/dates.js';

// The default programme: overlapping months, as in seed 003.
const periods = [
  { id: 'p1', start: '2025-09-01', deadline: '2025-11-12' },
  { id: 'p2', start: '2025-11-01', deadline: '2026-02-04' },
  { id: 'p3', start: '2026-02-01', deadline: '2026-04-22' },
  { id: 'p4', start: '2026-04-01', deadline: '2026-05-29' },
];

test('before the first period', () => {
  const s = periodState(periods, '2025-08-31');
  assert.equal(s.state, 'before');
  assert.equal(s.next.id, 'p1');
});

test('inside one period', () => {
  assert.equal(periodState(periods, '2025-09-01').current.id, 'p1');
  assert.equal(periodState(periods, '2026-03-15').current.id, 'p3');
});

test('where periods overlap, the earlier deadline wins until it has passed', () => {
  assert.equal(periodState(periods, '2025-11-12').current.id, 'p1');
  assert.equal(periodState(periods, '2025-11-13').current.id, 'p2');
});

test('after the last deadline', () => {
  const s = periodState(periods, '2026-11-23');
  assert.equal(s.state, 'after');
  assert.equal(s.previous.id, 'p4');
});

test('between two periods with a gap', () => {
  const gap = [
    { id: 'a', start: '2025-09-01', deadline: '2025-10-01' },
    { id: 'b', start: '2025-11-01', deadline: '2025-12-01' },
  ];
  const s = periodState(gap, '2025-10-15');
  assert.equal(s.state, 'between');
  assert.equal(s.previous.id, 'a');
  assert.equal(s.next.id, 'b');
});

test('statuses for the timeline', () => {
  assert.deepEqual(periodStatuses(periods, '2025-11-20'), ['past', 'current', 'future', 'future']);
  assert.deepEqual(periodStatuses(periods, '2026-11-23'), ['past', 'past', 'past', 'past']);
});

test('days between ISO days, across a DST change', () => {
  assert.equal(daysBetween('2025-10-01', '2025-11-12'), 42);
  assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
  assert.equal(daysBetween('2025-11-12', '2025-11-12'), 0);
  assert.equal(daysBetween('2025-11-13', '2025-11-12'), -1);
});

test('today in local time', () => {
  assert.equal(todayISO(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
});
