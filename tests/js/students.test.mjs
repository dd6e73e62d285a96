// A mentor's students on this device (students.js, entry-filter.js): entries and opened invitations under one student (by id,
// or by name for entries from before ids), the lesson date of an entry (its fills: date item) or else its last
// edit, the people filter and name search of formulieren/, and entries written here counted in the profile's role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEntry, requirementProgress, withState } from '../../static/js/lib/entries.js';
import { withOwnRole } from '../../static/js/ui/requirements.js';
import { entryDate, entryPeople, filterEntries, lessonDate, nameMatches } from '../../static/js/lib/entry-filter.js';
import { studentsOnDevice, visitForms } from '../../static/js/lib/students.js';

const now = new Date('2026-03-02T10:00:00Z');
const fills = { about: 'student', author: 'observator', date: 'datum' };
const fillsOf = (form) => (form === 'verslag' ? { about: 'naam' } : fills);
const anna = { id: '6f1c3a4e-1b2d-4c5e-8f90-a1b2c3d4e5f6', name: 'Anna de Vries' };
const bram = { id: '7f1c3a4e-1b2d-4c5e-8f90-a1b2c3d4e5f6', name: 'Bram Ösel' };
const me = { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Sara Bos', role: 'so' };

const entry = (form, people = {}, meta = {}, at = now) => ({ ...createEntry(crypto.randomUUID(), form, 'v', at, people), meta });
const visit = (student, extra = {}) => ({
  id: crypto.randomUUID(), student, date: '2026-03-12', time: '09:15', forms: ['kw-a', 'kw-b'], own: false,
  invited: now.toISOString(), ...extra,
});

test('the lesson date is the fills: date item; without one the last edit, and it says which', () => {
  const lesson = entry('kw-a', {}, { datum: '2026-02-11' });
  assert.equal(lessonDate(lesson, fills), '2026-02-11');
  assert.deepEqual(entryDate(lesson, fills), { kind: 'lesson', day: '2026-02-11' });
  assert.deepEqual(entryDate(lesson, {}), { kind: 'edited', at: lesson.updated });
  assert.equal(lessonDate(entry('kw-a', {}, { datum: 'gisteren' }), fills), null);
  assert.equal(lessonDate(entry('kw-a', {}, {}), { date: 'constructor' }), null);
});

test('entries and opened invitations come together per student; her own visits and entries about me stay out', () => {
  const entries = [
    entry('kw-a', { about: anna }),
    entry('kw-b', {}, { student: 'anna de vries' }), // from before ids: the same name
    entry('kw-a', { about: { id: null, name: me.name } }), // about this device's own person
    entry('ander-formulier', { about: bram }), // not a form about a student
  ];
  const visits = [visit(anna), visit(bram, { date: '2026-04-01' }), visit(bram), visit(anna, { own: true })];
  const students = studentsOnDevice(entries, visits, { forms: ['kw-a', 'kw-b'], fillsOf, profile: me });
  assert.deepEqual(students.map((s) => s.person.name), ['Anna de Vries', 'Bram Ösel']);
  assert.equal(students[0].entries.length, 2);
  assert.equal(students[0].visits.length, 1);
  assert.deepEqual(students[1].visits.map((v) => v.date), ['2026-04-01', '2026-03-12']); // newest first
  assert.equal(students[1].entries.length, 0);
});

test('an invitation joins entries that only carry her name', () => {
  const old = entry('kw-a', {}, { student: 'Anna de Vries' });
  const [only] = studentsOnDevice([old], [visit(anna)], { forms: ['kw-a'], fillsOf });
  assert.equal(only.key, `id:${anna.id}`);
  assert.deepEqual(only.person, anna);
  assert.equal(only.entries.length, 1);
});

test('per visit form: this device\'s own newest entry, never one received', () => {
  const v = visit(anna);
  const older = entry('kw-a', { about: anna, visit: v.id }, {}, new Date('2026-03-01T10:00:00Z'));
  const newer = entry('kw-a', { about: anna, visit: v.id });
  const received = { ...entry('kw-b', { about: anna, visit: v.id }), received: now.toISOString() };
  const lines = visitForms(v, [older, newer, received, entry('kw-b', { about: anna })]);
  assert.deepEqual(lines.map((l) => [l.form, l.entry?.id ?? null]), [['kw-a', newer.id], ['kw-b', null]]);
});

test('formulieren/: filter by person and search by a piece of a name, without accents or case', () => {
  const a1 = entry('kw-a', { about: anna });
  const a2 = entry('kw-b', {}, { student: 'Anna de Vries' });
  const b = entry('kw-a', { about: bram });
  const nobody = entry('verslag');
  const all = [a1, a2, b, nobody];
  const { groups, keyOf } = entryPeople(all, fillsOf);
  assert.deepEqual(groups.map((g) => g.person.name), ['Anna de Vries', 'Bram Ösel']);
  assert.equal(keyOf.get(a2.id), `id:${anna.id}`);
  assert.equal(keyOf.has(nobody.id), false);
  assert.deepEqual(filterEntries(all, { person: `id:${anna.id}` }, fillsOf), [a1, a2]);
  assert.deepEqual(filterEntries(all, { query: 'osel' }, fillsOf), [b]);
  assert.deepEqual(filterEntries(all, { query: '  VRIES ' }, fillsOf), [a1, a2]);
  assert.deepEqual(filterEntries(all, { person: `id:${bram.id}`, query: 'anna' }, fillsOf), []);
  assert.deepEqual(filterEntries(all, {}, fillsOf), all);
  assert.ok(nameMatches(anna, ''));
  assert.ok(!nameMatches(null, 'a'));
});

test('entries written here before roles were recorded count in the profile\'s role; received ones never', () => {
  const requirement = { forms: ['kw-a'], count: 1, per: 'each', start: '2026-01-01', end: '2026-12-31', role: 'so' };
  const mine = withState(entry('kw-a', { about: anna }), 'afgerond', now);
  const theirs = { ...withState(entry('kw-a', { about: anna }), 'afgerond', now), received: now.toISOString() };
  assert.equal(requirementProgress(requirement, [mine]).met, false);
  assert.equal(requirementProgress(requirement, withOwnRole([mine], me)).met, true);
  assert.equal(withOwnRole([mine], me)[0].author.name, me.name);
  assert.equal(requirementProgress(requirement, withOwnRole([theirs], me)).met, false);
  assert.deepEqual(withOwnRole([mine], null), [mine]);
});
