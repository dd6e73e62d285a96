// The vendored QR encoder is exactly the pinned npm release, and it encodes what we give it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root));

test('static/vendor/lean-qr is byte for byte the release pinned in package.json', () => {
  const pinned = JSON.parse(read('package.json')).devDependencies['lean-qr'];
  assert.match(pinned, /^\d+\.\d+\.\d+$/, 'pinned to one exact version');
  assert.equal(JSON.parse(read('node_modules/lean-qr/package.json')).version, pinned);
  assert.deepEqual(read('static/vendor/lean-qr/index.js'), read('node_modules/lean-qr/index.mjs'));
  assert.deepEqual(read('static/vendor/lean-qr/svg.js'), read('node_modules/lean-qr/extras/svg.mjs'));
  assert.deepEqual(read('static/vendor/lean-qr/LICENSE'), read('node_modules/lean-qr/LICENSE'));
});

test('the vendored encoder refuses more data than the largest version we allow', async () => {
  const { generate, correction } = await import('../../static/vendor/lean-qr/index.js');
  const small = generate('https://school.nl/stage/ontvangen/#d1.4.abcd', { minCorrectionLevel: correction.L });
  assert.ok(small.size >= 21 && (small.size - 17) % 4 === 0);
  assert.throws(() => generate('x'.repeat(3000), { maxVersion: 40 }), (error) => error.code === 4);
});
