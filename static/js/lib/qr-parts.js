// A long link as a numbered series of QR codes (issue 16): split into parts `WP<i>/<n>.<sid>:<chunk>`
// (i from 1, sid 4 base64url characters shared by one series), and joined again in any order.
// Pure: no DOM. (A minimal stand-in written on the qr-scan branch for ui/qr-series.js and ui/scanner.js;
// the real module of issue 16 replaces it with the same API.)

/** The longest chunk of text one part carries. */
export const MAX_CHUNK = 600;

const PART = /^WP([1-9]\d{0,2})\/([1-9]\d{0,2})\.([A-Za-z0-9_-]{4}):([\s\S]+)$/;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function seriesId() {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((byte) => BASE64URL[byte & 63]).join('');
}

/** `text` as the texts of a series of parts, as even as possible, each chunk at most `maxChunk` long. */
export function splitParts(text, maxChunk = MAX_CHUNK) {
  if (!text) throw new Error('nothing to split');
  const total = Math.ceil(text.length / maxChunk);
  const size = Math.ceil(text.length / total);
  const sid = seriesId();
  const parts = [];
  for (let i = 0; i < total; i += 1) parts.push(`WP${i + 1}/${total}.${sid}:${text.slice(i * size, (i + 1) * size)}`);
  return parts;
}

/** Collects the parts of one series; add() says what is still needed, the joined text, or why it refused. */
export function createCollector() {
  let series = null; // { sid, total, chunks: Map(index -> chunk) }
  return {
    add(partText) {
      const match = PART.exec(String(partText));
      const index = match ? Number(match[1]) : 0;
      const total = match ? Number(match[2]) : 0;
      if (!match || index > total) return { status: 'refused', reason: 'not-a-part' };
      const sid = match[3];
      if (!series) series = { sid, total, chunks: new Map() };
      if (series.sid !== sid || series.total !== total) return { status: 'refused', reason: 'other-series' };
      series.chunks.set(index, match[4]);
      if (series.chunks.size < total) return { status: 'need', have: series.chunks.size, total };
      let text = '';
      for (let i = 1; i <= total; i += 1) text += series.chunks.get(i);
      return { status: 'done', text };
    },
  };
}
