// "Mijn gegevens": what is stored on this device, how safe it is, and backups.
import { backupFileName, makeBackup, parseBackup } from './backup.js';
import { exportData, importData, siteScope, tickedKeys } from './storage.js';

const size = (bytes) => {
  const units = [['gigabyte', 1e9], ['megabyte', 1e6], ['kilobyte', 1e3]];
  const [unit, factor] = units.find(([, f]) => bytes >= f) || ['byte', 1];
  return new Intl.NumberFormat('nl-NL', { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / factor);
};

function isIOSBrowserTab() {
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent)
    || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  const installed = navigator.standalone === true || matchMedia('(display-mode: standalone)').matches;
  return ios && !installed;
}

async function showStorage(section) {
  section.hidden = false;
  let persisted = 'unknown';
  if (navigator.storage && navigator.storage.persisted) persisted = String(await navigator.storage.persisted());
  for (const el of section.querySelectorAll('[data-persisted]')) el.hidden = el.dataset.persisted !== persisted;
  if (navigator.storage && navigator.storage.estimate) {
    const { usage, quota } = await navigator.storage.estimate();
    section.querySelector('[data-usage]').textContent = size(usage);
    section.querySelector('[data-quota]').textContent = size(quota);
  }
  section.querySelector('[data-tick-count]').textContent = String((await tickedKeys()).size);
  section.querySelector('[data-ios-advice]').hidden = !isIOSBrowserTab();
}

function say(result, name, details = {}) {
  const message = document.getElementById('import-meldingen').content.querySelector(`[data-msg="${name}"]`);
  const copy = message.cloneNode(true);
  for (const [slot, text] of Object.entries(details)) copy.querySelector(`[data-${slot}]`).textContent = text;
  result.replaceChildren(copy);
}

function setUpBackup(section, refresh) {
  section.hidden = false;
  section.querySelector('[data-export]').addEventListener('click', async () => {
    const backup = makeBackup(await exportData(), siteScope());
    const blob = new Blob([JSON.stringify(backup, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = backupFileName();
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  const input = section.querySelector('[data-import]');
  const result = section.querySelector('[data-import-result]');
  input.addEventListener('change', async () => {
    const [file] = input.files;
    if (!file) return;
    const parsed = parseBackup(await file.text());
    input.value = '';
    if (!parsed.ok) {
      say(result, parsed.reason, parsed.reason === 'content' ? { detail: parsed.detail } : {});
      return;
    }
    try {
      await importData(parsed.data);
    } catch (error) {
      console.error(error);
      say(result, 'storage');
      return;
    }
    say(result, 'ok', { count: String(Object.keys(parsed.data.ticks).length) });
    await refresh();
  });
}

export async function initMyData() {
  const info = document.querySelector('[data-storage-info]');
  const refresh = () => showStorage(info);
  setUpBackup(document.querySelector('[data-backup]'), refresh);
  await refresh();
}
