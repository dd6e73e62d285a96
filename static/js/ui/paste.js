// "Plak een gedeelde invulling" (formulieren/ and ontvangen/): a shared link that opened in another
// browser (on an iPhone: Safari instead of the app on the home screen) is pasted here and opened as
// ontvangen/#…. Reads the clipboard where the browser allows it, else the user pastes into a field.
import { findFragment } from '../lib/share-link.js';

export function initPaste(box) {
  if (!box) return;
  const target = new URL(box.dataset.receivedUrl, document.baseURI);
  const form = box.querySelector('[data-paste-form]');
  const input = box.querySelector('[data-paste-input]');
  const status = box.querySelector('[data-paste-status]');
  const button = box.querySelector('[data-paste-clipboard]');
  const say = (name) => {
    const copy = document.getElementById('plak-meldingen').content.querySelector(`[data-msg="${name}"]`);
    status.replaceChildren(copy.cloneNode(true));
  };
  const open = (text) => {
    const fragment = findFragment(text);
    if (!fragment) return false;
    status.replaceChildren();
    target.hash = fragment;
    location.assign(target.href); // on ontvangen/ itself only the fragment changes: it listens for that
    return true;
  };

  if (button) {
    button.addEventListener('click', async () => {
      let text = null;
      try {
        text = await navigator.clipboard.readText();
      } catch {
        // not allowed, or no clipboard API: the field below takes the paste instead
      }
      if (text !== null && open(text)) return;
      form.hidden = false;
      input.focus();
      say(text === null ? 'clipboard' : 'none');
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!open(input.value)) say('none');
  });
}
