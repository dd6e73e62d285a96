// Pure: an answer as words, the way its form page words it (a scale's label, the option chosen, a date in
// Dutch), for showing an entry read-only: ontvangen/ and the groeidossier (and its printout). No DOM and no
// storage; runs under `node --test`. `item` is a question from formulieren/<id>/vragen.json.
import { own } from './instants.js';

const day = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });

/** A YYYY-MM-DD day in Dutch: "do 12 maart 2026". */
export const dayText = (value) => day.format(new Date(`${value}T12:00:00`));

/** The answer to `item` in `values` as text, or null when there is none. words: { yes, other } ("ja",
 * "anders, namelijk:"). */
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
      ? `${words.other} ${own(values, `${item.id}:anders`) || ''}`.trim() : option)).join(', ');
  }
  if (item.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return dayText(value);
  return Array.isArray(value) ? value.join(', ') : String(value);
}
