// The part of storage.js for a backup: everything this site keeps, out and back in, in one transaction.
// Loaded by Mijn gegevens and the groeidossier only; the database and its transactions are storage.js's.
import { isNewer } from './instants.js';
import {
  ENTRIES, PREFS, PROFILE, PUSH_TOKEN, TICKS, VISITS, broadcast, mirrorConcepts, mirrorPref, replaces, transaction,
} from './storage.js';

function readAll(store) {
  const keys = store.getAllKeys();
  const values = store.getAll();
  return () => Object.fromEntries(keys.result.map((key, i) => [key, values.result[i]]));
}

/** Everything this site keeps on the device (not the device key): { ticks, prefs, entries, visits, profile }. */
export function exportData() {
  return transaction([TICKS, PREFS, ENTRIES, VISITS], 'readonly', (tx) => {
    const ticks = readAll(tx.objectStore(TICKS));
    const prefs = readAll(tx.objectStore(PREFS));
    const entries = tx.objectStore(ENTRIES).getAll();
    const visits = tx.objectStore(VISITS).getAll();
    return () => {
      const { [PUSH_TOKEN]: _device, [PROFILE]: profile, ...shared } = prefs(); // the token stays on this device
      return { ticks: ticks(), prefs: shared, entries: entries.result, visits: visits.result, profile: profile || null };
    };
  });
}

/** Add a checked backup (backup.js planImport) in one transaction: all of it lands, or nothing. An entry here
 * is replaced only by a newer edit of the same form (never by another form's record under its id); a visit only
 * by a newer one, keeping the answers and reports filed under it here. */
export async function importData({ ticks, prefs, entries = [], visits = [], profile = null }) {
  await transaction([TICKS, PREFS, ENTRIES, VISITS], 'readwrite', (tx) => {
    for (const [key, record] of Object.entries(ticks)) tx.objectStore(TICKS).put(record, key);
    for (const [name, value] of Object.entries(prefs)) tx.objectStore(PREFS).put(value, name);
    if (profile) tx.objectStore(PREFS).put(profile, PROFILE);
    const store = tx.objectStore(ENTRIES);
    for (const entry of entries) {
      const request = store.get(entry.id);
      request.onsuccess = () => {
        if (replaces(entry, request.result)) store.put(entry);
      };
    }
    const visitStore = tx.objectStore(VISITS);
    for (const visit of visits) {
      const request = visitStore.get(visit.id);
      request.onsuccess = () => {
        const stored = request.result;
        const union = (field) => [...new Set([...(stored?.[field] || []), ...visit[field]])];
        if (isNewer(visit, stored)) visitStore.put({ ...visit, answers: union('answers'), reports: union('reports') });
      };
    }
  });
  for (const [name, value] of Object.entries(prefs)) mirrorPref(name, value);
  await mirrorConcepts();
  broadcast({ kind: 'import' });
}
