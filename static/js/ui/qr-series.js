// A numbered series of QR codes on screen ("Code 1 van 3"), for a link too long for one code (issue 16):
// the observer's phone shows them, the student's app scans them (ui/scanner.js). The series moves on by
// itself every ADVANCE_MS, so a phone held over the screen reads every code without a tap; it pauses
// while the pointer or the keyboard focus is on it, and "Pauzeer" stops it (WCAG 2.2.2). Vorige and
// Volgende step by hand. The parts come from lib/qr-parts.js (splitParts); each is drawn once with qr.js.
import { drawQr } from '../lib/qr.js';

/** How long each code stays on screen while the series runs by itself. */
export const ADVANCE_MS = 1500;

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/**
 * Show `parts` (texts, one QR code each) in `container`, replacing what is there. Returns
 * { show(index), stop() }: show a code (0-based) by hand, and stop the timer (call it when the series
 * leaves the screen). Throws if a part does not fit one QR code (qr.js MAX_VERSION).
 */
export function showSeries(container, parts) {
  const total = parts.length;
  const counter = el('p', { className: 'qr-series-counter' });
  counter.dataset.seriesCounter = '';
  const codes = parts.map((text, i) => {
    const box = el('div', { className: 'qr', hidden: true });
    box.dataset.seriesCode = String(i + 1);
    box.dataset.label = `QR-code ${i + 1} van ${total}`;
    if (!drawQr(box, text)) throw new Error(`part ${i + 1} of ${total} does not fit one QR code`);
    return box;
  });
  const button = (text) => el('button', { type: 'button', textContent: text });
  const previous = button('Vorige');
  const pause = button('Pauzeer');
  const next = button('Volgende');
  const buttons = el('div', { className: 'share-buttons' }, previous, pause, next);
  const series = el('div', { className: 'qr-series' }, counter, ...codes);
  series.setAttribute('role', 'group');
  series.setAttribute('aria-label', total > 1 ? `Reeks van ${total} QR-codes` : 'QR-code');
  if (total > 1) series.append(buttons);
  container.replaceChildren(series);

  let current = 0;
  let timer = null;
  let stopped = total < 2; // one code: nothing to run through
  const held = { hovered: false, focused: false }; // a mouse over the series, keyboard focus in it
  const show = (index, announce) => {
    current = (index + total) % total;
    codes.forEach((box, i) => {
      box.hidden = i !== current;
    });
    // Read out when someone steps by hand; not every 1.5 s while the series runs by itself.
    counter.setAttribute('aria-live', announce ? 'polite' : 'off');
    counter.textContent = `Code ${current + 1} van ${total}`;
  };
  const run = () => {
    clearInterval(timer);
    timer = null;
    if (!stopped && !held.hovered && !held.focused) timer = setInterval(() => show(current + 1, false), ADVANCE_MS);
  };
  const hold = (what, value) => {
    held[what] = value;
    run();
  };

  previous.addEventListener('click', () => {
    show(current - 1, true);
    run(); // a full interval for the code just chosen
  });
  next.addEventListener('click', () => {
    show(current + 1, true);
    run();
  });
  pause.addEventListener('click', () => {
    stopped = !stopped;
    pause.textContent = stopped ? 'Doorgaan' : 'Pauzeer';
    run();
  });
  // A mouse over the series or keyboard focus in it holds it; a tap (touch, or focus from a click) does
  // not, so after a tap on Volgende the series runs on from the code chosen.
  series.addEventListener('pointerenter', (event) => event.pointerType === 'mouse' && hold('hovered', true));
  series.addEventListener('pointerleave', (event) => event.pointerType === 'mouse' && hold('hovered', false));
  series.addEventListener('focusin', (event) => hold('focused', event.target.matches(':focus-visible')));
  series.addEventListener('focusout', () => hold('focused', false));

  show(0, false);
  run();
  return {
    show(index) {
      show(index, true);
      run();
    },
    stop() {
      stopped = true;
      run();
    },
  };
}
