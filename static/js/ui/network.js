// The small offline badge in the header.
export function watchNetwork() {
  const badge = document.querySelector('[data-offline-badge]');
  const show = () => { badge.hidden = navigator.onLine; };
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  show();
}
