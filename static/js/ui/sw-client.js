// Registers the service worker and runs the update flow: a new version waits until the user
// taps "vernieuwen"; then pending writes are flushed, the worker takes over, and the page reloads once.
import { prepareForReload } from '../lib/storage.js';

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

  const check = () => registration.update().catch(() => {});
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  window.addEventListener('online', check);
  setInterval(check, HOUR);
  return registration;
}
