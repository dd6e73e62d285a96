// The push service's token (push-token.js): sent only with the endpoint it was issued for, replaced only by a
// newer one for that endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptAfter, tokenFor, withToken } from '../../static/js/lib/push-token.js';

const endpoint = 'https://push.example/abc';
const saved = { endpoint, token: 'T'.repeat(43) };

test('the token goes only with the endpoint it was issued for', () => {
  assert.equal(tokenFor(saved, endpoint), saved.token);
  assert.equal(tokenFor(saved, 'https://push.example/other'), undefined);
  assert.equal(tokenFor(null, endpoint), undefined);
  assert.equal(tokenFor({ endpoint }, endpoint), undefined);
  assert.deepEqual(withToken({ endpoint }, saved, endpoint), { endpoint, token: saved.token });
  assert.deepEqual(withToken({ endpoint: 'x' }, saved, 'x'), { endpoint: 'x' });
  assert.deepEqual(withToken({ a: 1 }, undefined, endpoint), { a: 1 });
});

test('a newly issued token replaces the saved one; otherwise it stays, if it is for this endpoint', () => {
  assert.deepEqual(keptAfter({ status: 'aangemeld', token: 'N' }, saved, endpoint), { endpoint, token: 'N' });
  assert.equal(keptAfter({ status: 'bijgewerkt' }, saved, endpoint), saved);
  assert.equal(keptAfter({ status: 'bijgewerkt' }, saved, 'https://push.example/new'), null);
  assert.equal(keptAfter(undefined, null, endpoint), null);
});
