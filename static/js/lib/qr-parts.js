// Pure: a long text (a link's fragment) as a numbered series of QR-code texts, and the series read back in
// any order. No DOM and no storage; runs under `node --test`. Drawing and scanning are the pages' work.
//
// A part: WP<i>/<n>.<sid>:<chunk>
//   i     1-based number of this part, n the number of parts (decimal, 1..MAX_PARTS, no leading zero)
//   sid   series id: 4 random base64url characters, the same in every part of one series, so parts of two
//         series (two answers shown one after the other) are never joined
//   chunk the i-th piece of the text (at most maxChunk characters; the pieces are of equal length, give or
//         take one, so every code of a series is about as dense)
// One part is still numbered (WP1/1.<sid>:…), so a reader treats every code of the series format alike.

export const MAX_PARTS = 50;
export const MAX_CHUNK = 1500; // characters: more does not scan from a phone screen
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PART = /^WP([1-9]\d{0,2})\/([1-9]\d{0,2})\.([A-Za-z0-9_-]{4}):/;

function seriesId() {
  return [...crypto.getRandomValues(new Uint8Array(4))].map((byte) => B64[byte & 63]).join('');
}

/**
 * The texts of the QR codes for `text`: ['WP1/3.<sid>:…', 'WP2/3.<sid>:…', 'WP3/3.<sid>:…'], one part when it
 * fits in `maxChunk` characters. Throws a RangeError when it needs more than MAX_PARTS parts.
 */
export function splitParts(text, maxChunk = 500) {
  if (!Number.isInteger(maxChunk) || maxChunk < 1 || maxChunk > MAX_CHUNK) throw new RangeError('maxChunk');
  const chars = Array.from(String(text)); // by code point: a pair of surrogates is never cut in two
  const total = Math.max(1, Math.ceil(chars.length / maxChunk));
  if (total > MAX_PARTS) throw new RangeError('too long for a series of QR codes');
  const sid = seriesId();
  const parts = [];
  for (let i = 0, at = 0; i < total; i += 1) {
    const end = Math.round(((i + 1) * chars.length) / total);
    parts.push(`WP${i + 1}/${total}.${sid}:${chars.slice(at, end).join('')}`);
    at = end;
  }
  return parts;
}

/** { index, total, sid, chunk } of a part's text, or null when it is not a part. */
export function parsePart(text) {
  if (typeof text !== 'string') return null;
  const head = PART.exec(text);
  if (!head) return null;
  const [index, total] = [Number(head[1]), Number(head[2])];
  const chunk = text.slice(head[0].length);
  if (index > total || total > MAX_PARTS || Array.from(chunk).length > MAX_CHUNK) return null;
  return { index, total, sid: head[3], chunk };
}

/**
 * A reader of one series, fed one scanned text at a time. add(text) says
 *   { status: 'need', have, total, missing: [part numbers not read yet] }
 *   { status: 'done', text }                      every part read: the text joined in order
 *   { status: 'refused', reason }                 'not-a-part' (no part of a series: perhaps a whole link),
 *                                                 'other-series' (another total or series id than the parts
 *                                                 read so far, or another text under a part number already read)
 * Reading a part again is fine; a refused part changes nothing. reset() starts a new series.
 */
export function createCollector() {
  let series = null; // { total, sid, chunks: Map(index → chunk) }
  const state = () => {
    const { total, chunks } = series;
    if (chunks.size === total) {
      return { status: 'done', text: Array.from({ length: total }, (_, i) => chunks.get(i + 1)).join('') };
    }
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !chunks.has(i));
    return { status: 'need', have: chunks.size, total, missing };
  };
  return {
    add(text) {
      const part = parsePart(text);
      if (!part) return { status: 'refused', reason: 'not-a-part' };
      series ||= { total: part.total, sid: part.sid, chunks: new Map() };
      const known = series.chunks.get(part.index);
      if (part.total !== series.total || part.sid !== series.sid || (known !== undefined && known !== part.chunk)) {
        return { status: 'refused', reason: 'other-series' };
      }
      series.chunks.set(part.index, part.chunk);
      return state();
    },
    reset() {
      series = null;
    },
  };
}
