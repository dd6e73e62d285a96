// "Mijn gegevens": what is stored on this device, how safe it is, and backups.
import { loadAnswerRules } from '../lib/answer-rules.js';
import { download } from '../ui/download.js';
import { isIOSBrowserTab } from '../lib/platform.js';
import { MAX_BACKUP_BYTES, backupFileName, makeBackup, parseBackup, planImport } from '../lib/backup.js';
import { countConcepts } from '../lib/concept-count.js';
import { COPY_PREF, listEntries, loadPref, loadProfile, savePref, siteScope, tickedKeys, wipeAll } from '../lib/storage.js';
import { exportData, importData } from '../lib/storage-backup.js';
import { listVisits } from '../lib/storage-visits.js';
import { counted, wordFor } from '../lib/words.js';

const size = (bytes) => {
  const units = [['gigabyte', 1e9], ['megabyte', 1e6], ['kilobyte', 1e3]];
  const [unit, factor] = units.find(([, f]) => bytes >= f) || ['byte', 1];
  return new Intl.NumberFormat('nl-NL', { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / factor);
};

async function showStorage(section) {
  let persisted = 'unknown';
  if (navigator.storage && navigator.storage.persisted) persisted = String(await navigator.storage.persisted());
  for (const el of section.querySelectorAll('[data-persisted]')) el.hidden = el.dataset.persisted !== persisted;
  if (navigator.storage && navigator.storage.estimate) {
    const { usage, quota } = await navigator.storage.estimate();
    section.querySelector('[data-usage]').textContent = size(usage);
    section.querySelector('[data-quota]').textContent = size(quota);
  }
  const ticks = (await tickedKeys()).size;
  const all = await listEntries();
  countConcepts(all); // loaded with the page, so restoring a backup fetches nothing but the form rules
  const entries = all.length;
  section.querySelector('[data-tick-count]').textContent = String(ticks);
  section.querySelector('[data-tick-noun]').textContent = wordFor(ticks, 'taak of bekwaamheid', 'taken en bekwaamheden');
  section.querySelector('[data-entry-count]').textContent = String(entries);
  section.querySelector('[data-entry-noun]').textContent = wordFor(entries, 'invulling', 'invullingen');
  section.querySelector('[data-ios-advice]').hidden = !isIOSBrowserTab();
}

function message(name, details = {}) {
  const copy = document.getElementById('import-meldingen').content.querySelector(`[data-msg="${name}"]`).cloneNode(true);
  for (const [slot, text] of Object.entries(details)) copy.querySelector(`[data-${slot}]`).textContent = text;
  return copy;
}

function say(result, name, details = {}) {
  result.replaceChildren(message(name, details));
}

// What this site has: the keys a tick can have, and the known roles and programmes (from the page).
function knownToSite() {
  const known = JSON.parse(document.getElementById('bekende-gegevens').textContent);
  const prefs = Object.fromEntries(Object.entries(known.prefs).map(([name, ids]) => [name, new Set(Object.keys(ids))]));
  return { site: { scope: siteScope(), keys: new Set(known.keys), forms: new Set(known.forms), prefs }, names: known.prefs };
}

async function importFile(file, result) {
  if (file.size > MAX_BACKUP_BYTES) return say(result, 'size');
  const parsed = parseBackup(await file.text());
  if (!parsed.ok) return say(result, parsed.reason, parsed.detail ? { detail: parsed.detail } : {});
  const { site, names } = knownToSite();
  const device = {
    ticks: await tickedKeys(),
    prefs: { role: await loadPref('role'), programme: await loadPref('programme') },
    entries: new Map((await listEntries()).map((entry) => [entry.id, { form: entry.form, updated: entry.updated }])),
    visits: new Map((await listVisits()).map((visit) => [visit.id, { updated: visit.updated }])),
    profile: await loadProfile(),
  };
  if (parsed.data.entries.length && site.forms.size) {
    try {
      site.rules = await loadAnswerRules(parsed.data.entries.map((entry) => entry.form).filter((form) => site.forms.has(form)));
    } catch (error) {
      console.error(error);
      return say(result, 'rules-unavailable');
    }
  }
  const plan = planImport(parsed, site, device);
  if (!plan.ok) return say(result, plan.reason, { detail: plan.detail });
  try {
    await importData(plan.write);
  } catch (error) {
    console.error(error);
    return say(result, 'storage');
  }
  const parts = [message('ok', { added: counted(plan.added, 'vinkje', 'vinkjes'), already: counted(plan.already, 'stond', 'stonden') })];
  if (plan.skipped) parts.push(message('skipped', { skipped: counted(plan.skipped, 'vinkje', 'vinkjes') }));
  if (plan.entriesAdded + plan.entriesUpdated + plan.entriesKept) {
    parts.push(message('entries', {
      added: String(plan.entriesAdded), updated: String(plan.entriesUpdated), kept: String(plan.entriesKept),
    }));
  }
  if (plan.visitsAdded + plan.visitsUpdated + plan.visitsKept) {
    parts.push(message('visits', {
      added: String(plan.visitsAdded), updated: String(plan.visitsUpdated), kept: String(plan.visitsKept),
    }));
  }
  if (plan.visitsSkipped) parts.push(message('visits-skipped', { skipped: counted(plan.visitsSkipped, 'lesbezoek', 'lesbezoeken') }));
  if (plan.profile) parts.push(message('profile', { value: plan.write.profile.name }));
  if (plan.entriesSkipped) parts.push(message('entries-skipped', { skipped: counted(plan.entriesSkipped, 'invulling', 'invullingen') }));
  if (plan.entriesForeign) parts.push(message('entries-foreign', { skipped: counted(plan.entriesForeign, 'invulling', 'invullingen') }));
  for (const name of plan.changedPrefs) parts.push(message(`pref-${name}`, { value: names[name][plan.write.prefs[name]] }));
  for (const name of plan.ignoredPrefs) parts.push(message(`ignored-${name}`));
  return result.replaceChildren(...parts);
}

async function downloadBackup() {
  const backup = makeBackup(await exportData(), siteScope());
  download(backupFileName(), JSON.stringify(backup, null, 2), 'application/json');
  await savePref(COPY_PREF, backup.exported); // the groeidossier says when the last copy was made
}

function setUpWipe(section) {
  const dialog = section.querySelector('[data-wipe-dialog]');
  section.querySelector('[data-wipe-open]').addEventListener('click', () => dialog.showModal());
  section.querySelector('[data-wipe-cancel]').addEventListener('click', () => dialog.close());
  section.querySelector('[data-wipe-export]').addEventListener('click', downloadBackup);
  section.querySelector('[data-wipe-confirm]').addEventListener('click', async () => {
    dialog.close();
    await wipeAll();
    location.reload();
  });
}

function setUpBackup(section, refresh) {
  section.querySelector('[data-export]').addEventListener('click', async () => {
    await downloadBackup();
  });
  const input = section.querySelector('[data-import]');
  const result = section.querySelector('[data-import-result]');
  input.addEventListener('change', async () => {
    const [file] = input.files;
    if (!file) return;
    input.value = '';
    await importFile(file, result);
    await refresh();
  });
}

export async function initMyData() {
  const info = document.querySelector('[data-storage-info]');
  const refresh = () => showStorage(info);
  setUpBackup(document.querySelector('[data-backup]'), refresh);
  setUpWipe(document.querySelector('[data-wipe]'));
  await refresh();
}
