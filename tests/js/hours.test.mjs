// The hours calculator's arithmetic (hours.js): per-student and fixed rows, semester and year tables, totals
// that add up, rounding, Dutch numbers and the words for screen readers. test_hours.py compares it with hours.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatHours, parseStudents, roleTotals, roundHours, rowHours, scalesWithStudents, studentsText, summarySentence,
  yearNote,
} from '../../static/js/lib/hours.js';

const fixed = (hours, optional = false) => ({ hours, per_student: null, optional });
const perStudent = (hours, optional = false) => ({ hours: null, per_student: hours, optional });

// A made-up role: a semester table that counts twice a year, and a year table with an optional task.
const tables = [
  { per: 'semester', times: 2, rows: [perStudent(1), perStudent(2.25), fixed(19.5)] },
  { per: 'year', times: 1, rows: [fixed(5), fixed(18, true), perStudent(3.5)] },
];

test('per-student rows scale with the number, fixed rows do not', () => {
  assert.equal(rowHours(perStudent(2.25), 10), 22.5);
  assert.equal(rowHours(perStudent(2.25), 0), 0);
  assert.equal(rowHours(fixed(19.5), 10), 19.5);
});

test('semester tables count once per semester and `times` per year; year tables only per year', () => {
  const t = roleTotals(tables, 10);
  // per semester: 10 x (1 + 2.25) + 19.5
  assert.deepEqual(t.total, { semester: 52, year: 2 * 52 + 5 + 18 + 35 });
  assert.deepEqual(t.rate, { semester: 3.25, year: 2 * 3.25 + 3.5 });
  assert.deepEqual(t.scaled, { semester: 32.5, year: 65 + 35 });
  assert.deepEqual(t.fixed, { semester: 19.5, year: 39 + 5 });
  assert.deepEqual(t.optional, { semester: null, year: 18 });
  assert.deepEqual(t.required, { semester: 52, year: 162 - 18 });
});

test('another number of students, checked by hand', () => {
  const t = roleTotals(tables, 7);
  // semester: 7 x 3.25 = 22.75, + 19.5 = 42.25; year: 2 x 42.25 + 5 + 18 + 7 x 3.5 = 132
  assert.deepEqual(t.total, { semester: 42.25, year: 132 });
  assert.deepEqual(t.required, { semester: 42.25, year: 114 });
});

test('the parts add up to the total in every column', () => {
  for (const students of [0, 1, 3, 10, 25]) {
    const t = roleTotals(tables, students);
    for (const column of ['semester', 'year']) {
      const parts = ['scaled', 'fixed', 'optional'].reduce((sum, c) => sum + (t[c][column] ?? 0), 0);
      assert.equal(roundHours(parts), t.total[column], `${students} ${column}`);
    }
  }
});

test('a role with only year tables has no semester figures', () => {
  const t = roleTotals([{ per: 'year', times: 1, rows: [fixed(74), perStudent(3.5)] }], 10);
  for (const category of Object.keys(t)) assert.equal(t[category].semester, null, category);
  assert.equal(t.total.year, 109);
  assert.equal(yearNote([{ per: 'year', times: 1, rows: [] }]), 'Deze rol heeft alleen taken per schooljaar.');
  assert.equal(yearNote(tables), 'Per schooljaar tellen de taken per semester 2 keer mee.');
});

test('rounding to two decimals, half up, without float noise', () => {
  assert.equal(roleTotals([{ per: 'year', times: 1, rows: [perStudent(1.1)] }], 3).total.year, 3.3);
  assert.equal(roundHours(0.125), 0.13);
});

test('Dutch number formatting', () => {
  assert.equal(formatHours(32.5), '32,5 uur');
  assert.equal(formatHours(97), '97 uur');
  assert.equal(formatHours(1234.5), '1.234,5 uur');
  assert.equal(formatHours(2.25), '2,25 uur');
  assert.equal(formatHours(null), '—');
});

test('the number of students: a whole number from 0 to 999, else nothing', () => {
  assert.equal(parseStudents('12'), 12);
  assert.equal(parseStudents(' 0 '), 0);
  assert.equal(parseStudents('999'), 999);
  for (const bad of ['', '-1', '2,5', '2.5', '1e3', '1000', 'tien']) assert.equal(parseStudents(bad), null, bad);
});

test('words for screen readers', () => {
  assert.equal(studentsText(1), '1 aankomend leraar');
  assert.equal(studentsText(12), '12 aankomend leraren');
  // A partnership names its student teachers itself (site.yml: learner).
  assert.equal(studentsText(1, { singular: 'stagiair', plural: 'stagiairs' }), '1 stagiair');
  assert.equal(studentsText(3, { singular: 'stagiair', plural: 'stagiairs' }), '3 stagiairs');
  assert.equal(scalesWithStudents(tables), true);
  assert.equal(scalesWithStudents([{ per: 'year', times: 1, rows: [fixed(3)] }]), false);
  assert.equal(
    summarySentence('Rol', 10, roleTotals(tables, 10)),
    'Rol, 10 aankomend leraren: 52 uur per semester, 162 uur per schooljaar; zonder optionele taken 144 uur per schooljaar.',
  );
});
