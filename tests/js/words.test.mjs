import assert from 'node:assert/strict';
import test from 'node:test';

import { counted, listText, missingText } from '../../static/js/lib/words.js';

test('a count takes the singular only for exactly one', () => {
  assert.equal(counted(1, 'invulling', 'invullingen'), '1 invulling');
  assert.equal(counted(2, 'invulling', 'invullingen'), '2 invullingen');
  assert.equal(counted(0, 'vinkje', 'vinkjes'), '0 vinkjes');
  assert.equal(counted(1, 'stond', 'stonden'), '1 stond');
  assert.equal(counted(3, 'stond', 'stonden'), '3 stonden');
  assert.equal(counted(1200, 'vinkje', 'vinkjes'), '1.200 vinkjes');
});

test('lists join with commas and a final "en"', () => {
  assert.equal(listText([]), '');
  assert.equal(listText(['A']), 'A');
  assert.equal(listText(['A', 'B']), 'A en B');
  assert.equal(listText(['A', 'B', 'C']), 'A, B en C');
});

test('what is missing takes a verb that agrees, titles as written', () => {
  assert.equal(missingText(['Kijkwijzer didactiek']), 'Kijkwijzer didactiek ontbreekt nog');
  assert.equal(missingText(['Kijkwijzer pedagogiek', 'Kijkwijzer vakdidactiek']),
    'Kijkwijzer pedagogiek en Kijkwijzer vakdidactiek ontbreken nog');
  assert.equal(missingText(['X', 'Y', 'Z']), 'X, Y en Z ontbreken nog');
});
