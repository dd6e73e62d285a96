// The results of an entry: per section the mean of its scale answers, as a table and a radar.
// Used by the form page (form.js) and by a shared entry (received.js, on a form page fetched as HTML).
import { sectionAverages } from '../lib/entries.js';
import { drawRadar } from './radar-chart.js';

const number = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Per section of a <form data-form> with scale items: { id, title, items, points }. */
export function scaleSections(form) {
  return [...form.querySelectorAll('.form-section')].map((section) => ({
    id: section.dataset.section,
    title: section.querySelector('h2').textContent,
    items: [...section.querySelectorAll('[data-kind="scale"]')].map((item) => item.dataset.item),
    points: Number((section.querySelector('[data-kind="scale"]') || { dataset: {} }).dataset.points || 0),
  })).filter((section) => section.items.length);
}

export function showResults(results, sections, entry) {
  const averages = sectionAverages(sections, entry ? entry.answers : {});
  results.hidden = !averages.some((a) => a.average !== null);
  if (results.hidden) return;
  const rows = averages.map((a, i) => {
    const row = document.createElement('tr');
    row.dataset.section = a.id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = sections[i].title;
    const value = document.createElement('td');
    value.textContent = a.average === null ? '–' : `${number.format(a.average)} van ${sections[i].points}`;
    const count = document.createElement('td');
    count.textContent = `${a.answered} van ${a.total}`;
    row.append(th, value, count);
    return row;
  });
  results.querySelector('[data-results-table] tbody').replaceChildren(...rows);
  const chart = results.querySelector('[data-radar-chart]');
  const points = Math.max(...sections.map((s) => s.points));
  chart.replaceChildren();
  if (sections.length >= 3) {
    chart.append(drawRadar(sections.map((s) => s.title), [{ label: 'Deze invulling', values: averages.map((a) => a.average) }], points));
  }
}
