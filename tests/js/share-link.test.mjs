// The share-link format (share-link.js): round trip with and without a code, codes, and every broken link
// (cut short, damaged, newer, not an entry) told apart; a fragment found in pasted text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CODE_ALPHABET, CODE_LENGTH, ITERATIONS, decodeFragment, encodeEntry, findFragment, formatCode, fromBase64url,
  generateCode, normalizeCode, parseFragment, toBase64url,
} from '../../static/js/lib/share-link.js';

const entry = {
  id: '3f0c1d2e-1111-4222-8333-944455566677',
  form: 'kijkwijzer-didactiek',
  version: '0123456789abcdef',
  created: '2025-10-01T10:00:00.000Z',
  updated: '2025-10-01T10:05:00.000Z',
  state: 'afgerond',
  completed: '2025-10-01T10:05:00.000Z',
  meta: { student: 'Sam de Vries', datum: '2025-10-01' },
  answers: { lesdoel: '3', uitleg: 'nvt', tops: 'Heldere uitleg; “citaat” en ëën <b>geen html</b>', werkvorm: ['a', 'b'], gezien: true },
};

test('base64url round-trips every length and refuses what is not base64url', () => {
  for (let n = 0; n < 40; n += 1) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    const text = toBase64url(bytes);
    assert.match(text, /^[A-Za-z0-9_-]*$/);
    assert.deepEqual(fromBase64url(text), bytes);
  }
  assert.equal(fromBase64url('ab+/'), null);
  assert.equal(fromBase64url('abcde'), null); // 5 characters cannot come from whole bytes
});

test('a plain link round-trips the entry exactly, with its version and length in the prefix', async () => {
  const fragment = await encodeEntry(entry);
  const [, count] = /^d1\.(\d+)\./.exec(fragment);
  assert.equal(fragment.length, `d1.${count}.`.length + Number(count));
  assert.deepEqual(await decodeFragment(fragment), { ok: true, entry });
  assert.deepEqual(await decodeFragment(`#${fragment}`), { ok: true, entry });
  assert.deepEqual(parseFragment(fragment).encrypted, false);
});

test('compressed: a long answer costs far fewer characters than its text', async () => {
  const long = { ...entry, answers: { ...entry.answers, tops: 'De leerlingen waren actief bezig met de opdracht. '.repeat(40) } };
  const fragment = await encodeEntry(long);
  assert.ok(fragment.length < JSON.stringify(long).length / 4, fragment.length);
});

test('with a code: encrypted, readable only with that code (typed in any case, with spaces)', async () => {
  const code = generateCode();
  const fragment = await encodeEntry(entry, code);
  assert.match(fragment, /^e1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  assert.ok(!fragment.includes(toBase64url(new TextEncoder().encode('Sam'))));
  assert.equal(parseFragment(fragment).encrypted, true);
  assert.deepEqual(await decodeFragment(fragment), { ok: false, reason: 'code' });
  const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
  assert.deepEqual(await decodeFragment(fragment, wrong), { ok: false, reason: 'wrong-code' });
  assert.deepEqual(await decodeFragment(fragment, formatCode(code).toLowerCase()), { ok: true, entry });
  // Two links of one entry with one code differ: a fresh salt and IV each time.
  assert.notEqual(await encodeEntry(entry, code), fragment);
  assert.ok(ITERATIONS >= 200000);
});

test('codes: six characters from the alphabet without look-alikes, every character in use', () => {
  assert.equal(CODE_ALPHABET.length, 32);
  assert.doesNotMatch(CODE_ALPHABET, /[IO01]/);
  const seen = new Set();
  for (let i = 0; i < 400; i += 1) {
    const code = generateCode();
    assert.equal(code.length, CODE_LENGTH);
    for (const char of code) {
      assert.ok(CODE_ALPHABET.includes(char));
      seen.add(char);
    }
  }
  assert.equal(seen.size, 32);
  assert.equal(formatCode('K7P4QX'), 'K7P 4QX');
  assert.equal(normalizeCode(' k7p-4qx '), 'K7P4QX');
});

test('a link cut short says truncated; a changed character says damaged; a later format says newer', async () => {
  const fragment = await encodeEntry(entry);
  for (const cut of [1, 5, Math.floor(fragment.length / 2)]) {
    assert.deepEqual(await decodeFragment(fragment.slice(0, -cut)), { ok: false, reason: 'truncated' }, cut);
  }
  const at = fragment.length - 10;
  const changed = fragment.slice(0, at) + (fragment[at] === 'A' ? 'B' : 'A') + fragment.slice(at + 1);
  assert.deepEqual(await decodeFragment(changed), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeFragment(fragment.replace(/^d1/, 'd2')), { ok: false, reason: 'newer' });
  // An unknown letter is not claimed to come from a newer version.
  assert.deepEqual(await decodeFragment(fragment.replace(/^d1/, 'q1')), { ok: false, reason: 'unknown' });
  assert.deepEqual(await decodeFragment('hallo'), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeFragment(''), { ok: false, reason: 'empty' });
  // A full stop a mail program took into the link is left off.
  assert.deepEqual(await decodeFragment(`${fragment}.`), { ok: true, entry });
});

test('an encrypted link that is damaged is not mistaken for a wrong code', async () => {
  const fragment = await encodeEntry(entry, 'K7P4QX');
  const at = fragment.length - 12;
  const changed = fragment.slice(0, at) + (fragment[at] === 'A' ? 'B' : 'A') + fragment.slice(at + 1);
  assert.deepEqual(await decodeFragment(changed, 'K7P4QX'), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeFragment(fragment.slice(0, -4), 'K7P4QX'), { ok: false, reason: 'truncated' });
});

async function fragmentOf(json) {
  const stream = new Blob([new TextEncoder().encode(json)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const packed = new Uint8Array(await new Response(stream).arrayBuffer());
  const sum = new Uint8Array(await crypto.subtle.digest('SHA-256', packed)).slice(0, 4);
  const rest = toBase64url(new Uint8Array([...packed, ...sum]));
  return `d1.${rest.length}.${rest}`;
}

test('a well-formed link whose content is not a valid entry is refused as damaged', async () => {
  assert.deepEqual(await decodeFragment(await fragmentOf('{"id": "x"}')), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeFragment(await fragmentOf('niet eens json')), { ok: false, reason: 'damaged' });
  assert.deepEqual(await decodeFragment(await fragmentOf(JSON.stringify({ ...entry, answers: { 'Bad Name': '1' } }))),
    { ok: false, reason: 'damaged' });
  // A link that would unpack into megabytes is refused, not unpacked.
  assert.deepEqual(await decodeFragment(await fragmentOf(' '.repeat(3000000))), { ok: false, reason: 'damaged' });
});

test('a pasted text: the fragment is found in a whole link, in a sentence, or alone', async () => {
  const fragment = await encodeEntry(entry);
  assert.equal(findFragment(`https://school.nl/stage/ontvangen/#${fragment}`), fragment);
  assert.equal(findFragment(`Hier is de kijkwijzer: https://school.nl/stage/ontvangen/#${fragment}. Groet!`).startsWith(fragment), true);
  assert.equal(findFragment(`  ${fragment}\n`), fragment);
  assert.equal(findFragment('https://school.nl/stage/ontvangen/'), null);
  assert.equal(findFragment('zomaar tekst'), null);
});
