// The entry record (entries.js, entry-check.js): changes, missing answers, averages without n.v.t., radar
// geometry and gaps, requirement progress, answers that fit the form, and no lookup through Object.prototype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyChanges, average, createEntry, gap, missingAnswers, radarPoints, requirementProgress, sectionAverages, withState,
} from '../../static/js/lib/entries.js';

const now = new Date('2025-10-01T10:00:00Z');

test('changes are applied without touching the old record; empty answers disappear', () => {
  const entry = createEntry('id-1', 'kijkwijzer', 'v1', now);
  const next = applyChanges(entry, [{ group: 'answers', name: 'a', value: '3' }, { group: 'meta', name: 'student', value: 'Sam' }],
    new Date('2025-10-01T10:05:00Z'));
  assert.deepEqual(entry.answers, {});
  assert.deepEqual(next.answers, { a: '3' });
  assert.equal(next.updated, '2025-10-01T10:05:00.000Z');
  assert.deepEqual(applyChanges(next, [{ group: 'answers', name: 'a', value: '' }]).answers, {});
  assert.deepEqual(applyChanges(next, [{ group: 'answers', name: 'b', value: [] }]).answers, { a: '3' });
});

test('missing required answers, in order, and completing', () => {
  const entry = applyChanges(createEntry('x', 'f', 'v', now), [{ group: 'meta', name: 'datum', value: '2025-10-01' }]);
  const required = [{ group: 'meta', name: 'student' }, { group: 'meta', name: 'datum' }, { group: 'answers', name: 'q' }];
  assert.deepEqual(missingAnswers(required, entry).map((r) => r.name), ['student', 'q']);
  const done = withState(entry, 'afgerond', now);
  assert.equal(done.completed, now.toISOString());
  assert.equal(withState(done, 'concept').completed, null);
});

test('averages leave out n.v.t. and empty answers', () => {
  assert.equal(average({ a: '4', b: 'nvt', c: '2' }, ['a', 'b', 'c', 'd']), 3);
  assert.equal(average({ b: 'nvt' }, ['b']), null);
  assert.deepEqual(sectionAverages([{ id: 's', items: ['a', 'b', 'c'] }], { a: '4', b: 'nvt' }),
    [{ id: 's', average: 4, answered: 2, total: 3 }]);
});

test('radar points: first axis straight up, value 1 in the centre, the top of the scale at r', () => {
  const [top, right, bottom, left] = radarPoints([7, 4, 1, null], 7, { cx: 100, cy: 100, r: 60 });
  assert.deepEqual(top.map(Math.round), [100, 40]);
  assert.deepEqual(right.map(Math.round), [130, 100]);
  assert.deepEqual(bottom.map(Math.round), [100, 100]);
  assert.deepEqual(left.map(Math.round), [100, 100]);
});

test('a gap is flagged when it is more than a third of the scale', () => {
  assert.deepEqual(gap([6, 3.5, 5], 7), { size: 2.5, flagged: true });
  assert.deepEqual(gap([6, 4], 7), { size: 2, flagged: false });
  assert.deepEqual(gap([6, null], 7), { size: null, flagged: false });
});

test('requirement progress counts completed entries inside the window', () => {
  const entry = (form, state, completed) => ({ form, state, completed });
  const entries = [
    entry('p', 'afgerond', '2026-01-10T10:00:00Z'), entry('d', 'concept', null),
    entry('d', 'afgerond', '2026-05-01T10:00:00Z'), entry('v', 'afgerond', '2025-12-01T09:00:00Z'),
  ];
  const each = { forms: ['p', 'd', 'v'], count: 1, per: 'each', start: '2025-09-01', end: '2026-04-22' };
  assert.deepEqual(requirementProgress(each, entries), { done: 2, needed: 3, missing: ['d'], met: false });
  const total = { forms: ['p', 'd', 'v'], count: 2, per: 'total', start: '2025-09-01', end: '2026-05-29' };
  assert.deepEqual(requirementProgress(total, entries), { done: 2, needed: 2, missing: [], met: true });
});

test('answers fit the form: scale range and n.v.t., known options, ticks, dates; removed questions stay', async () => {
  const { answerProblem } = await import('../../static/js/lib/entry-check.js');
  const rules = { meta: { klas: { kind: 'choice', options: ['1A', '1B'], multiple: false, other: true } },
    answers: { score: { kind: 'scale', points: 4, na: false }, punten: { kind: 'choice', options: ['a', 'b'], multiple: true, other: false },
      gezien: { kind: 'check' }, dag: { kind: 'date' }, tekst: { kind: 'text' } } };
  const entry = (meta, answers) => ({ meta, answers });
  assert.equal(answerProblem(entry({ klas: '1A' }, { score: '4', punten: ['a', 'b'], gezien: true, dag: '2025-10-01', tekst: 'x', weg: 'oud antwoord' }), rules), null);
  assert.equal(answerProblem(entry({ klas: 'anders', 'klas:anders': '2C' }, {}), rules), null);
  for (const [answers, name] of [[{ score: '99' }, 'score'], [{ score: 'nvt' }, 'score'], [{ score: '0' }, 'score'],
    [{ punten: ['c'] }, 'punten'], [{ punten: 'a' }, 'punten'], [{ gezien: 'ja' }, 'gezien'], [{ dag: '2025-02-30' }, 'dag']]) {
    assert.deepEqual(answerProblem(entry({}, answers), rules), { group: 'answers', name }, JSON.stringify(answers));
  }
  assert.deepEqual(answerProblem(entry({ klas: '3Z' }, {}), rules), { group: 'meta', name: 'klas' });
});

test('keys from content or users never read Object.prototype', async () => {
  const { average, missingAnswers, requirementProgress } = await import('../../static/js/lib/entries.js');
  const { own } = await import('../../static/js/lib/instants.js');
  assert.equal(own({}, 'constructor'), undefined);
  assert.equal(average({}, ['constructor', 'toString']), null);
  assert.deepEqual(missingAnswers([{ group: 'answers', name: 'constructor' }], { meta: {}, answers: {} }).length, 1);
  const done = { state: 'afgerond', completed: '2025-10-01T10:00:00.000Z' };
  const progress = requirementProgress({ forms: ['kijkwijzer'], count: 1, per: 'each', start: '2025-09-01', end: '2025-12-01' },
    [{ ...done, form: 'constructor' }, { ...done, form: 'toString' }]);
  assert.deepEqual([progress.done, progress.met], [0, false]);
});
