// Pure: the links of a lesson visit, as fragments. No DOM and no storage (the device key is stored by
// storage.js; this module only makes and uses CryptoKeys); runs under `node --test` (Node 20 has
// CompressionStream and WebCrypto). The fragment (#…) never reaches a server: browsers do not send it.
//
// Formats, version 1, read by the same rules as share-link.js (readFragment: n, check, newer, truncated):
//   u1.<n>.<data>                        invitation: data = base64url( deflate-raw(JSON) ‖ check )
//   a1.<n>.<epk>.<salt>.<iv>.<data>      answer for one device:
//                                        data = base64url( AES-256-GCM(deflate-raw(JSON)) ‖ check )
// - invitation JSON: { visit: { id, programme, date, time, school, class, subject, focus, forms, observers,
//   meeting }, student: { id, name }, key }, key = base64url of the raw P-256 public key of the student's
//   device (65 bytes, uncompressed point). Not secret: whoever has it can only send the student an answer.
// - answer JSON: { entry, reply }: the entry record, and reply = the sender's own device key (as `key` above),
//   to which the recipient can seal what she sends back (her report of the conversation); reply may be null.
//   A bare entry record (the first form of a1, before reply keys) is read as { entry, reply: null }.
// - answer: epk = the raw public key of a P-256 key pair made for this one answer (65 bytes), salt 16 and iv
//   12 random bytes. ECDH(ephemeral private, recipient public) → 256 bits → HKDF-SHA-256(salt, info =
//   "werkplek a1" ‖ recipient raw public key) → AES-256-GCM key; additional data "a1" ‖ epk. The check
//   (4 bytes of SHA-256) covers epk ‖ salt ‖ iv ‖ ciphertext, so a damaged answer is told apart from one
//   sealed for another device (check fine, AES-GCM fails: 'not-for-me').
import { validateEntry } from './entry-check.js';
import {
  CHECK_BYTES, FORMAT, check, checkedData, concat, deflate, fromBase64url, inflate, readFragment, toBase64url,
} from './share-link.js';
import { SLUG, isClock, isDay, isId, isRecord } from './shapes.js';

const EC = { name: 'ECDH', namedCurve: 'P-256' };
const POINT_BYTES = 65;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const INVITATION_LAYOUT = { u: [CHECK_BYTES + 1] };                                   // a check and some data
const ANSWER_LAYOUT = { a: [POINT_BYTES, SALT_BYTES, IV_BYTES, TAG_BYTES + CHECK_BYTES] }; // AES-GCM adds a tag
const MAX_INVITATION = 64000; // bytes of JSON after inflating: every field full is far less
const MAX_STRING = 500;       // characters in one text of an invitation
const MAX_LIST = 20;          // forms, observers
const TEXTS = ['school', 'class', 'subject', 'focus'];
const utf8 = (text) => new TextEncoder().encode(text);
const INFO = utf8('werkplek a1');
const AAD = utf8('a1');

const isString = (value, max = MAX_STRING) => typeof value === 'string' && value.length <= max;
const isSlug = (value) => typeof value === 'string' && value.length <= 100 && SLUG.test(value);

/** The CryptoKey of a raw P-256 public key (bytes), or null when it is not an uncompressed point on the curve. */
async function importPoint(raw) {
  if (!raw || raw.length !== POINT_BYTES || raw[0] !== 4) return null;
  try {
    return await crypto.subtle.importKey('raw', raw, EC, true, []);
  } catch {
    return null;
  }
}

/** { raw, key } of a base64url raw P-256 public key, or null. */
async function publicKey(text) {
  const raw = typeof text === 'string' ? fromBase64url(text) : null;
  const key = await importPoint(raw);
  return key ? { raw, key } : null;
}

/**
 * The invitation in `value` with only its known fields, or null when its shape is not an invitation's
 * (ids UUID, a real date, HH:MM or '', texts ≤ 500 characters, lists of ≤ 20, a key that is a P-256 point).
 */
async function cleanInvitation(value) {
  if (!isRecord(value) || !isRecord(value.visit) || !isRecord(value.student)) return null;
  const { visit, student } = value;
  if (!isId(visit.id) || !isSlug(visit.programme) || !isDay(visit.date)) return null;
  if (!(visit.time === '' || isClock(visit.time))) return null;
  if (!TEXTS.every((name) => isString(visit[name]))) return null;
  const { forms, observers } = visit;
  if (!Array.isArray(forms) || forms.length > MAX_LIST || !forms.every(isSlug)) return null;
  if (!Array.isArray(observers) || observers.length > MAX_LIST) return null;
  if (!observers.every((o) => isRecord(o) && isSlug(o.role) && isString(o.name))) return null;
  if (typeof visit.meeting !== 'boolean') return null;
  if (!isId(student.id) || !isString(student.name)) return null;
  const key = await publicKey(value.key);
  if (!key) return null;
  return {
    visit: {
      id: visit.id, programme: visit.programme, date: visit.date, time: visit.time,
      ...Object.fromEntries(TEXTS.map((name) => [name, visit[name]])),
      forms: [...forms], observers: observers.map(({ role, name }) => ({ role, name })), meeting: visit.meeting,
    },
    student: { id: student.id, name: student.name },
    key: toBase64url(key.raw), // one text per key: base64url can end in bits that say nothing
  };
}

/**
 * The fragment (without '#') of an invitation to a visit: `visit` may be the whole visit record (only the
 * fields of the invitation are taken), `student` { id, name }, `key` the student's device public key
 * (makeDeviceKey().publicKey). Throws a TypeError when they would make an invitation decodeInvitation refuses.
 */
export async function encodeInvitation({ visit, student, key }) {
  const clean = await cleanInvitation({ visit, student, key });
  if (!clean) throw new TypeError('not an invitation');
  const packed = await deflate(utf8(JSON.stringify(clean)));
  const rest = toBase64url(concat(packed, await check(packed)));
  return `u${FORMAT}.${rest.length}.${rest}`;
}

/**
 * The invitation a fragment holds: { ok: true, invitation: { visit, student, key } } (a copy with only the
 * known fields) or { ok: false, reason } with reason 'empty', 'newer' (u2 or later), 'unknown' (not an
 * invitation: linkKind in share-link.js says what it is), 'truncated' or 'damaged' (check, base64, inflate,
 * JSON or shape). `now` is taken for symmetry with the other readers: an invitation holds no time to check.
 */
export async function decodeInvitation(fragment, now = new Date()) {
  const read = readFragment(fragment, INVITATION_LAYOUT);
  if (!read.ok) return read;
  const data = await checkedData(read.parts);
  const json = data && (await inflate(data, MAX_INVITATION));
  const value = json && parseJson(json);
  const invitation = value && (await cleanInvitation(value));
  return invitation ? { ok: true, invitation } : { ok: false, reason: 'damaged' };
}

function parseJson(bytes) {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
}

/**
 * A new key pair for this device: { privateKey: CryptoKey (ECDH P-256, not extractable, for deriveBits),
 * publicKey: base64url of the raw 65-byte public key }. The private key is stored as a CryptoKey (IndexedDB
 * can hold one) and can never be exported, so it never leaves the browser.
 */
export async function makeDeviceKey() {
  const pair = await crypto.subtle.generateKey(EC, false, ['deriveBits']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: toBase64url(raw) };
}

/** The entry without `received`: when this device got it from its author, which says nothing on another. */
function local(entry) {
  const copy = { ...entry };
  delete copy.received;
  return copy;
}

async function answerKey(privateKey, otherPublic, recipientRaw, salt, usage) {
  const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: otherPublic }, privateKey, 256);
  const material = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: concat(INFO, recipientRaw) },
    material, { name: 'AES-GCM', length: 256 }, false, [usage],
  );
}

/**
 * The fragment (without '#') of an answer that only the device with `recipientPublicKey` (base64url raw
 * P-256, from the invitation) can open; `replyKey`, the sender's own device key, lets the recipient seal
 * what she sends back to this device (null: she cannot). The entry is checked first (validateEntry: a TypeError if it is not
 * an entry record); its `received` is left out (it says when this device got it, and means nothing on another).
 */
export async function sealAnswer(entry, recipientPublicKey, replyKey = null) {
  const recipient = await publicKey(recipientPublicKey);
  if (!recipient) throw new TypeError('not a device key');
  const reply = replyKey === null ? null : await publicKey(replyKey);
  if (replyKey !== null && !reply) throw new TypeError('not a device key to reply to');
  const checked = validateEntry(entry);
  if (!checked.ok) throw new TypeError(`not an entry: ${checked.reason}`);
  const sent = local(checked.entry);
  const ephemeral = await crypto.subtle.generateKey(EC, false, ['deriveBits']);
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await answerKey(ephemeral.privateKey, recipient.key, recipient.raw, salt, 'encrypt');
  const packed = await deflate(utf8(JSON.stringify({ entry: sent, reply: reply && toBase64url(reply.raw) })));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: concat(AAD, epk) }, key, packed));
  const data = concat(sealed, await check(concat(epk, salt, iv, sealed)));
  const rest = [epk, salt, iv, data].map(toBase64url).join('.');
  return `a${FORMAT}.${rest.length}.${rest}`;
}

/**
 * The entry an answer holds, opened with this device's key pair (`privateKey` the CryptoKey of
 * makeDeviceKey, `ownPublicKey` its base64url public key): { ok: true, entry, reply } (the entry checked by
 * validateEntry, without `received`: the page sets it when it stores the entry; reply the sender's device key
 * to seal for in return, or null) or { ok: false, reason } with reason
 * 'empty', 'newer' (a2 or later), 'unknown' (not an answer), 'truncated', 'damaged' (check, base64, inflate,
 * JSON, or not an entry record), 'not-for-me' (whole, but sealed for another device: a forwarded answer)
 * or 'future' (made later than `now`, beyond a little clock skew: the other device's clock is wrong).
 */
export async function openAnswer(fragment, privateKey, ownPublicKey, now = new Date()) {
  const read = readFragment(fragment, ANSWER_LAYOUT);
  if (!read.ok) return read;
  const sealed = await checkedData(read.parts);
  if (!sealed) return { ok: false, reason: 'damaged' };
  const [epkRaw, salt, iv] = read.parts;
  const epk = await importPoint(epkRaw);
  if (!epk) return { ok: false, reason: 'damaged' };
  const own = await publicKey(ownPublicKey);
  if (!own) throw new TypeError('not a device key');
  let packed;
  try {
    const key = await answerKey(privateKey, epk, own.raw, salt, 'decrypt');
    packed = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: concat(AAD, epkRaw) }, key, sealed));
  } catch {
    return { ok: false, reason: 'not-for-me' };
  }
  const json = await inflate(packed);
  const value = json && parseJson(json);
  if (!isRecord(value)) return { ok: false, reason: 'damaged' };
  const wrapped = isRecord(value.entry);
  let reply = null;
  if (wrapped && value.reply !== null) {
    reply = await publicKey(value.reply);
    if (!reply) return { ok: false, reason: 'damaged' };
  }
  const checked = validateEntry(wrapped ? value.entry : value, now);
  if (!checked.ok) return { ok: false, reason: checked.reason === 'future' ? 'future' : 'damaged' };
  return { ok: true, entry: local(checked.entry), reply: reply && toBase64url(reply.raw) };
}

/**
 * The visit with a received entry filed under it (for updateVisit in storage-visits.js): on the student's own
 * visit an observer's answer goes in `answers`, and its author, with the device key the answer brought
 * (`reply`), in `contacts` ({ id, name, role, key }: whom her report can be sealed for; a newer key replaces
 * an older one of the same person); on an observer's copy of the visit the student's report goes in
 * `reports`. `stored`: whether the entry was added or updated (not kept); `at`: when. Unchanged: `visit` itself.
 */
export function fileUnderVisit(visit, entry, reply, stored, at = new Date().toISOString()) {
  const list = visit.own ? 'answers' : 'reports';
  const next = { ...visit };
  if (stored) next[list] = [...new Set([...(visit[list] || []), entry.id])];
  if (visit.own && reply && entry.author?.name) {
    const { id = null, name, role = null } = entry.author;
    const same = (c) => (id && c.id ? c.id === id : c.name === name);
    if (!(visit.contacts || []).some((c) => same(c) && c.key === reply && c.role === role)) next.contacts = [...(visit.contacts || []).filter((c) => !same(c)), { id, name, role, key: reply }];
  }
  if (next[list] === visit[list] && next.contacts === visit.contacts) return visit;
  return { ...next, updated: at };
}
