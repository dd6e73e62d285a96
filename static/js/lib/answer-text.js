// Pure: an answer to a question of formulieren/<id>/vragen.json as words, as its form page words it, for an
// entry shown read-only (ontvangen/, the groeidossier). Runs under `node --test`.
import { own } from './instants.js';
import { dayFormat, noon } from './formats.js';


/** A YYYY-MM-DD day in Dutch: "do 12 maart 2026". */
export const dayText = (value) => dayFormat.format(noon(value));

/** The answer to `item` in `values` as text, or null; words: { yes: 'ja', other: 'anders, namelijk:' }. */
export function answerText(item, values, words) {
  const value = own(values, item.id);
  if (value === undefined) return null;
  if (item.kind === 'scale') {
    if (value === 'nvt') return item.na_label;
    return `${value} van ${item.points}: ${item.labels[Number(value) - 1]}`;
  }
  if (item.kind === 'check') return value === true ? words.yes : String(value);
  if (item.kind === 'choice') {
    return (Array.isArray(value) ? value : [value]).map((option) => (option === 'anders'
      ? `${words.other} ${own(values, item.id + ':anders') || ''}`.trim() : option)).join(', ');
  }
  if (item.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return dayText(value);
  return Array.isArray(value) ? value.join(', ') : String(value);
}
