// The links of a lesson visit (visit-link.js): an invitation (u1) and an answer sealed for one device (a1)
// round-trip; every refusal has its own reason (empty, newer, unknown, truncated, damaged, not-for-me,
// future), hostile sizes and shapes are refused; the device's private key cannot be exported; linkKind
// sends each fragment to its reader; the sizes of a realistic invitation and answer stay small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  decodeInvitation, encodeInvitation, fileUnderVisit, makeDeviceKey, openAnswer, sealAnswer,
} from '../../static/js/lib/visit-link.js';
import {
  check, concat, deflate, encodeEntry, findFragment, fromBase64url, linkKind, toBase64url,
} from '../../static/js/lib/share-link.js';
import { validateEntry } from '../../static/js/lib/entry-check.js';
import { splitParts } from '../../static/js/lib/qr-parts.js';

const device = await makeDeviceKey();
const other = await makeDeviceKey();

const visit = {
  id: '7d1e5a62-3b1c-4c2e-9f00-5a6b7c8d9e0f',
  created: '2026-03-01T09:00:00.000Z', // fields of the visit record that the invitation leaves out
  updated: '2026-03-01T09:00:00.000Z',
  answers: ['3f0c1d2e-1111-4222-8333-944455566677'],
  reports: [],
  own: true,
  invited: null,
  programme: 'hr-n2-2025-2026',
  date: '2026-03-12',
  time: '10:15',
  school: 'Stedelijk Lyceum Zuid, locatie Kastanjelaan',
  class: '3 havo B',
  subject: 'Aardrijkskunde',
  focus: 'Ik wil leren hoe ik de stille leerlingen achter in de klas beter bij de les betrek.',
  forms: ['kijkwijzer-pedagogiek', 'kijkwijzer-didactiek', 'kijkwijzer-vakdidactiek'],
  observers: [{ role: 'wpb', name: '' }, { role: 'so', name: '' }, { role: 'io', name: '' }],
  meeting: true,
};
const student = { id: '0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e', name: 'Sam de Vries' };
const invitationOf = (key = device.publicKey) => ({
  visit: {
    id: visit.id, programme: visit.programme, date: visit.date, time: visit.time, school: visit.school,
    class: visit.class, subject: visit.subject, focus: visit.focus, forms: visit.forms, observers: visit.observers,
    meeting: visit.meeting,
  },
  student,
  key,
});

const now = new Date('2026-03-12T12:00:00Z');
const entry = {
  id: '3f0c1d2e-1111-4222-8333-944455566677',
  form: 'kijkwijzer-pedagogiek',
  version: '0123456789abcdef',
  created: '2026-03-12T10:20:00.000Z',
  updated: '2026-03-12T11:05:00.000Z',
  state: 'afgerond',
  completed: '2026-03-12T11:05:00.000Z',
  meta: { student: 'Sam de Vries', datum: '2026-03-12', observator: 'Eva Jansen, werkplekbegeleider' },
  answers: { respectvol: '3', stem: 'nvt', tops: 'Rustige start; “citaat” en ëën <b>geen html</b>' },
  about: { id: student.id, name: 'Sam de Vries' },
  author: { id: null, name: 'Eva Jansen', role: 'wpb' },
  visit: visit.id,
};

// A fragment of `letter` with these parts, the check computed as the formats say (a well-made link).
async function fragmentOf(letter, parts) {
  const last = parts.at(-1);
  const data = concat(last, await check(concat(...parts.slice(0, -1), last)));
  const rest = [...parts.slice(0, -1), data].map(toBase64url).join('.');
  return `${letter}1.${rest.length}.${rest}`;
}
const packJson = async (value) => deflate(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));
const flip = (fragment, from) => {
  const at = fragment.length - from;
  return fragment.slice(0, at) + (fragment[at] === 'A' ? 'B' : 'A') + fragment.slice(at + 1);
};

test('an invitation round-trips with only its own fields, whole visit record or not', async () => {
  const fragment = await encodeInvitation({ visit, student, key: device.publicKey });
  const [, count] = /^u1\.(\d+)\./.exec(fragment);
  assert.equal(fragment.length, `u1.${count}.`.length + Number(count));
  const decoded = await decodeInvitation(fragment, now);
  assert.deepEqual(decoded, { ok: true, invitation: invitationOf() });
  assert.deepEqual(await decodeInvitation(`#${fragment}.`, now), decoded);
  assert.ok(!('answers' in decoded.invitation.visit) && !('own' in decoded.invitation.visit));
  // Unknown fields on the way in are left out of the copy.
  const extra = await fragmentOf('u', [await packJson({ ...invitationOf(), x: 1, visit: { ...invitationOf().visit, y: 2 } })]);
  assert.deepEqual(await decodeInvitation(extra, now), decoded);
  // A key in another spelling of the same bytes (the last character has 2 bits that say nothing) comes back as one.
  const last = device.publicKey.at(-1);
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const spelled = device.publicKey.slice(0, -1) + B64[B64.indexOf(last) ^ 1];
  assert.deepEqual(fromBase64url(spelled), fromBase64url(device.publicKey));
  const respelled = await fragmentOf('u', [await packJson(invitationOf(spelled))]);
  assert.deepEqual(await decodeInvitation(respelled, now), decoded);
  // No time, empty texts and lists are an invitation too.
  const bare = { ...invitationOf().visit, time: '', school: '', class: '', subject: '', focus: '', forms: [], observers: [], meeting: false };
  assert.deepEqual((await decodeInvitation(await encodeInvitation({ visit: bare, student, key: device.publicKey }))).invitation.visit, bare);
});

test('an invitation that is cut, changed, newer, of another kind or empty is refused with its reason', async () => {
  const fragment = await encodeInvitation({ visit, student, key: device.publicKey });
  for (const cut of [1, 7, Math.floor(fragment.length / 2)]) {
    assert.deepEqual(await decodeInvitation(fragment.slice(0, -cut)), { ok: false, reason: 'truncated' }, cut);
  }
  assert.deepEqual(await decodeInvitation(flip(fragment, 12)), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeInvitation(fragment.replace(/^u1/, 'u2')), { ok: false, reason: 'newer' });
  assert.deepEqual(await decodeInvitation(fragment.replace(/^u1/, 'q1')), { ok: false, reason: 'unknown' });
  assert.deepEqual(await decodeInvitation(await encodeEntry(entry)), { ok: false, reason: 'unknown' });
  assert.deepEqual(await decodeInvitation(''), { ok: false, reason: 'empty' });
  assert.deepEqual(await decodeInvitation('#'), { ok: false, reason: 'empty' });
  assert.deepEqual(await decodeInvitation('hallo'), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeInvitation('u1.3.ab+'), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeInvitation(await fragmentOf('u', [await packJson('geen json')])), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeInvitation(await fragmentOf('u', [new Uint8Array([1, 2, 3])])), { ok: false, reason: 'damaged' });
});

test('an invitation of the wrong shape is damaged: ids, dates, times, texts, lists, key', async () => {
  const base = invitationOf();
  const bad = [
    { ...base, visit: { ...base.visit, id: 'x' } },
    { ...base, visit: { ...base.visit, id: base.visit.id.toUpperCase() } },
    { ...base, student: { ...student, id: null } },
    { ...base, student: { name: 'Sam' } },
    { ...base, visit: { ...base.visit, programme: 'Niet Een Slug' } },
    { ...base, visit: { ...base.visit, date: '2026-02-30' } },
    { ...base, visit: { ...base.visit, date: '12-03-2026' } },
    { ...base, visit: { ...base.visit, time: '24:00' } },
    { ...base, visit: { ...base.visit, time: '9:15' } },
    { ...base, visit: { ...base.visit, time: null } },
    { ...base, visit: { ...base.visit, school: 'x'.repeat(501) } },
    { ...base, visit: { ...base.visit, focus: 42 } },
    { ...base, student: { ...student, name: 'x'.repeat(501) } },
    { ...base, visit: { ...base.visit, forms: Array.from({ length: 21 }, (_, i) => `form-${i}`) } },
    { ...base, visit: { ...base.visit, forms: ['<script>'] } },
    { ...base, visit: { ...base.visit, forms: 'kijkwijzer' } },
    { ...base, visit: { ...base.visit, observers: ['wpb'] } },
    { ...base, visit: { ...base.visit, observers: [{ role: 'WPB', name: '' }] } },
    { ...base, visit: { ...base.visit, observers: Array.from({ length: 21 }, () => ({ role: 'wpb', name: '' })) } },
    { ...base, visit: { ...base.visit, meeting: 'ja' } },
    { ...base, visit: null },
    { ...base, key: undefined },
    [base],
    null,
  ];
  for (const value of bad) {
    assert.deepEqual(await decodeInvitation(await fragmentOf('u', [await packJson(value)])), { ok: false, reason: 'damaged' }, JSON.stringify(value)?.slice(0, 200));
  }
  // The limits themselves are fine.
  const full = { ...base, visit: { ...base.visit, school: 'x'.repeat(500), forms: Array.from({ length: 20 }, (_, i) => `form-${i}`) } };
  assert.equal((await decodeInvitation(await fragmentOf('u', [await packJson(full)]))).ok, true);
});

test('an invitation whose key looks right but is no point on the curve is damaged, and cannot be made', async () => {
  const raw = fromBase64url(device.publicKey);
  const offCurve = Uint8Array.from(raw);
  offCurve[64] ^= 1; // y no longer fits x
  const keys = [
    toBase64url(offCurve),
    toBase64url(concat(new Uint8Array([4]), new Uint8Array(64))), // the point (0, 0)
    toBase64url(concat(new Uint8Array([2]), raw.slice(1, 33))),   // compressed: not the format
    toBase64url(raw.slice(0, 64)),
    toBase64url(concat(raw, new Uint8Array([0]))),
    `${device.publicKey}=`,
    '',
  ];
  for (const key of keys) {
    assert.deepEqual(await decodeInvitation(await fragmentOf('u', [await packJson(invitationOf(key))])),
      { ok: false, reason: 'damaged' }, key);
    await assert.rejects(encodeInvitation({ visit, student, key }), TypeError);
  }
  await assert.rejects(encodeInvitation({ visit: { ...visit, date: 'morgen' }, student, key: device.publicKey }), TypeError);
});

test('hostile sizes: a huge fragment and an invitation that unpacks into a flood are refused unread', async () => {
  const huge = `u1.300000.${'A'.repeat(300000)}`;
  assert.deepEqual(await decodeInvitation(huge), { ok: false, reason: 'damaged' });
  const flood = await fragmentOf('u', [await packJson(`{"visit":${' '.repeat(3000000)}}`)]);
  assert.ok(flood.length < 20000, flood.length);
  assert.deepEqual(await decodeInvitation(flood), { ok: false, reason: 'damaged' });
  // The answer is limited too (2 MB of JSON, as the d1/e1 links).
  assert.deepEqual(await openAnswer(`a1.300000.${'A'.repeat(300000)}`, device.privateKey, device.publicKey),
    { ok: false, reason: 'damaged' });
});

test('the device key: a P-256 key pair whose private half can never be exported', async () => {
  assert.equal(device.privateKey.type, 'private');
  assert.equal(device.privateKey.extractable, false);
  assert.deepEqual(device.privateKey.usages, ['deriveBits']);
  assert.deepEqual(device.privateKey.algorithm, { name: 'ECDH', namedCurve: 'P-256' });
  await assert.rejects(crypto.subtle.exportKey('pkcs8', device.privateKey));
  await assert.rejects(crypto.subtle.exportKey('jwk', device.privateKey));
  const raw = fromBase64url(device.publicKey);
  assert.equal(raw.length, 65);
  assert.equal(raw[0], 4);
  assert.notEqual(other.publicKey, device.publicKey);
});

test('an answer opens only on the device it is sealed for, with the entry exactly as it was', async () => {
  const fragment = await sealAnswer(entry, device.publicKey);
  assert.match(fragment, /^a1\.\d+\.[A-Za-z0-9_-]{87}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  const [, count] = /^a1\.(\d+)\./.exec(fragment);
  assert.equal(fragment.length, `a1.${count}.`.length + Number(count));
  assert.deepEqual(await openAnswer(fragment, device.privateKey, device.publicKey, now), { ok: true, entry, reply: null });
  assert.deepEqual(await openAnswer(`#${fragment}.`, device.privateKey, device.publicKey, now), { ok: true, entry, reply: null });
  // Nothing of the entry can be read from the link; two answers of one entry differ (fresh key, salt, IV).
  assert.ok(!fragment.includes(toBase64url(new TextEncoder().encode('Sam'))));
  const again = await sealAnswer(entry, device.publicKey);
  assert.notEqual(again.split('.')[2], fragment.split('.')[2]);
  // `received` is this device's own knowledge: it is not sent, and not taken from a link.
  const sent = await sealAnswer({ ...entry, received: '2026-03-12T11:30:00.000Z' }, device.publicKey);
  assert.deepEqual(await openAnswer(sent, device.privateKey, device.publicKey, now), { ok: true, entry, reply: null });
  // An older entry without the visit fields is an answer too.
  const { about, author, visit: visitId, ...old } = entry;
  assert.ok(about && author && visitId);
  assert.deepEqual(await openAnswer(await sealAnswer(old, device.publicKey), device.privateKey, device.publicKey, now),
    { ok: true, entry: old, reply: null });
});

test('a forwarded answer says not-for-me; a changed byte damaged; a cut one truncated; a2 newer', async () => {
  const fragment = await sealAnswer(entry, device.publicKey);
  assert.deepEqual(await openAnswer(fragment, other.privateKey, other.publicKey, now), { ok: false, reason: 'not-for-me' });
  // The right private key with another public key (info of HKDF) does not open it either.
  assert.deepEqual(await openAnswer(fragment, device.privateKey, other.publicKey, now), { ok: false, reason: 'not-for-me' });
  for (const from of [5, 40, fragment.length - 20]) {
    assert.deepEqual(await openAnswer(flip(fragment, from), device.privateKey, device.publicKey, now),
      { ok: false, reason: 'damaged' }, from);
  }
  for (const cut of [1, 30, Math.floor(fragment.length / 2)]) {
    assert.deepEqual(await openAnswer(fragment.slice(0, -cut), device.privateKey, device.publicKey, now),
      { ok: false, reason: 'truncated' }, cut);
  }
  assert.deepEqual(await openAnswer(fragment.replace(/^a1/, 'a2'), device.privateKey, device.publicKey, now), { ok: false, reason: 'newer' });
  assert.deepEqual(await openAnswer(fragment.replace(/^a1/, 'q1'), device.privateKey, device.publicKey, now), { ok: false, reason: 'unknown' });
  assert.deepEqual(await openAnswer(await encodeEntry(entry), device.privateKey, device.publicKey, now), { ok: false, reason: 'unknown' });
  assert.deepEqual(await openAnswer('', device.privateKey, device.publicKey, now), { ok: false, reason: 'empty' });
  // Parts of the wrong size: damaged before any key work.
  const [epk, salt, iv, data] = fragment.replace(/^a1\.\d+\./, '').split('.');
  const relink = (parts) => `a1.${parts.join('.').length}.${parts.join('.')}`;
  for (const parts of [[epk.slice(0, -2), salt, iv, data], [epk, salt.slice(0, -2), iv, data], [epk, salt, iv], [epk, salt, iv, 'AAAA']]) {
    assert.deepEqual(await openAnswer(relink(parts), device.privateKey, device.publicKey, now), { ok: false, reason: 'damaged' });
  }
});

// An answer sealed by hand as the format says, with any plaintext: for what sealAnswer never makes.
async function sealRaw(plain, recipient = device.publicKey) {
  const recipientRaw = fromBase64url(recipient);
  const ephemeral = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const peer = await crypto.subtle.importKey('raw', recipientRaw, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, ephemeral.privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const info = concat(new TextEncoder().encode('werkplek a1'), recipientRaw);
  const key = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info }, hkdf,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const additionalData = concat(new TextEncoder().encode('a1'), epk);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain));
  return fragmentOf('a', [epk, salt, iv, sealed]);
}

test('the answer format is exactly as documented (an independent sealer opens)', async () => {
  const fragment = await sealRaw(await packJson(entry));
  assert.deepEqual(await openAnswer(fragment, device.privateKey, device.publicKey, now), { ok: true, entry, reply: null });
});

test('an answer from a device whose clock is ahead says future; one that is no entry is damaged', async () => {
  const ahead = { ...entry, updated: '2026-03-12T13:00:00.000Z', completed: '2026-03-12T13:00:00.000Z' };
  assert.deepEqual(await openAnswer(await sealRaw(await packJson(ahead)), device.privateKey, device.publicKey, now),
    { ok: false, reason: 'future' });
  // Ten minutes ahead is clock skew, not the future.
  const skew = { ...entry, updated: '2026-03-12T12:10:00.000Z', completed: '2026-03-12T12:10:00.000Z' };
  assert.equal((await openAnswer(await sealRaw(await packJson(skew)), device.privateKey, device.publicKey, now)).ok, true);
  for (const value of ['geen json', '{"id": "x"}', 'null', JSON.stringify({ ...entry, about: { name: 7 } }),
    JSON.stringify({ ...entry, author: { id: 'x', name: 'Eva', role: 'wpb' } }), JSON.stringify({ ...entry, visit: 'morgen' })]) {
    assert.deepEqual(await openAnswer(await sealRaw(await packJson(value)), device.privateKey, device.publicKey, now),
      { ok: false, reason: 'damaged' }, value);
  }
  assert.deepEqual(await openAnswer(await sealRaw(new Uint8Array([1, 2, 3])), device.privateKey, device.publicKey, now),
    { ok: false, reason: 'damaged' });
  const flood = await sealRaw(await packJson(' '.repeat(3000000)));
  assert.deepEqual(await openAnswer(flood, device.privateKey, device.publicKey, now), { ok: false, reason: 'damaged' });
  // An ephemeral key that is no point on the curve (with a check that fits) is damaged, not "for another device".
  const parts = flood.replace(/^a1\.\d+\./, '').split('.').map(fromBase64url);
  const offCurve = Uint8Array.from(parts[0]);
  offCurve[64] ^= 1;
  const forged = await fragmentOf('a', [offCurve, parts[1], parts[2], parts[3].slice(0, -4)]);
  assert.deepEqual(await openAnswer(forged, device.privateKey, device.publicKey, now), { ok: false, reason: 'damaged' });
});

test('an answer carries the sender\'s key to reply to; the reply opens only on the sender\'s device', async () => {
  // The observer's answer names the observer's device key; the student seals her report to it.
  const fragment = await sealAnswer(entry, device.publicKey, other.publicKey);
  assert.deepEqual(await openAnswer(fragment, device.privateKey, device.publicKey, now), { ok: true, entry, reply: other.publicKey });
  const report = { ...entry, id: '6f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f', form: 'driehoeksgesprek' };
  const back = await sealAnswer(report, other.publicKey, device.publicKey);
  assert.deepEqual(await openAnswer(back, other.privateKey, other.publicKey, now), { ok: true, entry: report, reply: device.publicKey });
  assert.deepEqual(await openAnswer(back, device.privateKey, device.publicKey, now), { ok: false, reason: 'not-for-me' });
  // The wrapper as documented, sealed by hand: a reply that is no key is damaged, null is none.
  assert.deepEqual(await openAnswer(await sealRaw(await packJson({ entry, reply: null })), device.privateKey, device.publicKey, now),
    { ok: true, entry, reply: null });
  for (const reply of ['geen-sleutel', 7, toBase64url(new Uint8Array(65))]) {
    assert.deepEqual(await openAnswer(await sealRaw(await packJson({ entry, reply })), device.privateKey, device.publicKey, now),
      { ok: false, reason: 'damaged' }, String(reply));
  }
  assert.deepEqual(await openAnswer(await sealRaw(await packJson({ entry: { id: 'x' }, reply: null })), device.privateKey, device.publicKey, now),
    { ok: false, reason: 'damaged' });
  await assert.rejects(sealAnswer(entry, device.publicKey, 'geen-sleutel'), TypeError);
});

test('filing: an answer and its sender\'s key under her visit; a report under the observer\'s copy', () => {
  const at = '2026-03-12T12:00:00.000Z';
  const own = { id: entry.visit, own: true, answers: [], reports: [], updated: '2026-03-01T00:00:00.000Z' };
  const filed = fileUnderVisit(own, entry, other.publicKey, true, at);
  assert.deepEqual(filed.answers, [entry.id]);
  assert.deepEqual(filed.contacts, [{ ...entry.author, key: other.publicKey }]);
  assert.equal(filed.updated, at);
  // The same answer again changes nothing; a new key of the same person replaces the old one.
  assert.equal(fileUnderVisit(filed, entry, other.publicKey, false, at), filed);
  const rekeyed = fileUnderVisit(filed, entry, device.publicKey, false, at);
  assert.deepEqual(rekeyed.contacts, [{ ...entry.author, key: device.publicKey }]);
  // Without a key (an answer of the first a1 form) the answer is filed, and nobody to send back to.
  assert.equal(fileUnderVisit(own, entry, null, true, at).contacts, undefined);
  // On the observer's device the student's report is filed with the visit's reports.
  const theirs = { id: entry.visit, own: false, answers: [], reports: [] };
  const report = fileUnderVisit(theirs, { ...entry, id: '5a5a5a5a-5a5a-4a5a-8a5a-5a5a5a5a5a5a' }, device.publicKey, true, at);
  assert.deepEqual([report.reports, report.contacts], [['5a5a5a5a-5a5a-4a5a-8a5a-5a5a5a5a5a5a'], undefined]);
});

test('sealing checks its input: a device key and an entry record', async () => {
  await assert.rejects(sealAnswer(entry, 'geen-sleutel'), TypeError);
  await assert.rejects(sealAnswer({ ...entry, id: 'x' }, device.publicKey), TypeError);
  await assert.rejects(sealAnswer({ ...entry, about: { id: null, name: 'x'.repeat(201) } }, device.publicKey), TypeError);
});

test('validateEntry: the visit fields are optional, checked, and only known fields are copied', () => {
  const { about, author, visit: visitId, ...old } = entry;
  assert.deepEqual(validateEntry(old, now), { ok: true, entry: old });
  assert.deepEqual(validateEntry(entry, now), { ok: true, entry });
  const nulls = { ...old, about: null, author: null, visit: null, received: null };
  assert.deepEqual(validateEntry(nulls, now), { ok: true, entry: nulls });
  const extra = { ...entry, about: { ...about, x: 1 }, author: { ...author, y: 2 } };
  assert.deepEqual(validateEntry(extra, now), { ok: true, entry });
  assert.deepEqual(validateEntry({ ...entry, received: '2026-03-12T11:30:00.000Z' }, now).entry.received, '2026-03-12T11:30:00.000Z');
  assert.ok(visitId);
  const reason = (change) => validateEntry({ ...entry, ...change }, now).reason;
  assert.equal(reason({ about: 'Sam' }), 'shape');
  assert.equal(reason({ about: { id: 'x', name: 'Sam' } }), 'shape');
  assert.equal(reason({ about: { id: null, name: 'x'.repeat(201) } }), 'shape');
  assert.equal(reason({ about: { id: null } }), 'shape');
  assert.equal(reason({ author: { id: null, name: 'Eva', role: 'Werkplek Begeleider' } }), 'shape');
  assert.equal(reason({ author: [] }), 'shape');
  assert.equal(reason({ visit: 'x' }), 'shape');
  assert.equal(reason({ received: 'gisteren' }), 'time');
  assert.equal(reason({ received: '2026-03-13T12:00:00.000Z' }), 'future');
  assert.equal(validateEntry({ ...entry, about: { id: null, name: 'x'.repeat(200) } }, now).ok, true);
});

test('linkKind sends each fragment to the module that reads it; findFragment finds them all', async () => {
  const invitation = await encodeInvitation({ visit, student, key: device.publicKey });
  const answer = await sealAnswer(entry, device.publicKey);
  const plain = await encodeEntry(entry);
  assert.equal(linkKind(invitation), 'invitation');
  assert.equal(linkKind(`#${answer}`), 'answer');
  assert.equal(linkKind(plain), 'entry');
  assert.equal(linkKind('e1.4.abcd'), 'entry');
  assert.equal(linkKind('u2.4.abcd'), 'invitation'); // the reader says 'newer'
  assert.equal(linkKind('q1.4.abcd'), null);
  assert.equal(linkKind('hallo'), null);
  assert.equal(linkKind(''), null);
  assert.equal(linkKind(null), null);
  for (const fragment of [invitation, answer]) {
    assert.equal(findFragment(`Kom je kijken? https://school.nl/stage/lesbezoek/#${fragment}`), fragment);
  }
});

// A kijkwijzer as an observer fills it in: every scale item of the form answered, its metadata, and about
// 1,500 characters in the three open questions.
function kijkwijzerEntry() {
  const yml = readFileSync(new URL('../../content/forms/kijkwijzer-pedagogiek.yml', import.meta.url), 'utf8');
  const scales = [...yml.matchAll(/- id: ([a-z0-9-]+)\n\s+kind: scale/g)].map((m) => m[1]);
  assert.ok(scales.length >= 10, scales.length);
  const answers = Object.fromEntries(scales.map((id, i) => [id, i % 7 === 6 ? 'nvt' : String(1 + (i % 4))]));
  answers.tops = 'De les begon rustig en op tijd: je stond bij de deur, begroette iedere leerling en het doel stond al '
    + 'op het bord. De uitleg over stroomgebieden was helder, met een kaart die iedereen kon zien. Je sprak de stille '
    + 'leerlingen achterin bij naam aan en gaf ze een eigen vraag, en dat werkte: Noor en Daan deden voor het eerst mee. '
    + 'Je complimenten waren concreet ("goed dat je de legenda eerst leest"). Ook fijn: je liet een fout antwoord staan '
    + 'en vroeg de klas hoe het kwam, zodat er gelachen werd om de vraag en niet om de leerling.';
  answers.tips = 'Bij de overgang naar het groepswerk duurde het vijf minuten voor iedereen begon; de opdracht stond niet '
    + 'op papier en een aantal groepjes wist niet wat ze moesten doen. Zet de opdracht met de tijd op het bord en laat een '
    + 'leerling hem in eigen woorden herhalen. Loop in de eerste minuten langs de groepjes achterin, daar begint de onrust. '
    + 'Het einde van de les was gehaast: de terugblik viel weg, en juist die laat zien of het doel gehaald is. Let ook '
    + 'op je tempo bij de uitleg: na de kaart ging je snel door naar het begrip verval.';
  answers.feedforward = 'In de les van donderdag plan je de overgang naar het groepswerk vooraf uit: opdracht op het bord, '
    + 'een timer zichtbaar, en je loopt eerst naar de groepjes achterin. Je houdt vijf minuten aan het eind vrij voor een '
    + 'korte terugblik met twee vragen aan de klas. Daarna bespreken we samen of de stille leerlingen ook in het groepswerk '
    + 'mee blijven doen, en wat je daarvoor nog nodig hebt.';
  const text = answers.tops.length + answers.tips.length + answers.feedforward.length;
  assert.ok(text >= 1400 && text <= 1600, text);
  return {
    ...entry,
    meta: { student: 'Sam de Vries', school: visit.school, klas: visit.class, vak: visit.subject, datum: visit.date,
      observator: 'Eva Jansen, werkplekbegeleider', kijkpunt: visit.focus },
    answers,
  };
}

test('sizes: an invitation fits in one QR code; a full kijkwijzer answer in a few', async (t) => {
  const invitation = await encodeInvitation({ visit, student, key: device.publicKey });
  const answer = await sealAnswer(kijkwijzerEntry(), device.publicKey);
  const link = `https://school.example/stage/lesbezoek/#${invitation}`;
  t.diagnostic(`invitation fragment ${invitation.length} characters, link ${link.length}; answer fragment ${answer.length}, `
    + `${splitParts(answer).length} QR parts of ≤ 600 (the same entry as d1: ${(await encodeEntry(kijkwijzerEntry())).length})`);
  // Measured 2026-12 (Node 20): invitation about 610 characters, answer about 1,830 (4 parts of 600).
  assert.ok(invitation.length <= 700, invitation.length);
  assert.ok(splitParts(invitation).length <= 2);
  assert.ok(answer.length <= 2000, answer.length);
  assert.ok(splitParts(answer).length <= 4);
});
