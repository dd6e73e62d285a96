// formulieren/radar/<id>/: the newest entry of each series' form, laid over each other, with the
// difference per axis flagged when it is more than a third of the scale (the calibration of seed 002).
import { average, gap } from '../lib/entries.js';
import { instant, own } from '../lib/instants.js';
import { drawRadar } from '../ui/radar-chart.js';
import { listEntries } from '../lib/storage.js';
import { dateFormat } from '../lib/formats.js';

const number = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export async function initRadarPage() {
  const root = document.querySelector('[data-radar]');
  const data = JSON.parse(document.getElementById('radar-gegevens').textContent);
  const entries = await listEntries();
  const newest = new Map(data.series.map((form) => {
    const mine = entries.filter((e) => e.form === form).sort((a, b) => (instant(b.updated) ?? 0) - (instant(a.updated) ?? 0));
    return [form, mine[0] || null];
  }));
  const points = Math.max(...Object.values(data.points));
  const values = data.series.map((form) => data.axes.map((axis) =>
    (newest.get(form) ? average(newest.get(form).answers, own(axis.items, form)) : null)));

  for (const item of root.querySelectorAll('[data-series]')) {
    const entry = newest.get(item.dataset.series);
    if (!entry) continue;
    const link = item.querySelector('[data-series-link]');
    link.href = `${link.getAttribute('href')}?invulling=${entry.id}`;
    item.querySelector('[data-series-state]').textContent =
      `(${entry.state === 'afgerond' ? 'afgerond' : 'concept'}, ${dateFormat.format(new Date(entry.updated))})`;
  }
  data.axes.forEach((axis, a) => {
    const row = root.querySelector(`tr[data-axis="${CSS.escape(axis.id)}"]`);
    data.series.forEach((form, s) => {
      const value = values[s][a];
      row.querySelector(`[data-value="${CSS.escape(form)}"]`).textContent = value === null ? '–' : number.format(value);
    });
    const { size, flagged } = gap(values.map((v) => v[a]), points);
    const cell = row.querySelector('[data-gap]');
    cell.textContent = size === null ? '–' : `${number.format(size)}${flagged ? ' — groot verschil' : ''}`;
    row.classList.toggle('is-gap', flagged);
  });
  const labels = [...root.querySelectorAll('[data-series]')].map((li) => li.textContent.split(':')[0].trim());
  root.querySelector('[data-radar-chart]').replaceChildren(
    drawRadar(data.axes.map((a) => a.label), values.map((v, s) => ({ label: labels[s], values: v })), points),
  );
}
