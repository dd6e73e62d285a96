// The "Deel" section of a form page: the saved entry as a link to ontvangen/ with the entry in its
// fragment (share-link.js), shared with the device's share sheet, copied, or shown as a QR code (qr.js).
// Both modules load on the first tap that needs them, not with the page. Nothing is sent anywhere:
// the link is made in the browser.
import { copyLink } from './copy.js';

/** Some mail programs cut links after about this many characters. */
export const LONG_LINK = 1000;

export function initShare(section, form, currentEntry) {
  if (!section) return;
  const $ = (selector) => section.querySelector(selector);
  const status = $('[data-share-status]');
  const result = $('[data-share-result]');
  const make = $('[data-share-make]');
  const withCode = $('[data-share-with-code]');
  const field = $('[data-share-link]');
  const send = $('[data-share-send]');
  const qrBox = $('[data-share-qr-box]');
  const tooBig = $('[data-share-qr-too-big]');
  const target = new URL(section.dataset.receivedUrl, document.baseURI);
  let link = null;

  const say = (name) => {
    const copy = document.getElementById('deel-meldingen').content.querySelector(`[data-msg="${name}"]`).cloneNode(true);
    const choice = copy.querySelector('[data-code-choice]');
    if (choice) choice.textContent = withCode.checked ? 'met' : 'zonder';
    status.replaceChildren(copy);
  };
  // The link on screen no longer matches: 'changed' (the entry was edited) or 'code' (only the code choice).
  let asked = null; // the message that asks for a new link, while it is on screen
  const forget = (why = 'changed') => {
    // Without a link on screen, only a code message can be out of date (the choice was changed back).
    if (!link && !(asked === 'code' && why === 'code')) return;
    link = null;
    result.hidden = true;
    asked = why;
    say(why);
  };

  send.hidden = typeof navigator.share !== 'function';
  make.addEventListener('click', async () => {
    make.disabled = true;
    try {
      const entry = await currentEntry();
      if (!entry) {
        forget();
        asked = null;
        say('empty');
        return;
      }
      say('making');
      const { encodeEntry, formatCode, generateCode } = await import('../lib/share-link.js');
      const code = withCode.checked ? generateCode() : null;
      target.hash = await encodeEntry(entry, code);
      link = target.href;
      field.value = link;
      $('[data-share-code]').textContent = code ? formatCode(code) : '';
      $('[data-share-code-box]').hidden = !code;
      $('[data-share-length]').textContent = link.length.toLocaleString('nl-NL');
      $('[data-share-long]').hidden = link.length <= LONG_LINK;
      qrBox.hidden = true;
      tooBig.hidden = true;
      result.hidden = false;
      asked = null;
      say(code ? 'made-code' : 'made');
    } catch (error) {
      console.error(error);
      say('failed');
    } finally {
      make.disabled = false;
    }
  });

  const copy = async () => say(await copyLink(link, field));
  $('[data-share-copy]').addEventListener('click', copy);
  send.addEventListener('click', async () => {
    try {
      await navigator.share({ title: document.querySelector('h1').textContent, url: link });
      say('shared');
    } catch (error) {
      if (error.name !== 'AbortError') await copy(); // the user closing the share sheet is no failure
    }
  });
  $('[data-share-qr]').addEventListener('click', async () => {
    const { drawQr } = await import('../lib/qr.js');
    const fits = drawQr($('[data-share-qr-image]'), link);
    qrBox.hidden = !fits;
    tooBig.hidden = fits;
    (fits ? qrBox : tooBig).scrollIntoView({ block: 'nearest' });
  });

  // A link holds the entry as it was: after an edit it must be made again. The code choice is no edit of
  // the entry: it only asks for a new link (with or without a code), and says so.
  const edited = () => forget('changed');
  form.addEventListener('input', edited);
  form.addEventListener('change', edited);
  withCode.addEventListener('change', () => forget('code'));
}
