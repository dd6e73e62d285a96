// Progress against a programme's rules about forms (<li data-requirement>), from the entries on this
// device: "2 van 3 — Kijkwijzer didactiek ontbreekt nog".
import { requirementProgress } from '../lib/entries.js';
import { listEntries } from '../lib/storage.js';
import { missingText } from '../lib/words.js';

export async function showRequirements(root = document) {
  const items = [...root.querySelectorAll('[data-requirement]')];
  if (!items.length) return;
  const entries = await listEntries();
  for (const item of items) {
    const { forms, count, per, start, end } = item.dataset;
    const progress = requirementProgress({ forms: forms.split(' '), count: Number(count), per, start, end }, entries);
    item.querySelector('[data-done]').textContent = String(progress.done);
    const title = (id) => item.querySelector(`[data-form-title="${CSS.escape(id)}"]`).textContent;
    const status = item.querySelector('[data-req-status]');
    if (progress.met) status.textContent = '— gedaan';
    else if (per === 'total') status.textContent = `— nog ${progress.needed - progress.done} te gaan`;
    else status.textContent = `— ${missingText(progress.missing.map(title))}`;
    item.classList.toggle('is-met', progress.met);
  }
}
