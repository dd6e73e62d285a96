// The backup file (backup.js): made and read back, refused whole when it is not ours, newer or has a bad
// entry, format 1 still read; what an import would add, keep or skip; times, newest-wins and answers checked;
// format 3: lesson visits and the profile, checked, and a format 2 file still imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKUP_FORMAT, backupFileName, makeBackup, parseBackup } from '../../static/js/lib/backup.js';

const data = {
  ticks: { 'rol:wpb:tijd-vrijmaken': { done: true, at: '2025-10-01T10:00:00.000Z' },
           'taak:hr-n2-2025-2026:p1:kijkwijzer-invullen': { done: true, at: '2025-10-02T10:00:00.000Z' } },
  prefs: { role: 'wpb', programme: 'hr-n2-2025-2026' },
};

test('a backup made by the app reads back the same', () => {
  const backup = makeBackup(data, '/stage/', new Date('2025-10-03T12:00:00Z'));
  assert.equal(backup.format, BACKUP_FORMAT);
  assert.deepEqual(parseBackup(JSON.stringify(backup)), { ok: true, data: { ...data, entries: [], visits: [], profile: null }, scope: '/stage/' });
  assert.equal(backupFileName(new Date('2025-10-03T12:00:00Z')), 'werkplek-back-up-2025-10-03.json');
});

test('not JSON, not ours, or from a newer app', () => {
  assert.equal(parseBackup('{kapot').reason, 'json');
  assert.equal(parseBackup('[]').reason, 'format');
  assert.equal(parseBackup(JSON.stringify({ app: 'ander', format: 1 })).reason, 'format');
  assert.equal(parseBackup(JSON.stringify({ ...makeBackup(data, '/'), format: BACKUP_FORMAT + 1 })).reason, 'version');
});

test('a bad entry is named and nothing is accepted', () => {
  const bad = (change) => parseBackup(JSON.stringify({ ...makeBackup(data, '/'), ...change }));
  assert.deepEqual(bad({ ticks: { 'iets:x': { done: true, at: '2025-01-01' } } }),
    { ok: false, reason: 'content', detail: 'ticks.iets:x' });
  assert.equal(bad({ ticks: { 'rol:wpb:x': { done: false, at: '2025-01-01' } } }).detail, 'ticks.rol:wpb:x');
  assert.equal(bad({ ticks: { 'rol:wpb:x': { done: true, at: 'gisteren' } } }).detail, 'ticks.rol:wpb:x');
  assert.equal(bad({ prefs: { role: '<script>' } }).detail, 'prefs.role');
  assert.equal(bad({ prefs: { theme: 'donker' } }).detail, 'prefs.theme');
  assert.equal(bad({ ticks: null }).detail, 'ticks');
});

test('only known fields are kept from a record', () => {
  const parsed = parseBackup(JSON.stringify(makeBackup({
    ticks: { 'rol:so:a': { done: true, at: '2025-01-01T00:00:00Z', extra: 'x' } }, prefs: {},
  }, '/')));
  assert.deepEqual(parsed.data.ticks, { 'rol:so:a': { done: true, at: '2025-01-01T00:00:00Z' } });
});

test('an import plan adds only known ticks, keeps what is there, and refuses another site', async () => {
  const { planImport } = await import('../../static/js/lib/backup.js');
  const site = {
    scope: '/stage/',
    keys: new Set(['rol:wpb:tijd-vrijmaken', 'rol:wpb:b']),
    prefs: { role: new Set(['wpb', 'so']), programme: new Set(['hr-n2-2025-2026']) },
  };
  const parsed = parseBackup(JSON.stringify(makeBackup({
    ticks: {
      'rol:wpb:tijd-vrijmaken': { done: true, at: '2025-10-01T10:00:00.000Z' },
      'rol:wpb:b': { done: true, at: '2025-10-01T10:00:00.000Z' },
      'rol:nep:x': { done: true, at: '2025-10-01T10:00:00.000Z' },
    },
    prefs: { role: 'verdwenen-rol', programme: 'hr-n2-2025-2026' },
  }, '/stage/')));
  const plan = planImport(parsed, site, { ticks: new Set(['rol:wpb:b']), prefs: { role: 'so' } });
  assert.equal(plan.ok, true);
  assert.deepEqual(Object.keys(plan.write.ticks), ['rol:wpb:tijd-vrijmaken']);
  assert.deepEqual([plan.added, plan.already, plan.skipped], [1, 1, 1]);
  assert.deepEqual(plan.write.prefs, { programme: 'hr-n2-2025-2026' });
  assert.deepEqual(plan.ignoredPrefs, ['role']);
  assert.deepEqual(planImport({ ...parsed, scope: '/pabo/' }, site, { ticks: new Set(), prefs: {} }),
    { ok: false, reason: 'scope', detail: '/pabo/' });
});

test('format 2 carries entries, each checked; a format 1 file still imports', async () => {
  const { createEntry, applyChanges } = await import('../../static/js/lib/entries.js');
  const entry = applyChanges(createEntry('0b6a2c1e-9f3d-4c1a-8e2b-5d7f9a0c3e41', 'kijkwijzer-x', 'abc', new Date('2025-10-01T10:00:00Z')),
    [{ group: 'answers', name: 'tops', value: 'Goed' }, { group: 'answers', name: 'keuze:anders', value: 'iets' }]);
  const backup = makeBackup({ ...data, entries: [entry] }, '/stage/');
  assert.deepEqual(parseBackup(JSON.stringify(backup)).data.entries, [entry]);
  const bad = (change) => parseBackup(JSON.stringify({ ...backup, entries: [{ ...entry, ...change }] }));
  assert.equal(bad({ id: 'niet-een-uuid' }).detail, 'entries[0]');
  assert.equal(bad({ state: 'klaar' }).detail, 'entries[0]');
  assert.equal(bad({ answers: { '<b>': 'x' } }).detail, 'entries[0]');
  assert.equal(bad({ answers: { a: 'x'.repeat(20001) } }).detail, 'entries[0]');
  assert.equal(parseBackup(JSON.stringify({ ...backup, entries: 'x' })).detail, 'entries');
  const v1 = { app: 'werkplek', format: 1, exported: '2025-10-01T10:00:00Z', scope: '/stage/', ...data };
  assert.deepEqual(parseBackup(JSON.stringify(v1)).data.entries, []);
});

test('an import plan keeps the newer edit of an entry and skips unknown forms', async () => {
  const { planImport } = await import('../../static/js/lib/backup.js');
  const e = (id, form, updated) => ({ id, form, version: 'v', created: updated, updated, state: 'concept', completed: null, meta: {}, answers: {} });
  const parsed = { scope: '/', data: { ticks: {}, prefs: {}, entries: [
    e('a', 'f', '2025-10-02T00:00:00Z'), e('b', 'f', '2025-10-01T00:00:00Z'), e('c', 'f', '2025-10-05T00:00:00Z'), e('d', 'weg', '2025-10-01T00:00:00Z'),
  ] } };
  const plan = planImport(parsed, { scope: '/', keys: new Set(), forms: new Set(['f']), prefs: {} },
    { ticks: new Set(), prefs: {}, entries: new Map([['b', { form: 'f', updated: '2025-10-03T00:00:00Z' }], ['c', { form: 'f', updated: '2025-10-04T00:00:00Z' }]]) });
  assert.deepEqual(plan.write.entries.map((x) => x.id), ['a', 'c']);
  assert.deepEqual([plan.entriesAdded, plan.entriesUpdated, plan.entriesKept, plan.entriesSkipped], [1, 1, 1, 1]);
});

const uuid = (n) => `0b6a2c1e-9f3d-4c1a-8e2b-${String(n).padStart(12, '0')}`;
const record = (n, form, updated, answers = {}) => ({
  id: uuid(n), form, version: 'v', created: '2025-10-01T00:00:00.000Z', updated, state: 'concept', completed: null, meta: {}, answers,
});
const site = { scope: '/', keys: new Set(), forms: new Set(['f', 'g']), prefs: {},
  rules: { f: { meta: {}, answers: { score: { kind: 'scale', points: 4, na: true } } }, g: { meta: {}, answers: {} } } };
const none = { ticks: new Set(), prefs: {} };
const file = (entries) => parseBackup(JSON.stringify({ ...makeBackup({ ticks: {}, prefs: {}, entries }, '/') }), new Date('2026-12-01T12:00:00Z'));

test('times are ISO 8601 UTC instants: an RFC 2822 date or a time in the future is refused', () => {
  assert.equal(file([record(1, 'f', 'Mon, 01 Jan 2001 00:00:00 GMT')]).reason, 'content');
  assert.equal(file([record(1, 'f', '2025-10-02')]).reason, 'content');
  assert.equal(file([record(1, 'f', '2025-02-30T10:00:00Z')]).reason, 'content');
  assert.equal(file([record(1, 'f', '2025-10-02T10:00:00+02:00')]).reason, 'content');
  assert.deepEqual(file([record(1, 'f', '9999-01-01T00:00:00Z')]), { ok: false, reason: 'future', detail: 'entries[0]' });
  // created after updated is no real record either
  assert.equal(file([{ ...record(1, 'f', '2025-10-01T00:00:00Z'), created: '2025-10-02T00:00:00Z' }]).reason, 'content');
  assert.equal(file([record(1, 'f', '2026-12-01T12:10:00Z')]).ok, true, 'a few minutes of clock skew is fine');
});

test('newest wins as instants, not as text; one id twice counts once, the newer copy', async () => {
  const { planImport } = await import('../../static/js/lib/backup.js');
  // As text '2025-10-02T09:00:00Z' < '2025-10-02T09:00:00.5Z' holds, but so does '...00.000Z' < '...00Z':
  const stored = new Map([[uuid(1), { form: 'f', updated: '2025-10-02T09:00:00Z' }]]);
  let plan = planImport(file([record(1, 'f', '2025-10-02T09:00:00.000Z')]), site, { ...none, entries: stored });
  assert.deepEqual([plan.entriesUpdated, plan.entriesKept], [0, 1], 'the same instant written two ways is not newer');
  const older = record(2, 'f', '2025-10-01T00:00:00.000Z', { score: '1' });
  const newer = record(2, 'f', '2025-10-03T00:00:00.000Z', { score: '3' });
  plan = planImport(file([newer, older]), site, { ...none, entries: new Map() });
  assert.deepEqual([plan.entriesAdded, plan.write.entries.length, plan.write.entries[0].answers.score], [1, 1, '3']);
  plan = planImport(file([older, newer]), site, { ...none, entries: new Map() });
  assert.deepEqual([plan.entriesAdded, plan.write.entries[0].answers.score], [1, '3']);
});

test('another form under a known id is refused; answers are checked against the form', async () => {
  const { planImport } = await import('../../static/js/lib/backup.js');
  const stored = new Map([[uuid(1), { form: 'f', updated: '2025-10-01T00:00:00Z' }]]);
  const plan = planImport(file([record(1, 'g', '2025-11-01T00:00:00.000Z')]), site, { ...none, entries: stored });
  assert.deepEqual([plan.entriesForeign, plan.entriesUpdated, plan.write.entries.length], [1, 0, 0]);
  assert.deepEqual(planImport(file([record(3, 'f', '2025-11-01T00:00:00.000Z', { score: '99' })]), site, { ...none, entries: new Map() }),
    { ok: false, reason: 'answers', detail: 'entries[0]: score' });
  assert.equal(planImport(file([record(3, 'f', '2025-11-01T00:00:00.000Z', { score: 'nvt' })]), site, { ...none, entries: new Map() }).ok, true);
});

const visit = (n, updated = '2026-03-02T09:00:00.000Z', change = {}) => ({
  id: uuid(n), created: '2026-03-01T09:00:00.000Z', updated, programme: 'hr-n2-2025-2026',
  student: { id: uuid(90), name: 'Anna de Vries' }, key: 'B'.repeat(87), date: '2026-03-12', time: '09:15',
  school: 'De Regenboog', class: 'groep 5', subject: 'rekenen', focus: 'Stel ik open vragen?',
  observers: [{ role: 'wpb', name: '' }], forms: ['kijkwijzer-pedagogiek'], meeting: false,
  answers: [uuid(7)], reports: [], own: true, invited: null,
  contacts: [{ id: uuid(91), name: 'Piet Jansen', role: 'wpb', key: 'C'.repeat(87) }], ...change,
});
const profile = { id: uuid(90), name: 'Anna de Vries', role: 'student', programme: 'hr-n2-2025-2026', roleName: 'Student' };

test('format 3 carries visits and the profile, each checked; only role and programme travel as prefs', () => {
  const backup = makeBackup({ ...data, prefs: { ...data.prefs, 'dossier-copy': '2026-01-01T00:00:00.000Z' },
    visits: [visit(1)], profile: { ...profile, extra: 'x' } }, '/stage/');
  assert.equal(backup.format, 3);
  assert.deepEqual(backup.prefs, data.prefs, 'a pref of this device stays here');
  const parsed = parseBackup(JSON.stringify(backup), new Date('2026-03-02T12:00:00Z'));
  assert.deepEqual(parsed.data.visits, [visit(1)]);
  assert.deepEqual(parsed.data.profile, profile);
  const bad = (change, now = new Date('2026-03-02T12:00:00Z')) => parseBackup(JSON.stringify({ ...backup, visits: [visit(1, undefined, change)] }), now);
  assert.equal(bad({ id: 'x' }).detail, 'visits[0]');
  assert.equal(bad({ date: '2026-02-30' }).detail, 'visits[0]');
  assert.equal(bad({ time: '25:00' }).detail, 'visits[0]');
  assert.equal(bad({ key: 'kort' }).detail, 'visits[0]');
  assert.equal(bad({ focus: 'x'.repeat(501) }).detail, 'visits[0]');
  assert.equal(bad({ forms: ['<b>'] }).detail, 'visits[0]');
  assert.equal(bad({ student: null }).detail, 'visits[0]');
  // The observers whose answers brought a key: each checked, as the student's report is sealed to that key.
  for (const contact of [{ name: 'Piet', key: 'kort' }, { name: '', key: 'C'.repeat(87) }, { id: 'x', name: 'Piet', key: 'C'.repeat(87) }]) {
    assert.equal(bad({ contacts: [contact] }).detail, 'visits[0]', JSON.stringify(contact));
  }
  assert.deepEqual(parseBackup(JSON.stringify({ ...backup, visits: [visit(1, undefined, { contacts: [{ name: 'Piet', key: 'C'.repeat(87), x: 1 }] })] }),
    new Date('2026-03-02T12:00:00Z')).data.visits[0].contacts, [{ id: null, name: 'Piet', role: null, key: 'C'.repeat(87) }]);
  assert.deepEqual(bad({ updated: '2027-01-01T00:00:00.000Z' }), { ok: false, reason: 'future', detail: 'visits[0]' });
  assert.equal(parseBackup(JSON.stringify({ ...backup, visits: {} })).detail, 'visits');
  assert.equal(parseBackup(JSON.stringify({ ...backup, profile: { id: 'x' } }), new Date('2026-03-02T12:00:00Z')).detail, 'profile');
  // A format 2 file (entries, no visits) still reads, with no visits and no profile.
  const v2 = { app: 'werkplek', format: 2, exported: '2025-10-01T10:00:00Z', scope: '/stage/', ...data, entries: [] };
  assert.deepEqual(parseBackup(JSON.stringify(v2)).data, { ...data, entries: [], visits: [], profile: null });
});

test('an import plan adds new visits, a newer one replaces, another programme is skipped; a profile only where none is', async () => {
  const { planImport } = await import('../../static/js/lib/backup.js');
  const now = new Date('2026-03-02T12:00:00Z');
  const parsed = parseBackup(JSON.stringify(makeBackup({ ticks: {}, prefs: {}, profile,
    visits: [visit(1), visit(2, '2026-03-02T10:00:00.000Z'), visit(3), visit(4, undefined, { programme: 'elders' })] }, '/')), now);
  const here = { scope: '/', keys: new Set(), forms: new Set(), prefs: { programme: new Set(['hr-n2-2025-2026']) } };
  const stored = new Map([[uuid(2), { updated: '2026-03-02T09:30:00.000Z' }], [uuid(3), { updated: '2026-03-02T11:00:00.000Z' }]]);
  let plan = planImport(parsed, here, { ...none, visits: stored });
  assert.deepEqual(plan.write.visits.map((v) => v.id), [uuid(1), uuid(2)]);
  assert.deepEqual([plan.visitsAdded, plan.visitsUpdated, plan.visitsKept, plan.visitsSkipped], [1, 1, 1, 1]);
  assert.deepEqual([plan.profile, plan.write.profile], [true, profile], 'a new device takes the person');
  plan = planImport(parsed, here, { ...none, profile: { ...profile, id: uuid(91), name: 'Bea' } });
  assert.deepEqual([plan.profile, plan.write.profile], [false, null], 'never over another person');
});
