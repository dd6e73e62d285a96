// Pure: one entry as the fragment of a link, and back. No DOM and no storage; runs under `node --test`
// (Node 20 has CompressionStream and WebCrypto). The fragment (#…) never reaches a server: browsers
// do not send it. The page that makes the link is form.js (via share.js), the page that reads it received.js.
//
// Formats, version 1 (the digit after the letter; a later format gets a new digit, and this version
// says "made by a newer version of the app" instead of guessing):
//   d1.<n>.<data>                  plain:     data = base64url( deflate-raw(JSON) ‖ check )
//   e1.<n>.<salt>.<iv>.<data>      with code: data = base64url( AES-GCM(deflate-raw(JSON)) ‖ check )
// - n: how many characters follow "<n>." (decimal), so a link cut short is told apart from a damaged one,
//   and characters stuck to its end (a full stop after a link in a sentence) are left off.
// - check: the first 4 bytes of SHA-256 over the bytes before it (for e1: salt ‖ iv ‖ ciphertext).
//   deflate-raw has no checksum, and AES-GCM alone cannot tell a damaged link from a wrong code.
// - e1: key = PBKDF2-SHA-256(code, salt 16 random bytes, 600,000 iterations) → AES-256-GCM with a
//   12-byte random IV and "e1" as additional data. The code is 6 characters from a 32-character
//   alphabet without look-alikes (no I, O, 0, 1), made by the app and told in person.
import { validateEntry } from './entry-check.js';

export const FORMAT = 1;
export const ITERATIONS = 600000;
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;
const MAX_FRAGMENT = 200000;   // characters: far beyond any real entry, short of a hostile blob
export const MAX_JSON = 2000000; // bytes after inflating: a link cannot unpack into a flood
export const CHECK_BYTES = 4;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64url(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += B64[n & 63];
  }
  return out;
}

/** The bytes of a base64url text (no padding), or null if it is not one. */
export function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    value = (value << 6) | B64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 255;
    }
  }
  return out;
}

export const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** The check of a link: the first CHECK_BYTES bytes of SHA-256 over `bytes`. */
export async function check(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)).slice(0, CHECK_BYTES);
}

export async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflated bytes, or null when the data is not deflate-raw or unpacks to more than `max` bytes. */
export async function inflate(bytes, max = MAX_JSON) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > max) {
        reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  return concat(...chunks);
}

async function deriveKey(code, salt) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS },
    material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'],
  );
}

const AAD = new TextEncoder().encode('e1');

/** A new code: CODE_LENGTH characters of CODE_ALPHABET (32 = 2^5, so every character is equally likely). */
export function generateCode() {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  return [...bytes].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** A code as typed ("k7p 4qx", "K7P-4QX") in the form it was made in ("K7P4QX"). */
export function normalizeCode(text) {
  return String(text).toUpperCase().replace(/[\s.\-_]/g, '');
}

/** "K7P4QX" → "K7P 4QX": easier to read aloud and to type over. */
export function formatCode(code) {
  return code.replace(/^(.{3})(?=.)/, '$1 ');
}

/** The fragment (without '#') for one entry; with a code, the entry is encrypted with it. */
export async function encodeEntry(entry, code = null) {
  const packed = await deflate(new TextEncoder().encode(JSON.stringify(entry)));
  if (code === null) {
    const rest = toBase64url(concat(packed, await check(packed)));
    return `d${FORMAT}.${rest.length}.${rest}`;
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(normalizeCode(code), salt);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, packed));
  const data = concat(sealed, await check(concat(salt, iv, sealed)));
  const rest = `${toBase64url(salt)}.${toBase64url(iv)}.${toBase64url(data)}`;
  return `e${FORMAT}.${rest.length}.${rest}`;
}

/**
 * Which module reads a fragment (with or without '#'), by its letter alone: 'entry' (d, e: this module),
 * 'invitation' (u) or 'answer' (a: both visit-link.js), or null (no link of this app). A page calls it
 * first and sends a fragment of another kind to the page that reads it; the version is not looked at,
 * so a d2 is still an 'entry' and the reading module says 'newer'.
 */
export function linkKind(fragment) {
  const head = /^#?([a-z])\d{1,4}\./.exec(String(fragment || ''));
  return head ? ({ d: 'entry', e: 'entry', u: 'invitation', a: 'answer' }[head[1]] ?? null) : null;
}

/**
 * The parts of a fragment of one of `layouts` ({ letter: [bytes of each part but the last, and the least
 * the last part may have] }), before any work: { ok: true, kind: letter, parts: [bytes] } or { ok: false,
 * reason } with the reasons of parseFragment. Every link of this app is read by it (visit-link.js too).
 */
export function readFragment(fragment, layouts) {
  const text = String(fragment || '').replace(/^#/, '');
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > MAX_FRAGMENT) return { ok: false, reason: 'damaged' };
  const head = /^([a-z])(\d{1,4})\.(?:(\d{1,7})\.)?/.exec(text);
  if (!head) return { ok: false, reason: 'damaged' };
  const [, kind, version, count] = head;
  // A higher number of a kind this module reads is a newer app; a letter it does not know may be either a
  // kind of a later version or no link of ours at all, and is not claimed to be either.
  const layout = Object.hasOwn(layouts, kind) ? layouts[kind] : null;
  if (!layout) return { ok: false, reason: 'unknown' };
  if (Number(version) > FORMAT) return { ok: false, reason: 'newer' };
  if (Number(version) < 1 || count === undefined) return { ok: false, reason: 'damaged' };
  // Characters after the announced length (a full stop or bracket a mail program took into the link)
  // are left off; if they were part of the data, the check finds the damage.
  if (text.length - head[0].length < Number(count)) return { ok: false, reason: 'truncated' };
  const rest = text.slice(head[0].length, head[0].length + Number(count));
  const parts = rest.split('.');
  if (parts.length !== layout.length) return { ok: false, reason: 'damaged' };
  const bytes = parts.map(fromBase64url);
  if (bytes.includes(null)) return { ok: false, reason: 'damaged' };
  const fits = bytes.every((part, i) => (i < layout.length - 1 ? part.length === layout[i] : part.length >= layout[i]));
  if (!fits) return { ok: false, reason: 'damaged' };
  return { ok: true, kind, parts: bytes };
}

/**
 * The data of the last part of a fragment without its check, or null when the check (over every part before
 * it and the data) does not match.
 */
export async function checkedData(parts) {
  const last = parts.at(-1);
  const data = last.slice(0, -CHECK_BYTES);
  const sum = await check(concat(...parts.slice(0, -1), data));
  return sum.every((byte, i) => byte === last[last.length - CHECK_BYTES + i]) ? data : null;
}

const LAYOUTS = { d: [CHECK_BYTES + 1], e: [16, 12, 16 + CHECK_BYTES] }; // AES-GCM adds a 16-byte tag

/**
 * What a fragment is, before any work: { ok: true, encrypted } or { ok: false, reason } with reason
 * 'empty' (no fragment), 'newer' (a format of a later app version), 'unknown' (a kind of link this
 * module does not read: see linkKind for the kinds other modules read), 'truncated' (shorter than it says)
 * or 'damaged' (anything else that is not a link of this app).
 */
export function parseFragment(fragment) {
  const read = readFragment(fragment, LAYOUTS);
  if (!read.ok) return read;
  return { ok: true, encrypted: read.kind === 'e', parts: read.parts };
}

/**
 * The checked entry (entry-check.js validateEntry) a fragment holds: { ok: true, entry } or { ok: false, reason }
 * with the reasons of parseFragment, and 'code' (encrypted, no code given), 'wrong-code' or 'future' (made
 * later than now, beyond a little clock skew: the other device's clock is wrong).
 */
export async function decodeFragment(fragment, code = null, now = new Date()) {
  const parsed = parseFragment(fragment);
  if (!parsed.ok) return parsed;
  const data = await checkedData(parsed.parts);
  if (!data) return { ok: false, reason: 'damaged' };
  let packed = data;
  if (parsed.encrypted) {
    if (code === null || normalizeCode(code) === '') return { ok: false, reason: 'code' };
    const [salt, iv] = parsed.parts;
    try {
      const key = await deriveKey(normalizeCode(code), salt);
      packed = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, data));
    } catch {
      return { ok: false, reason: 'wrong-code' };
    }
  }
  const json = await inflate(packed);
  if (!json) return { ok: false, reason: 'damaged' };
  let value;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  const checked = validateEntry(value, now);
  if (checked.ok) return { ok: true, entry: checked.entry };
  return { ok: false, reason: checked.reason === 'future' ? 'future' : 'damaged' };
}

/**
 * A fragment of this app (of any kind: linkKind says which page reads it), wherever it is in a pasted text
 * (a whole link, or the fragment alone); or null.
 */
export function findFragment(text) {
  const found = /(?:^|#)([a-z]\d{1,4}\.\d{1,7}\.[A-Za-z0-9_.-]*)/.exec(String(text).trim());
  return found ? found[1] : null;
}
