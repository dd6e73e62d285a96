// The people in an entry record (people.js): whom it is about and who wrote it, from the record or, for an
// entry from before those fields, from the metadata items the form marks with `fills`; grouping per student;
// and requirement progress that counts per student and only the role a requirement names (entries.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEntry, requirementProgress, withState } from '../../static/js/lib/entries.js';
import { aboutOf, authorOf, groupByPerson, isPerson, normalName, personKey, personText, withPeople } from '../../static/js/lib/people.js';

const now = new Date('2026-03-02T10:00:00Z');
const fills = { about: 'student', author: 'observator' };
const anna = { id: '6f1c3a4e-1b2d-4c5e-8f90-a1b2c3d4e5f6', name: 'Anna de Vries' };
const wpb = { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Piet Jansen', role: 'wpb' };
const so = { id: '1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Sara Bos', role: 'so' };

const done = (entry) => withState(entry, 'afgerond', now);
const entryOf = (form, people, meta = {}) => done({ ...createEntry(crypto.randomUUID(), form, 'v', now, people), meta });

test('an old entry names its people through the form\'s fills; the record wins when it has them', () => {
  const old = { ...createEntry('x', 'kijkwijzer', 'v', now), meta: { student: '  Anna de Vries ', observator: 'Piet, wpb' } };
  assert.deepEqual(aboutOf(old, fills), { id: null, name: 'Anna de Vries' });
  assert.deepEqual(authorOf(old, fills), { id: null, name: 'Piet, wpb', role: null });
  assert.equal(aboutOf(old, {}), null);
  const migrated = withPeople(old, fills);
  assert.deepEqual(migrated.about, { id: null, name: 'Anna de Vries' });
  assert.equal(migrated.visit, null);
  assert.equal(migrated.received, null);
  const recorded = createEntry('y', 'kijkwijzer', 'v', now, { about: anna, author: wpb });
  assert.deepEqual(aboutOf({ ...recorded, meta: { student: 'iemand anders' } }, fills), anna);
  assert.deepEqual(withPeople(recorded, fills).author, wpb);
  // a metadata name that is a prototype property is no person
  assert.equal(aboutOf({ ...old, meta: {} }, { about: 'constructor' }), null);
});

test('names compare without accents, case or extra spaces; ids beat names', () => {
  assert.equal(normalName(' Ánna  de VRIES '), 'anna de vries');
  assert.equal(personKey({ id: anna.id, name: 'x' }), `id:${anna.id}`);
  assert.equal(personKey({ id: null, name: 'Anna' }), 'naam:anna');
  assert.equal(personKey({ id: null, name: ' ' }), null);
  assert.ok(isPerson({ id: anna.id, name: 'A.' }, anna));
  assert.ok(!isPerson({ id: wpb.id, name: 'Anna de Vries' }, anna));
  assert.ok(isPerson({ id: null, name: 'anna de vries' }, anna));
  assert.equal(personText(wpb, (r) => ({ wpb: 'werkplekbegeleider' })[r]), 'Piet Jansen (werkplekbegeleider)');
  assert.equal(personText({ id: null, name: '', role: 'so' }, () => 'schoolopleider'), 'een schoolopleider');
});

test('entries group per student: an entry with only her name joins the one with her id', () => {
  const ben = { id: null, name: 'Ben Smit' };
  const entries = [
    entryOf('kijkwijzer-a', { about: anna, author: wpb }),
    entryOf('kijkwijzer-b', {}, { student: 'anna de vries' }),
    entryOf('kijkwijzer-a', { about: ben, author: so }),
    entryOf('kijkwijzer-a', {}, {}),
  ];
  const groups = groupByPerson(entries, () => fills);
  assert.deepEqual(groups.map((g) => [g.person.name, g.entries.length]), [['Anna de Vries', 2], ['Ben Smit', 1]]);
  assert.equal(groups[0].key, `id:${anna.id}`);
});

test('progress is per student, and a requirement that names a role counts only entries written in it', () => {
  const forms = ['kijkwijzer-a', 'kijkwijzer-b', 'kijkwijzer-c'];
  const each = { forms, count: 1, per: 'each', start: '2026-01-01', end: '2026-06-30' };
  const byWpb = { forms, count: 2, per: 'total', start: '2026-01-01', end: '2026-06-30', role: 'wpb' };
  // An SO with four students, none of whom has all three kijkwijzers, filled them all herself.
  const students = ['A', 'B', 'C', 'D'].map((name) => ({ id: crypto.randomUUID(), name }));
  const entries = students.flatMap((student, i) => forms.filter((_, f) => f !== i % 3)
    .map((form) => entryOf(form, { about: student, author: so })));
  assert.equal(requirementProgress(each, entries).met, true); // the old, device-wide count: wrong
  const groups = groupByPerson(entries, () => fills);
  assert.deepEqual(groups.map((g) => requirementProgress(each, g.entries).done), [2, 2, 2, 2]);
  assert.ok(groups.every((g) => !requirementProgress(each, g.entries).met));
  assert.ok(groups.every((g) => requirementProgress(byWpb, g.entries).done === 0));
  const withWpb = [...groups[0].entries, entryOf('kijkwijzer-a', { about: students[0], author: wpb }),
    entryOf('kijkwijzer-b', { about: students[0], author: wpb })];
  assert.deepEqual(requirementProgress(byWpb, withWpb), { done: 2, needed: 2, missing: [], met: true });
});
