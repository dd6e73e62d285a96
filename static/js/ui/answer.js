// "Stuur je antwoord naar …" and "Stuur je verslag naar …" on a form page, for an entry of a lesson visit:
// the newest saved version, sealed for one device key (visit-link.js sealAnswer), as a link to ontvangen/
// and as a numbered series of QR codes to scan face to face. On the observer's device the key is the
// student's, from the invitation; on the student's device (her report of the conversation) it is the key an
// observer's answer brought. Every sealed link carries this device's own key, so the other side can seal
// back to it. Loaded by form-people.js only for such an entry.
import { copyLink } from './copy.js';

const $ = (root, selector) => root.querySelector(selector);

/**
 * `recipients`: [{ name, key, role? }] (one or more; a choice appears when there are several), `kind`:
 * 'answer' or 'report' (which words), `latestEntry()` the entry as saved, `listenForChanges(hook)`.
 */
export function initAnswer(box, { recipients, kind }, latestEntry, listenForChanges) {
  const words = new Map([...$(box, '#antwoord-meldingen').content.querySelectorAll('[data-msg]')].map((s) => [s.dataset.msg, s.textContent]));
  const status = $(box, '[data-answer-status]');
  const result = $(box, '[data-answer-result]');
  const linkField = $(box, '[data-answer-link]');
  const send = $(box, '[data-answer-send]');
  const qrBox = $(box, '[data-answer-qr-box]');
  const make = $(box, '[data-answer-make]');
  const choice = $(box, '[data-answer-recipient]');
  if (kind === 'report') {
    $(box, '[data-answer-title]').textContent = words.get('report-title');
    $(box, '[data-answer-intro]').textContent = words.get('report-intro');
    make.textContent = words.get('report-make');
  }
  choice.replaceChildren(...recipients.map(({ name, role }, i) => new Option(role ? `${name} (${role})` : name, String(i))));
  $(box, '[data-answer-to]').hidden = recipients.length < 2;
  const recipient = () => recipients[Number(choice.value) || 0];
  const showName = () => {
    for (const name of box.querySelectorAll('[data-answer-student]')) name.textContent = recipient().name;
  };
  showName();
  box.hidden = false;
  let link = null;
  let made = null; // the entry's `updated` the link holds

  choice.addEventListener('change', () => {
    showName();
    result.hidden = true; // a link sealed for someone else: make it again
    status.textContent = '';
    link = null;
    made = null;
  });
  make.addEventListener('click', async () => {
    status.textContent = words.get('making');
    const entry = await latestEntry();
    if (!entry) {
      status.textContent = words.get('empty');
      return;
    }
    const [{ makeDeviceKey, sealAnswer }, { deviceKey }] = await Promise.all([import('../lib/visit-link.js'), import('../lib/storage-visits.js')]);
    const own = await deviceKey(makeDeviceKey);
    const fragment = await sealAnswer(entry, recipient().key, own.publicKey);
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
