// Registers the service worker and runs the update flow: a new version waits until the user
// taps "vernieuwen"; then pending writes are flushed, the worker takes over, and the page reloads once.
// It also tells the worker the user's programme and role, so that it keeps her pages offline; <html
// data-offline> says how far that is: "pending", "ready", or "failed" (and then the notice shows).
import { loadPref, prepareForReload } from '../lib/storage.js';

const HOUR = 60 * 60 * 1000;

export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return null;
  const root = new URL(document.documentElement.dataset.root, document.baseURI);
  const registration = await navigator.serviceWorker.register(new URL('sw.js', root), {
    scope: root.pathname,
    updateViaCache: 'none',
  });

  // A first install that fails (a file the host does not serve) leaves the app online-only: say so.
  const watchFirstInstall = (worker) => {
    if (!worker || navigator.serviceWorker.controller) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'redundant') document.querySelector('[data-notice="no-offline"]').hidden = false;
      if (worker.state === 'activated') document.querySelector('[data-notice="no-offline"]').hidden = true;
    });
  };
  watchFirstInstall(registration.installing);

  const notice = document.querySelector('[data-update]');
  const button = notice.querySelector('[data-update-accept]');
  let accepted = false;
  const offer = (worker) => {
    notice.hidden = false;
    button.onclick = async () => {
      button.disabled = true;
      accepted = true;
      await prepareForReload();
      worker.postMessage({ type: 'SKIP_WAITING' });
    };
  };
  // Only an update replaces an existing controller; the very first install just takes over.
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    watchFirstInstall(worker);
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });
  Promise.all([loadPref('role'), loadPref('programme')])
    .catch(() => [])
    .then(([role, programme]) => keepOffline({ role, programme }));

  const check = () => registration.update().catch(() => {});
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  window.addEventListener('online', check);
  setInterval(check, HOUR);
  return registration;
}

let told = Promise.resolve();
let latest = 0; // only the answer to the newest request says how far the device is

/** Tell the worker whose device this is ({ role, programme }): it keeps the pages of that programme and
 * role (and the core) offline. The start page calls this when the user picks them. */
export function keepOffline({ role, programme } = {}) {
  if (!('serviceWorker' in navigator)) return Promise.resolve();
  const html = document.documentElement;
  html.dataset.offline = 'pending';
  const request = ++latest;
  const notice = document.querySelector('[data-notice="no-offline"]');
  told = told.then(() => navigator.serviceWorker.ready).then((registration) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = ({ data }) => {
      const ok = data.type === 'OFFLINE_READY';
      if (request === latest) {
        html.dataset.offline = ok ? 'ready' : 'failed';
        if (notice) notice.hidden = ok;
      }
      resolve(ok);
    };
    // This page and what it loaded came from the network before the worker took over: keep them too.
    const opened = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
    const message = { type: 'PROFILE', role: role || '', programme: programme || '', opened, page: document.body.dataset.page };
    registration.active.postMessage(message, [channel.port2]);
  }));
  return told;
}
