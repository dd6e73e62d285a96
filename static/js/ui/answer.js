// "Stuur je antwoord naar …" on a form page, for an entry that belongs to someone's lesson visit (on the
// observer's device): the newest saved version, sealed for the key in the invitation (visit-link.js
// sealAnswer), as a link to ontvangen/ and as a numbered series of QR codes to scan face to face.
// Loaded by form.js only for such an entry.
import { copyLink } from './copy.js';

const $ = (root, selector) => root.querySelector(selector);

export function initAnswer(box, visit, latestEntry, listenForChanges) {
  const words = new Map([...$(box, '#antwoord-meldingen').content.querySelectorAll('[data-msg]')].map((s) => [s.dataset.msg, s.textContent]));
  const status = $(box, '[data-answer-status]');
  const result = $(box, '[data-answer-result]');
  const linkField = $(box, '[data-answer-link]');
  const send = $(box, '[data-answer-send]');
  const qrBox = $(box, '[data-answer-qr-box]');
  for (const name of box.querySelectorAll('[data-answer-student]')) name.textContent = visit.student.name;
  box.hidden = false;
  let link = null;
  let made = null; // the entry's `updated` the link holds

  $(box, '[data-answer-make]').addEventListener('click', async () => {
    status.textContent = words.get('making');
    const entry = await latestEntry();
    const { sealAnswer } = await import('../lib/visit-link.js');
    const fragment = await sealAnswer(entry, visit.key);
    const url = new URL(box.dataset.receivedUrl, location.href);
    url.hash = fragment;
    link = url.href;
    made = entry.updated;
    linkField.value = link;
    result.hidden = false;
    qrBox.hidden = true;
    send.hidden = typeof navigator.share !== 'function';
    status.textContent = words.get('made');
  });
  send.addEventListener('click', () => navigator.share({ title: document.querySelector('h1').textContent, url: link }).catch(() => {}));
  $(box, '[data-answer-copy]').addEventListener('click', async () => {
    status.textContent = words.get(await copyLink(link, linkField));
  });
  $(box, '[data-answer-qr]').addEventListener('click', async () => {
    const [{ splitParts }, { showSeries }] = await Promise.all([import('../lib/qr-parts.js'), import('./qr-series.js')]);
    showSeries(qrBox, splitParts(link));
    qrBox.hidden = false;
    qrBox.scrollIntoView({ block: 'nearest' });
  });
  // Edited after the link was made: say so (the link holds the older version).
  listenForChanges((entry) => {
    if (made && entry && entry.updated !== made) status.textContent = words.get('changed');
  });
}
