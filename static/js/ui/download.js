// Save a file the app made (a backup, an entry, a CSV) on the device; nothing leaves the browser.
export function download(name, text, type) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** A name safe on every file system: "kijkwijzer-pedagogiek-sam-2025-10-01.csv". */
export function fileName(...parts) {
  return parts.filter(Boolean).join('-').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}
