// The groeidossier (dossier.js): whose records are in it, which period each falls in (lesson date, else the
// day completed, else the last edit; between two periods the next), the order, when a copy is due, the file
// name; and answers as words (answer-text.js), as the dossier and ontvangen/ show them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COPY_EVERY, copyDue, dossierByPeriod, dossierFileName, dossierRecords, entryDay, newSinceCopy, periodOf,
} from '../../static/js/lib/dossier.js';
import { answerText } from '../../static/js/lib/answer-text.js';

const periods = [
  { id: 'p1', start: '2025-09-01', deadline: '2025-11-12' },
  { id: 'p2', start: '2025-11-17', deadline: '2026-02-04' },
  { id: 'p3', start: '2026-02-09', deadline: '2026-04-22' },
];
const forms = {
  kijkwijzer: { about: 'student', filled_by: ['wpb', 'so'], fills: { date: 'datum', author: 'observator' } },
  verslag: { about: 'student', filled_by: ['student'], fills: { date: 'datum' } },
  feedback: { about: 'wpb', filled_by: ['student'], fills: {} },
};
const entry = (id, form, change = {}) => ({
  id, form, version: 'v', created: '2026-01-10T09:00:00.000Z', updated: '2026-01-10T09:00:00.000Z', state: 'concept',
  completed: null, meta: {}, answers: {}, ...change,
});

test('a day falls in its period; between two, the next; outside all, none', () => {
  assert.equal(periodOf('2025-10-01', periods), 'p1');
  assert.equal(periodOf('2025-11-12', periods), 'p1', 'the deadline is in its period');
  assert.equal(periodOf('2025-11-14', periods), 'p2', 'after a deadline, before the next start');
  assert.equal(periodOf('2025-08-01', periods), null);
  assert.equal(periodOf('2026-05-01', periods), null);
  assert.equal(periodOf(null, periods), null);
});

test('an entry counts on its lesson date, else the day it was completed, else its last edit', () => {
  const fills = forms.kijkwijzer.fills;
  assert.equal(entryDay(entry('a', 'kijkwijzer', { meta: { datum: '2026-03-12' }, completed: '2026-03-20T10:00:00.000Z' }), fills), '2026-03-12');
  assert.equal(entryDay(entry('a', 'kijkwijzer', { meta: { datum: 'gisteren' }, completed: '2026-03-20T10:00:00.000Z' }), fills), '2026-03-20');
  assert.equal(entryDay(entry('a', 'kijkwijzer'), fills), '2026-01-10');
  assert.equal(entryDay(entry('a', 'kijkwijzer', { meta: { datum: '2026-03-12' } }), {}), '2026-01-10', 'no fills: no lesson date');
});

test("her dossier: her own visits, what she received about her role, her own reports; not others' records", () => {
  const entries = [
    entry('received', 'kijkwijzer', { received: '2026-03-13T10:00:00.000Z' }),
    entry('report', 'verslag'),
    entry('for-the-wpb', 'feedback'), // she fills it in, but about her mentor
    entry('unknown-form', 'weg', { received: '2026-03-13T10:00:00.000Z' }),
    entry('drafted-here', 'kijkwijzer'), // a kijkwijzer begun on this device is not hers to have written
  ];
  const visits = [{ id: 'v1', own: true, date: '2026-03-12', created: '2026-03-01T00:00:00.000Z' }, { id: 'v2', own: false, date: '2026-03-12' }];
  const picked = dossierRecords({ entries, visits }, forms, 'student');
  assert.deepEqual(picked.visits.map((v) => v.id), ['v1']);
  assert.deepEqual(picked.received.map((e) => e.id), ['received']);
  assert.deepEqual(picked.own.map((e) => e.id), ['report']);
  assert.deepEqual(dossierRecords({ entries, visits: [] }, forms, 'wpb').own.map((e) => e.id), [], 'a mentor has no report of hers');
});

test('per period in order, every period listed, outside ones last; sorted by day and time', () => {
  const entries = [
    entry('late', 'verslag', { meta: { datum: '2026-03-30' } }),
    entry('early', 'verslag', { meta: { datum: '2026-02-10' } }),
    entry('p1', 'kijkwijzer', { received: '2025-10-02T10:00:00.000Z', meta: { datum: '2025-10-01' } }),
    entry('summer', 'verslag', { meta: { datum: '2026-07-01' } }),
  ];
  const visits = [
    { id: 'b', own: true, date: '2026-03-12', time: '13:00' }, { id: 'a', own: true, date: '2026-03-12', time: '09:15' },
  ];
  const groups = dossierByPeriod({ entries, visits }, forms, 'student', periods);
  assert.deepEqual(groups.map((g) => g.period && g.period.id), ['p1', 'p2', 'p3', null]);
  assert.deepEqual(groups[0].received.map((e) => e.id), ['p1']);
  assert.deepEqual([groups[1].visits, groups[1].received, groups[1].own].map((l) => l.length), [0, 0, 0]);
  assert.deepEqual(groups[2].visits.map((v) => v.id), ['a', 'b']);
  assert.deepEqual(groups[2].own.map((e) => e.id), ['early', 'late']);
  assert.deepEqual(groups[3].own.map((e) => e.id), ['summer']);
  assert.equal(dossierByPeriod({ entries: [], visits: [] }, forms, 'student', periods).length, 3, 'no outside group when empty');
});

test('a copy is due after a few new records: visits made, entries received or begun since the last copy', () => {
  const records = {
    visits: [{ created: '2026-03-01T09:00:00.000Z' }],
    received: [{ created: '2026-02-01T09:00:00.000Z', received: '2026-03-13T10:00:00.000Z' }],
    own: [{ created: '2026-03-14T09:00:00.000Z' }, { created: '2026-01-14T09:00:00.000Z' }],
  };
  assert.equal(newSinceCopy(records, null), 4);
  assert.equal(newSinceCopy(records, '2026-03-02T00:00:00.000Z'), 2);
  assert.equal(COPY_EVERY, 3);
  assert.equal(copyDue(records, null), true);
  assert.equal(copyDue(records, '2026-03-02T00:00:00.000Z'), false);
  assert.equal(copyDue(records, '2026-04-01T00:00:00.000Z'), false);
});

test('the file is named after her, without accents or spaces', () => {
  assert.equal(dossierFileName('Ánna de Vries', new Date(2026, 2, 2, 12)), 'groeidossier-anna-de-vries-2026-03-02.json');
  assert.equal(dossierFileName('', new Date(2026, 2, 2, 12)), 'groeidossier-2026-03-02.json');
});

test('answers as words: a scale by its label, n.v.t., a tick, options with "anders", a date in Dutch', () => {
  const words = { yes: 'ja', other: 'anders, namelijk:' };
  const scale = { id: 's', kind: 'scale', points: 4, labels: ['nog niet', 'deels', 'zichtbaar', 'sterk'], na_label: 'niet van toepassing' };
  assert.equal(answerText(scale, { s: '3' }, words), '3 van 4: zichtbaar');
  assert.equal(answerText(scale, { s: 'nvt' }, words), 'niet van toepassing');
  assert.equal(answerText(scale, {}, words), null);
  assert.equal(answerText({ id: 'c', kind: 'check' }, { c: true }, words), 'ja');
  assert.equal(answerText({ id: 'k', kind: 'choice' }, { k: ['a', 'anders'], 'k:anders': 'b' }, words), 'a, anders, namelijk: b');
  assert.equal(answerText({ id: 'd', kind: 'date' }, { d: '2026-03-12' }, words), 'do 12 maart 2026');
  assert.equal(answerText({ id: 't', kind: 'text' }, { t: 'Open vragen' }, words), 'Open vragen');
  assert.equal(answerText({ id: 'constructor', kind: 'text' }, {}, words), null);
});
