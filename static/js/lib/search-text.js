// Pure text work for the search (no DOM, no MiniSearch): the same words on the index side and the
// query side, diacritics folded away, and the marked pieces of a title or snippet. Tested with node --test.

// MiniSearch's own word boundary: any Unicode space, newline or punctuation.
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
const COMBINING_MARKS = /\p{M}+/gu;

// Words so common in Dutch that they find everything; left out of the index and, when a query has
// other words, out of the query. Kept short on purpose: "niet" or "geen" can matter.
export const STOP_WORDS = new Set([
  'aan', 'als', 'bij', 'dat', 'de', 'den', 'der', 'die', 'dit', 'door', 'een', 'en', 'er', 'het', 'hij', 'in',
  'is', 'je', 'met', 'naar', 'of', 'om', 'op', 'over', 'te', 'ten', 'ter', 'tot', 'uit', 'van', 'voor', 'ze', 'zij',
]);

export function tokenize(text) {
  return String(text).split(SPACE_OR_PUNCTUATION).filter(Boolean);
}

// "Coördinerend" -> "coordinerend", "café" -> "cafe": canonical decomposition, combining marks
// removed, lower case. Used for every indexed word and every query word.
export function normalise(term) {
  return String(term).normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

// processTerm on the index side: normalised, stop words dropped (MiniSearch skips null).
export function indexTerm(term) {
  const word = normalise(term);
  return word && !STOP_WORDS.has(word) ? word : null;
}

// The query as MiniSearch gets it: stop words out, unless nothing else is left (someone typing
// "de" may be on the way to "deadline").
export function queryText(query) {
  const words = tokenize(query);
  const kept = words.filter((w) => !STOP_WORDS.has(normalise(w)));
  return (kept.length ? kept : words).join(' ');
}

// A text cut into pieces, each marked when its word (normalised) is one of `terms`, the index terms
// a result matched. Joining the pieces' text gives the text back unchanged.
export function highlight(value, terms) {
  const text = String(value);
  const wanted = terms instanceof Set ? terms : new Set(terms);
  const pieces = [];
  const boundary = new RegExp(SPACE_OR_PUNCTUATION.source, 'gu');
  let at = 0;
  const push = (piece, mark) => {
    if (!piece) return;
    const last = pieces[pieces.length - 1];
    if (last && last.mark === mark) last.text += piece;
    else pieces.push({ text: piece, mark });
  };
  for (const gap of text.matchAll(boundary)) {
    const word = text.slice(at, gap.index);
    push(word, wanted.has(normalise(word)));
    push(gap[0], false);
    at = gap.index + gap[0].length;
  }
  const word = text.slice(at);
  push(word, wanted.has(normalise(word)));
  return pieces;
}

// A short piece of a long text around its first match, cut at word boundaries, with "…" where it
// was cut; the start of the text when nothing in it matched.
export function snippet(text, terms, size = 160) {
  const pieces = highlight(text, terms);
  const full = pieces.map((p) => p.text).join('');
  if (full.length <= size) return pieces;
  let first = 0;
  let offset = 0;
  for (const piece of pieces) {
    if (piece.mark) { first = offset; break; }
    offset += piece.text.length;
  }
  let start = Math.max(0, first - Math.floor(size / 3));
  if (start > 0) {
    const space = full.indexOf(' ', start);
    start = space === -1 || space >= first ? start : space + 1;
  }
  let end = Math.min(full.length, start + size);
  if (end < full.length) {
    const space = full.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  const cut = [];
  offset = 0;
  for (const piece of pieces) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + piece.text.length);
    if (from < to) cut.push({ text: piece.text.slice(from - offset, to - offset), mark: piece.mark });
    offset += piece.text.length;
  }
  if (start > 0) cut.unshift({ text: '…', mark: false });
  if (end < full.length) cut.push({ text: '…', mark: false });
  return cut;
}
