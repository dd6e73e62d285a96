// A long link as a numbered series of QR codes (qr-parts.js): split into equal parts with one series id,
// joined in any order, duplicates fine; what is no part, or a part of another series, is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CHUNK, MAX_PARTS, createCollector, parsePart, splitParts } from '../../static/js/lib/qr-parts.js';

const text = Array.from({ length: 1834 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'[(i * 7) % 65]).join('');

function shuffled(list) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

test('a long text becomes numbered parts of equal size with one series id', () => {
  const parts = splitParts(text);
  assert.equal(parts.length, 4);
  const sid = /^WP1\/4\.([A-Za-z0-9_-]{4}):/.exec(parts[0])[1];
  parts.forEach((part, i) => {
    assert.ok(part.startsWith(`WP${i + 1}/4.${sid}:`), part.slice(0, 12));
    const { chunk } = parsePart(part);
    assert.ok(chunk.length <= 500 && chunk.length >= 458, chunk.length);
  });
  assert.equal(parts.map((part) => parsePart(part).chunk).join(''), text);
  // Another split of the same text is another series.
  assert.notEqual(parsePart(splitParts(text)[0]).sid, sid);
});

test('a text that fits is one part, still numbered; the chunk size is a parameter', () => {
  const parts = splitParts('u1.4.abcd');
  assert.equal(parts.length, 1);
  assert.match(parts[0], /^WP1\/1\.[A-Za-z0-9_-]{4}:u1\.4\.abcd$/);
  assert.equal(splitParts('x'.repeat(500)).length, 1);
  assert.equal(splitParts('x'.repeat(501)).length, 2);
  assert.equal(splitParts('x'.repeat(100), 10).length, 10);
  assert.deepEqual(parsePart(splitParts('')[0]).chunk, '');
  assert.throws(() => splitParts(text, 0), RangeError);
  assert.throws(() => splitParts(text, MAX_CHUNK + 1), RangeError);
  assert.throws(() => splitParts('x'.repeat(MAX_PARTS * 10 + 1), 10), RangeError);
  // Characters outside the BMP are never cut in two.
  const emoji = '😀'.repeat(7);
  assert.equal(splitParts(emoji, 2).map((part) => parsePart(part).chunk).join(''), emoji);
  assert.ok(splitParts(emoji, 2).every((part) => !/[\uD800-\uDBFF]$/.test(part)));
});

test('the collector joins the parts in any order, says how many it still needs, and takes a part twice', () => {
  for (let round = 0; round < 20; round += 1) {
    const parts = splitParts(text, 300);
    const collector = createCollector();
    const order = shuffled(parts);
    order.slice(0, -1).forEach((part, i) => {
      const state = collector.add(part);
      assert.equal(state.status, 'need');
      assert.equal(state.have, i + 1);
      assert.equal(state.total, parts.length);
      assert.equal(state.missing.length, parts.length - i - 1);
      assert.deepEqual(collector.add(part), state); // read twice: nothing changes
    });
    const missing = parts.indexOf(order.at(-1)) + 1;
    assert.deepEqual(collector.add(order[0]).missing, [missing]);
    assert.deepEqual(collector.add(order.at(-1)), { status: 'done', text });
    assert.deepEqual(collector.add(order[0]), { status: 'done', text });
  }
  assert.deepEqual(createCollector().add(splitParts('kort')[0]), { status: 'done', text: 'kort' });
});

test('a part of another series is refused and changes nothing; reset starts anew', () => {
  const first = splitParts(text);
  const second = splitParts(text);      // same total, another series id
  const third = splitParts(text, 300);  // another total
  const collector = createCollector();
  assert.equal(collector.add(first[0]).status, 'need');
  assert.deepEqual(collector.add(second[1]), { status: 'refused', reason: 'other-series' });
  assert.deepEqual(collector.add(third[1]), { status: 'refused', reason: 'other-series' });
  // Same series id and total, but another text under a number already read.
  const [, head, chunk] = /^(WP1\/4\.[A-Za-z0-9_-]{4}:)(.*)$/.exec(first[0]);
  assert.deepEqual(collector.add(`${head}${chunk.slice(1)}`), { status: 'refused', reason: 'other-series' });
  assert.deepEqual(collector.add(first[1]), { status: 'need', have: 2, total: 4, missing: [3, 4] });
  collector.reset();
  assert.deepEqual(collector.add(second[3]), { status: 'need', have: 1, total: 4, missing: [1, 2, 3] });
});

test('what is not a part is refused: a link, another code, numbers out of range, hostile sizes', () => {
  const collector = createCollector();
  const sid = 'Ab-_';
  for (const bad of [
    'https://school.nl/stage/lesbezoek/#u1.4.abcd', 'u1.4.abcd', '', 'WP1/2:abcd', `WP0/2.${sid}:x`,
    `WP3/2.${sid}:x`, `WP1/0.${sid}:x`, `WP01/2.${sid}:x`, `WP1/2.abc:x`, `WP1/2.abc!:x`, `wp1/2.${sid}:x`,
    `WP1/${MAX_PARTS + 1}.${sid}:x`, `WP1/999.${sid}:x`, `WP1/1.${sid}:${'x'.repeat(MAX_CHUNK + 1)}`, null, 42,
  ]) {
    assert.deepEqual(collector.add(bad), { status: 'refused', reason: 'not-a-part' }, String(bad).slice(0, 30));
  }
  // Nothing refused was taken: the first real part starts the series.
  assert.equal(collector.add(`WP1/2.${sid}:ab`).status, 'need');
  assert.deepEqual(collector.add(`WP2/2.${sid}:cd`), { status: 'done', text: 'abcd' });
  assert.deepEqual(parsePart(`WP2/2.${sid}:c:d`), { index: 2, total: 2, sid, chunk: 'c:d' });
});
