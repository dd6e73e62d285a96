// Search text (search-text.js) with MiniSearch itself: diacritics and case folded, Dutch stop words, tokens,
// highlights and snippets; and the vendored MiniSearch is exactly the pinned npm release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { highlight, indexTerm, normalise, queryText, snippet, tokenize } from '../../static/js/lib/search-text.js';
import MiniSearch from '../../static/vendor/minisearch/minisearch.js';

const joined = (pieces) => pieces.map((p) => p.text).join('');
const marked = (pieces) => pieces.filter((p) => p.mark).map((p) => p.text);

test('normalise folds diacritics and case', () => {
  assert.equal(normalise('Coördinerend'), 'coordinerend');
  assert.equal(normalise('ÉÉN'), 'een');
  assert.equal(normalise('café'), 'cafe');
  assert.equal(normalise('naïef'), 'naief');
  // Already decomposed input (a combining diaeresis) ends up the same.
  assert.equal(normalise('Coo\u0308rdinerend'), 'coordinerend');
  assert.equal(normalise('werkplek'), 'werkplek');
});

test('index terms drop Dutch stop words, and nothing else', () => {
  assert.equal(indexTerm('De'), null);
  assert.equal(indexTerm('van'), null);
  assert.equal(indexTerm('niet'), 'niet');
  assert.equal(indexTerm('Één'), null); // "één" folds to the stop word "een"
  assert.equal(indexTerm('Lesbezoek'), 'lesbezoek');
});

test('tokenize splits on spaces and punctuation like MiniSearch', () => {
  assert.deepEqual(tokenize('Lesbezoek (formeel) en driehoeksgesprek; WPB/SO.'),
    ['Lesbezoek', 'formeel', 'en', 'driehoeksgesprek', 'WPB', 'SO']);
  assert.deepEqual(tokenize('coördinerend'), ['coördinerend']);
});

test('query text keeps stop words only when nothing else is left', () => {
  assert.equal(queryText('gesprek met de student'), 'gesprek student');
  assert.equal(queryText('de'), 'de');
  assert.equal(queryText('  '), '');
});

test('highlight marks whole words whose folded form matched, and keeps the text', () => {
  const text = 'De coördinerend schoolopleider (CSO) coördineert.';
  const pieces = highlight(text, new Set(['coordinerend', 'cso']));
  assert.equal(joined(pieces), text);
  assert.deepEqual(marked(pieces), ['coördinerend', 'CSO']);
  assert.deepEqual(marked(highlight(text, [])), []);
});

test('snippet cuts around the first match at word boundaries', () => {
  const words = Array.from({ length: 80 }, (_, i) => `woord${i}`);
  words[50] = 'Driehoeksgesprek';
  const text = words.join(' ');
  const cut = snippet(text, new Set(['driehoeksgesprek']), 120);
  const shown = joined(cut);
  assert.ok(shown.startsWith('…') && shown.endsWith('…'), shown);
  assert.ok(shown.length <= 122, shown.length);
  assert.deepEqual(marked(cut), ['Driehoeksgesprek']);
  for (const part of shown.slice(1, -1).split(' ')) assert.match(part, /^(woord\d+|Driehoeksgesprek)$/);
  // Short texts stay whole; no match: the start of the text.
  assert.equal(joined(snippet('Kort.', new Set(['x']))), 'Kort.');
  const start = joined(snippet(text, new Set(['nergens']), 60));
  assert.ok(start.startsWith('woord0 woord1') && start.endsWith('…'), start);
});

test('MiniSearch with these terms: no diacritics, prefixes and a typo find the document', () => {
  const engine = new MiniSearch({
    fields: ['title', 'text'], tokenize, processTerm: indexTerm,
    searchOptions: { tokenize, processTerm: normalise, prefix: true, fuzzy: (t) => (t.length > 4 ? 0.2 : false), combineWith: 'AND' },
  });
  engine.addAll([
    { id: 'a', title: 'Coördinerend schoolopleider', text: 'Coördineert de opleiding op school.' },
    { id: 'b', title: 'Werkplekbegeleider', text: 'Begeleidt de student in de klas.' },
  ]);
  const ids = (q) => engine.search(queryText(q)).map((r) => r.id);
  assert.deepEqual(ids('coordinerend'), ['a']);
  assert.deepEqual(ids('COÖRDINEREND'), ['a']);
  assert.deepEqual(ids('coord'), ['a']);
  assert.deepEqual(ids('schoolopleidre'), ['a']); // two letters swapped
  assert.deepEqual(ids('student de klas'), ['b']);
  assert.deepEqual(ids('student school'), []);
});

test('the vendored MiniSearch is the pinned npm release, unchanged but for its banner and source map line', () => {
  const pinned = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url))).devDependencies.minisearch;
  const installed = JSON.parse(readFileSync(new URL('../../node_modules/minisearch/package.json', import.meta.url)));
  assert.equal(installed.version, pinned);
  const vendored = readFileSync(new URL('../../static/vendor/minisearch/minisearch.js', import.meta.url), 'utf8');
  const [banner, ...rest] = vendored.split('\n');
  assert.ok(banner.startsWith(`/*! MiniSearch ${pinned} `), banner);
  const upstream = readFileSync(new URL('../../node_modules/minisearch/dist/es/index.js', import.meta.url), 'utf8');
  assert.equal(rest.join('\n'), upstream.split('\n').filter((l) => !l.startsWith('//# sourceMappingURL=')).join('\n'));
  const licence = readFileSync(new URL('../../static/vendor/minisearch/LICENSE.txt', import.meta.url), 'utf8');
  assert.equal(licence, readFileSync(new URL('../../node_modules/minisearch/LICENSE.txt', import.meta.url), 'utf8'));
});
