// The vendored QR encoder and decoder are exactly the pinned npm releases, and the encoder encodes what we give it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

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

// The QR decoder (ui/scanner.js): qr-scanner's module and its worker, byte for byte. The worker bundles
// jsqr-es6 (Apache-2.0), whose licence travels with it as LICENSE-jsQR; jsqr-es6 is pinned only for that.
test('static/vendor/qr-scanner is byte for byte the release pinned in package.json', () => {
  const pins = JSON.parse(read('package.json')).devDependencies;
  for (const name of ['qr-scanner', 'jsqr-es6']) {
    assert.match(pins[name], /^\d+\.\d+\.\d+(-\d+)?$/, `${name} pinned to one exact version`);
    assert.equal(JSON.parse(read(`node_modules/${name}/package.json`)).version, pins[name]);
  }
  for (const file of ['qr-scanner.min.js', 'qr-scanner-worker.min.js', 'LICENSE']) {
    assert.deepEqual(read(`static/vendor/qr-scanner/${file}`), read(`node_modules/qr-scanner/${file}`), file);
  }
  assert.deepEqual(read('static/vendor/qr-scanner/LICENSE-jsQR'), read('node_modules/jsqr-es6/LICENSE'));
  // The worker is the version of jsqr-es6 that qr-scanner was built with (its devDependency range).
  const range = JSON.parse(read('node_modules/qr-scanner/package.json')).devDependencies['jsqr-es6'];
  assert.equal(range.replace(/^\^/, ''), pins['jsqr-es6']);
});

test('only the scanner loads the decoder, and only when it opens', () => {
  const importers = [];
  const walk = (dir) => {
    for (const entry of readdirSync(new URL(dir, root), { withFileTypes: true })) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory()) walk(`${path}/`);
      else if (path.endsWith('.js') && !path.startsWith('static/vendor/') && read(path).includes('qr-scanner')) {
        importers.push(path);
      }
    }
  };
  walk('static/');
  assert.deepEqual(importers, ['static/js/ui/scanner.js']);
  const scanner = read('static/js/ui/scanner.js').toString();
  assert.doesNotMatch(scanner, /^import .*qr-scanner/m, 'no static import of the decoder');
  assert.match(scanner, /await import\(DECODER\)/);
});
