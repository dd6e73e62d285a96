// "Verder met je concept" on a form page opened without ?invulling= (form.js loads this only when there
// are concepts to show).
import { instant, own } from '../lib/instants.js';
import { countConcepts } from '../lib/concept-count.js';
import { listEntries } from '../lib/storage.js';
import { dateFormat, noon } from '../lib/formats.js';

const PARAM = 'invulling';
const shown = 3; // as CONCEPTS_SHOWN in views.py, which the page's inline script uses

/**
 * "Verder met je concept" above the form: this form's unfinished entries on this device, newest first,
 * each with who it is about (the first field of Gegevens) and the date field when the form has one.
 * The inline script reserved a line per concept (from the count storage.js keeps in localStorage); this
 * fills them in, and corrects the count if it was stale.
 */
export async function showConcepts(section, form, formId) {
  const entries = await listEntries();
  countConcepts(entries);
  const concepts = entries.filter((e) => e.form === formId && e.state !== 'afgerond')
    .sort((a, b) => (instant(b.updated) ?? 0) - (instant(a.updated) ?? 0));
  const dateItem = form.querySelector('[data-section="gegevens"] [data-kind="date"]');
  section.querySelector('[data-concept-list]').replaceChildren(...concepts.slice(0, shown).map((entry) => {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = `?${PARAM}=${entry.id}`;
    const first = form.querySelector('[data-section="gegevens"] [data-item]');
    const about = first && own(entry.meta, first.dataset.item);
    link.textContent = typeof about === 'string' && about.trim() ? about.trim() : 'zonder naam';
    li.append(link);
    const day = dateItem && own(entry.meta, dateItem.dataset.item);
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day)) li.append(` · ${dateFormat.format(noon(day))}`);
    return li;
  }));
  section.querySelector('[data-concepts-more]').hidden = concepts.length <= shown;
  section.hidden = concepts.length === 0;
}
