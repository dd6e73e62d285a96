// Plain notices whose Dutch text lives in the page (base.html); JS only shows them.

export function reportStorageError(error) {
  console.error(error);
  const quota = error && error.name === 'QuotaExceededError';
  const notice = document.querySelector(quota ? '[data-notice="quota"]' : '[data-notice="storage"]');
  if (notice) notice.hidden = false;
}
