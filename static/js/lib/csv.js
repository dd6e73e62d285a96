// Pure: entries of one form as CSV that Dutch Excel opens as it should: UTF-8 with a byte order mark,
// ';' between fields, CRLF between rows, every field quoted when it holds ';', '"' or a line break.
// Runs under `node --test`.

import { own } from './instants.js';

const BOM = '\uFEFF';

export function csvField(value) {
  const text = value === undefined || value === null ? '' : String(value);
  // A field starting with = + - @ would be a formula in a spreadsheet: show it as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const answerText = (value) => (Array.isArray(value) ? value.join(', ') : value === true ? 'ja' : value);

/**
 * columns: [{ group: 'meta' | 'answers', name, label }] in form order. Every entry is one row; answers
 * the columns do not name (items since removed from the form) get columns of their own at the end.
 */
export function entriesToCsv(columns, entries, stateLabels = { concept: 'concept', afgerond: 'afgerond' }) {
  const known = new Set(columns.map((c) => `${c.group}:${c.name}`));
  const extra = [];
  for (const entry of entries) {
    for (const group of ['meta', 'answers']) {
      for (const name of Object.keys(entry[group])) {
        const key = `${group}:${name}`;
        if (!known.has(key)) {
          known.add(key);
          extra.push({ group, name, label: `${name} (vervallen vraag)` });
        }
      }
    }
  }
  const all = [...columns, ...extra];
  const header = ['Invulling', 'Status', 'Aangemaakt', 'Bijgewerkt', 'Afgerond', ...all.map((c) => c.label)];
  const rows = entries.map((entry) => [
    entry.id, stateLabels[entry.state] || entry.state, entry.created, entry.updated, entry.completed || '',
    ...all.map((c) => answerText(own(entry[c.group], c.name))),
  ]);
  return BOM + [header, ...rows].map((row) => row.map(csvField).join(';')).join('\r\n') + '\r\n';
}
