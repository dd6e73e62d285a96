// CSV for Dutch Excel (csv.js): quoting only where needed, formulas defused, one row per entry, removed
// questions at the end, BOM and CRLF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, entriesToCsv } from '../../static/js/lib/csv.js';

test('fields are quoted only when they must be, and formulas are defused', () => {
  assert.equal(csvField('gewoon'), 'gewoon');
  assert.equal(csvField('a;b'), '"a;b"');
  assert.equal(csvField('zei "ja"'), '"zei ""ja"""');
  assert.equal(csvField('regel 1\nregel 2'), '"regel 1\nregel 2"');
  assert.equal(csvField('=1+1'), "'=1+1");
  assert.equal(csvField(undefined), '');
});

test('one row per entry, one column per item, removed items at the end, BOM and CRLF', () => {
  const entry = (id, answers) => ({ id, state: 'afgerond', created: 'c', updated: 'u', completed: 'd', meta: { student: 'Sam' }, answers });
  const csv = entriesToCsv(
    [{ group: 'meta', name: 'student', label: 'Student' }, { group: 'answers', name: 'q', label: 'Vraag; met puntkomma' }],
    [entry('1', { q: '3' }), entry('2', { oud: ['a', 'b'], q: true })],
  );
  assert.ok(csv.startsWith('\uFEFFInvulling;Status;'));
  assert.deepEqual(csv.split('\r\n'), [
    '\uFEFFInvulling;Status;Aangemaakt;Bijgewerkt;Afgerond;Student;"Vraag; met puntkomma";oud (vervallen vraag)',
    '1;afgerond;c;u;d;Sam;3;',
    '2;afgerond;c;u;d;Sam;ja;a, b',
    '',
  ]);
});
