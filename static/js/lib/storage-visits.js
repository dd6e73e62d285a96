// The part of storage.js for lesson visits (docs/lesbezoek.md): visits, this device's key for answers, and
// entries received from their authors. Loaded only by the pages that use them, so the first visit of other
// pages does not carry it; the database, its schema and its transactions are storage.js's.
import { isNewer } from './instants.js';
import { ENTRIES, KEYS, VISITS, broadcast, mirrorConcepts, transaction, withStore } from './storage.js';

const receivable = (entry, stored) => !stored || (stored.form === entry.form && stored.received
  && (stored.author?.id || null) === (entry.author?.id || null));

/**
 * Store an entry someone else wrote and sent to this device (an answer, a received link): read-only here
 * (`received` is set). A copy already here is replaced only by a newer version from the same author.
 * Resolves with 'added', 'updated' (a newer version: the stored record says when), 'kept' (this version
 * or a newer one is here) or 'foreign' (the id is this device's own entry, another form's or another
 * author's: nothing stored).
 */
export async function receiveEntry(entry, now = new Date()) {
  let outcome;
  await transaction([ENTRIES], 'readwrite', (tx) => {
    const store = tx.objectStore(ENTRIES);
    const request = store.get(entry.id);
    request.onsuccess = () => {
      const stored = request.result;
      if (!receivable(entry, stored)) outcome = 'foreign';
      else if (stored && !isNewer(entry, stored)) outcome = 'kept';
      else {
        outcome = stored ? 'updated' : 'added';
        store.put({ ...entry, received: now.toISOString(), ...(stored ? { replaced: stored.updated } : {}) });
      }
    };
  });
  if (outcome === 'added' || outcome === 'updated') {
    await mirrorConcepts();
    broadcast({ kind: 'entry', id: entry.id });
  }
  return outcome;
}

/** Every lesson visit on this device (planned here, or an invitation opened here), unsorted. */
export function listVisits() {
  return withStore(VISITS, 'readonly', (store) => store.getAll());
}

export function getVisit(id) {
  return withStore(VISITS, 'readonly', (store) => store.get(id));
}

/** Apply `change(current)` → next visit in one transaction (as updateEntry). Resolves with what is stored. */
export async function updateVisit(id, change) {
  let stored;
  await transaction([VISITS], 'readwrite', (tx) => {
    const store = tx.objectStore(VISITS);
    const request = store.get(id);
    request.onsuccess = () => {
      stored = change(request.result);
      if (stored) store.put(stored);
    };
  });
  if (stored) broadcast({ kind: 'visit', id });
  return stored;
}

export async function deleteVisit(id) {
  await withStore(VISITS, 'readwrite', (store) => store.delete(id));
  broadcast({ kind: 'visit', id });
}

/**
 * This device's key pair for answers sent to it: { id: 'device', privateKey (non-extractable CryptoKey),
 * publicKey (base64url), created }. `make()` → { privateKey, publicKey } is called once, when there is none.
 */
export async function deviceKey(make) {
  const existing = await withStore(KEYS, 'readonly', (store) => store.get('device'));
  if (existing || !make) return existing;
  const made = { id: 'device', ...(await make()), created: new Date().toISOString() };
  let kept;
  await transaction([KEYS], 'readwrite', (tx) => {
    const store = tx.objectStore(KEYS);
    const request = store.get('device');
    request.onsuccess = () => {
      kept = request.result || made; // another tab made one meanwhile: keep that one
      if (!request.result) store.put(made);
    };
  });
  return kept;
}
