// A radar (spider) chart as inline SVG, drawn from the geometry in entries.js. No chart library.
// The chart is a picture of the table beside it (which screen readers read); the SVG gets a title.
import { radarPoints } from '../lib/entries.js';

const NS = 'http://www.w3.org/2000/svg';
const SIZE = 320;
const BOX = { cx: SIZE / 2, cy: SIZE / 2, r: SIZE / 2 - 70 };

function el(name, attributes = {}, text = '') {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

const path = (points) => points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

/** labels: one per axis; series: [{ label, values: [average | null per axis] }]; points: the scale's top. */
export function drawRadar(labels, series, points) {
  // Room beside the circle for the axis labels.
  const svg = el('svg', { viewBox: `-60 -10 ${SIZE + 120} ${SIZE + 20}`, class: 'radar', role: 'img' });
  svg.append(el('title', {}, `Spinnenweb: ${series.map((s) => s.label).join(', ')}, per onderdeel van 1 tot ${points}`));
  for (let level = 2; level <= points; level += 1) {
    svg.append(el('polygon', { class: 'radar-grid', points: path(radarPoints(labels.map(() => level), points, BOX)) }));
  }
  const outer = radarPoints(labels.map(() => points), points, BOX);
  outer.forEach(([x, y], i) => {
    svg.append(el('line', { class: 'radar-axis', x1: BOX.cx, y1: BOX.cy, x2: x.toFixed(1), y2: y.toFixed(1) }));
    const dx = x - BOX.cx;
    const anchor = Math.abs(dx) < 1 ? 'middle' : dx > 0 ? 'start' : 'end';
    const label = el('text', { x: (BOX.cx + (x - BOX.cx) * 1.08).toFixed(1), y: (BOX.cy + (y - BOX.cy) * 1.08 + 4).toFixed(1), 'text-anchor': anchor, class: 'radar-label' });
    // Long labels wrap on their own words, at most four lines.
    const lines = labels[i].split(' ').reduce((out, word) => {
      if (out.length && (out[out.length - 1] + ' ' + word).length <= 12) out[out.length - 1] += ` ${word}`;
      else out.push(word);
      return out;
    }, []).slice(0, 4);
    lines.forEach((line, n) => label.append(el('tspan', { x: label.getAttribute('x'), dy: n ? '1.1em' : '0' }, line)));
    svg.append(label);
  });
  series.forEach((s, n) => {
    if (!s.values.some((v) => v !== null)) return;
    const corners = radarPoints(s.values, points, BOX);
    svg.append(el('polygon', { class: `radar-series series-${n + 1}`, points: path(corners), 'data-series': s.label }));
    for (const [x, y] of corners) svg.append(el('circle', { class: `radar-dot series-${n + 1}`, cx: x.toFixed(1), cy: y.toFixed(1), r: 3 }));
  });
  return svg;
}
