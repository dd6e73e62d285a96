// herinneringen/: switch deadline reminders on and off. The push service (werkplek push serve) only
// learns this browser's push address, the programme, the role and the days before; nothing personal.
// It answers the first subscribe with a token that every later change and the unsubscribe must carry
// (only this browser can change its subscription); the token is kept in IndexedDB (storage.js).
import { isIOSBrowserTab } from '../lib/platform.js';
import { keptAfter, withToken } from '../lib/push-token.js';
import { loadPushToken, savePushToken } from '../lib/storage.js';

function urlBase64ToBytes(text) {
  const padded = (text + '='.repeat((4 - (text.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/** The address a calendar app subscribes to: webcal: for the same file (apps that know webcal: open their
 * "subscribe" dialog with it); only for an http(s) page, where the file has an address to fetch. */
export function subscriptionLinks(file, base) {
  const url = new URL(file, base);
  const web = url.protocol === 'https:' || url.protocol === 'http:';
  return { url: url.href, webcal: web ? `webcal://${url.href.slice(url.protocol.length + 2)}` : url.href };
}

/** The programme chosen on the start page (the prefs mirror, <html data-programme>), when this site has it:
 * only its calendars are offered then; the others belong to another programme's people. */
function followProgramme() {
  const programme = document.documentElement.dataset.programme;
  const lines = [...document.querySelectorAll('[data-calendar]')];
  if (!programme || !lines.some((line) => line.dataset.calendar === programme)) return null;
  for (const line of lines) line.hidden = line.dataset.calendar !== programme;
  for (const option of document.querySelectorAll('[data-subscribe-choice] option[data-programme]')) {
    if (option.dataset.programme !== programme) option.remove();
  }
  const select = document.querySelector('[data-push-form] select[name="programme"]');
  if (select) select.value = programme;
  return programme;
}

function initSubscribe(box) {
  if (!box) return;
  const choice = box.querySelector('[data-subscribe-choice]');
  const link = box.querySelector('[data-subscribe-link]');
  const field = box.querySelector('[data-subscribe-url]');
  // The role chosen on the start page (the prefs mirror, in <html data-role>) comes first.
  const mine = document.documentElement.dataset.role
    && choice.querySelector(`option[data-role="${CSS.escape(document.documentElement.dataset.role)}"]`);
  if (mine) mine.selected = true;
  const show = () => {
    const { url, webcal } = subscriptionLinks(choice.value, document.baseURI);
    link.href = webcal;
    field.value = url;
  };
  choice.addEventListener('change', show);
  field.addEventListener('focus', () => field.select());
  show();
}

export async function initReminders() {
  followProgramme();
  initSubscribe(document.querySelector('[data-subscribe]'));
  const section = document.querySelector('[data-reminders]');
  if (!section) return; // no push service for this site: only the calendar files
  const service = new URL(section.dataset.pushUrl);
  const form = section.querySelector('[data-push-form]');
  const on = section.querySelector('[data-push-on]');
  const off = section.querySelector('[data-push-off]');
  const status = section.querySelector('[data-push-status]');
  const say = (name, detail = '') => {
    const copy = document.getElementById('herinnering-meldingen').content.querySelector(`[data-msg="${name}"]`).cloneNode(true);
    if (detail) copy.querySelector('[data-detail]').textContent = detail;
    status.replaceChildren(copy);
  };
  const api = (path, method, body) => fetch(new URL(path, service), {
    method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });

  if (isIOSBrowserTab()) {
    section.querySelector('[data-push-ios]').hidden = false;
    form.hidden = true;
    return;
  }
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    section.querySelector('[data-push-unsupported]').hidden = false;
    form.hidden = true;
    return;
  }

  const registration = await navigator.serviceWorker.ready;
  const show = (subscribed) => {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    say(subscribed ? 'on' : 'off');
  };
  const choices = () => ({
    programme: form.elements.programme.value,
    role: form.elements.role.value,
    days_before: [...form.querySelectorAll('input[name="days"]:checked')].map((box) => Number(box.value)),
  });
  const savedToken = () => loadPushToken().catch(() => undefined);
  const post = async (subscription) => {
    const saved = await savedToken();
    const body = withToken({ subscription: subscription.toJSON(), ...choices() }, saved, subscription.endpoint);
    const response = await api('api/subscriptions', 'POST', body);
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw Object.assign(new Error(answer.error || `HTTP ${response.status}`), { refused: true, status: response.status });
    }
    const kept = keptAfter(answer, saved, subscription.endpoint);
    if (kept !== saved) await savePushToken(kept).catch(() => {});
  };

  // The key is fetched now, so that a tap can subscribe at once (browsers want it straight from the tap).
  let key = null;
  try {
    const response = await api('api/key', 'GET');
    key = (await response.json()).publicKey;
  } catch {
    say('unreachable');
    on.disabled = true;
  }
  const existing = await registration.pushManager.getSubscription();
  if (existing && key) {
    show(true);
    // "seen again": the service forgets addresses not seen for 60 days
    post(existing).catch(async (error) => {
      if (error.status !== 403) return;
      // the service knows this subscription under a token this browser no longer has: start afresh
      await existing.unsubscribe().catch(() => {});
      show(false);
    });
  } else if (key) show(false);

  on.addEventListener('click', async () => {
    if (Notification.permission === 'denied') return say('denied');
    let subscription;
    try {
      subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlBase64ToBytes(key) });
    } catch (error) {
      return say(Notification.permission === 'denied' ? 'denied' : 'failed', error.message || error.name);
    }
    try {
      await post(subscription);
    } catch (error) {
      await subscription.unsubscribe().catch(() => {});
      return say(error.refused ? 'refused' : 'unreachable', error.message);
    }
    return show(true);
  });
  off.addEventListener('click', async () => {
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) {
      const body = withToken({ endpoint: subscription.endpoint }, await savedToken(), subscription.endpoint);
      await api('api/subscriptions', 'DELETE', body).catch(() => {});
      await subscription.unsubscribe();
      await savePushToken(null).catch(() => {});
    }
    show(false);
  });
  form.addEventListener('change', async () => {
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) await post(subscription).catch((error) => say('refused', error.message));
  });
}
