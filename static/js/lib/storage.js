// The only module that touches IndexedDB, with two parts that pages load only where they are needed and
// that use the transactions below: storage-visits.js (lesson visits, the device key, received entries) and
// storage-backup.js (everything at once, for a backup and its import). One database per site scope, so two
// Werkplek sites on one origin (school.nl/stage/ and school.nl/pabo/) never see each other's data.
// Schema changes: raise DB_VERSION and add an upgrade step below; never edit an old step.

import { isNewer } from './instants.js';

const DB_VERSION = 3;
export const TICKS = 'ticks';   // key: checklist item key (rol:… / taak:…) → { done: true, at: ISO time }
export const PREFS = 'prefs';   // key: preference name → value
export const ENTRIES = 'entries'; // key: entry id (UUID) → the entry record of entries.js (since version 2)
export const VISITS = 'visits';   // key: visit id (UUID) → a lesson visit (docs/lesbezoek.md; since version 3)
export const KEYS = 'keys';       // key: 'device' → this device's ECDH key pair for answers (since version 3)
export const PROFILE = 'profile'; // in PREFS: { id, name, role, programme }: "Wie ben je?"
export const COPY_PREF = 'dossier-copy'; // in PREFS: when this device last made a copy (ISO); never in a backup
// Kept in PREFS but never exported, imported or mirrored: it belongs to this browser's push subscription.
export const PUSH_TOKEN = 'push-token'; // → { endpoint, token } (see push-token.js)

let dbPromise = null;
let wiped = false; // another tab wiped this site's data: never recreate the database from this page
const pendingWrites = new Set();
let channel = null;
const listeners = new Set();

// Other tabs of this site hear about every committed change (BroadcastChannel: same origin only,
// and named per scope like the database), so two open tabs never drift apart.
export function broadcast(message) {
  if (typeof BroadcastChannel === 'undefined') return;
  if (!channel) listen(() => {});
  channel.postMessage(message);
}

/** Call `callback(message)` when another tab of this site changed something: { kind: 'tick', key, done }
 * or { kind: 'pref', name, value } or { kind: 'import' }. */
export function listen(callback) {
  listeners.add(callback);
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(databaseName());
    channel.onmessage = (event) => {
      if (event.data && event.data.kind === 'wipe') wiped = true;
      for (const listener of listeners) listener(event.data);
    };
  }
}

/** The path the site lives under, e.g. "/stage/"; read from <html data-root>. */
export function siteScope() {
  return new URL(document.documentElement.dataset.root || './', document.baseURI).pathname;
}

export function databaseName() {
  return `werkplek:${siteScope()}`;
}

function openDatabase() {
  if (wiped) return Promise.reject(new DOMException('Deze site is op dit apparaat gewist', 'InvalidStateError'));
  if (!dbPromise) {
    const opened = new Promise((resolve, reject) => {
      let request;
      try {
        request = indexedDB.open(databaseName(), DB_VERSION);
      } catch (error) {
        reject(error);
        return;
      }
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (event.oldVersion < 1) {
          db.createObjectStore(TICKS);
          db.createObjectStore(PREFS);
        }
        if (event.oldVersion < 2) {
          db.createObjectStore(ENTRIES, { keyPath: 'id' }).createIndex('form', 'form');
        }
        if (event.oldVersion < 3) {
          db.createObjectStore(VISITS, { keyPath: 'id' });
          db.createObjectStore(KEYS, { keyPath: 'id' });
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        const forget = () => { if (dbPromise === opened) dbPromise = null; };
        // Let a newer version of the app upgrade (or a wipe delete): close, and open afresh next time.
        db.onversionchange = () => { db.close(); forget(); };
        // The browser closed the connection itself (the user cleared site data, the disk went away).
        db.onclose = forget;
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    });
    dbPromise = opened;
    opened.catch(() => { if (dbPromise === opened) dbPromise = null; });
  }
  return dbPromise;
}

// A transaction on a connection the browser has closed under us (site data cleared while a page is
// open): open the database afresh, once, instead of failing every write from then on.
async function begin(names, mode) {
  for (let attempt = 0; ; attempt += 1) {
    const db = await openDatabase();
    try {
      return db.transaction(names, mode);
    } catch (error) {
      if (error.name !== 'InvalidStateError' || attempt > 0) throw error;
      dbPromise = null;
    }
  }
}

// One transaction over one or more stores; resolves with what `action` returns once it commits.
export async function transaction(names, mode, action) {
  const tx = await begin(names, mode);
  const done = new Promise((resolve, reject) => {
    let result;
    try {
      result = action(tx);
    } catch (error) {
      tx.abort();
      reject(error);
      return;
    }
    tx.oncomplete = () => resolve(typeof result === 'function' ? result() : result);
    tx.onabort = () => reject(tx.error);
    tx.onerror = () => reject(tx.error);
  });
  if (mode === 'readwrite') {
    pendingWrites.add(done);
    done.finally(() => pendingWrites.delete(done)).catch(() => {});
  }
  return done;
}

export function withStore(name, mode, action) {
  return transaction(name, mode, (tx) => {
    const request = action(tx.objectStore(name));
    return () => (request ? request.result : undefined);
  });
}

/** Resolves when every write started so far has committed (or failed). */
export function whenSaved() {
  return Promise.allSettled([...pendingWrites]);
}

const reloadHooks = new Set();

/** `hook()` runs (and is awaited) before the app reloads itself, e.g. for an update: a form stops taking
 * input and stores what was typed. */
export function beforeReload(hook) {
  reloadHooks.add(hook);
}

/** Call before the app reloads itself: every page part has stored what it holds, every write committed. */
export async function prepareForReload() {
  await Promise.allSettled([...reloadHooks].map((hook) => hook()));
  await whenSaved();
}

/** Every ticked key, as a Set. */
export async function tickedKeys() {
  const keys = await withStore(TICKS, 'readonly', (store) => store.getAllKeys());
  return new Set(keys);
}

export async function saveTick(key, done) {
  await withStore(TICKS, 'readwrite', (store) =>
    done ? store.put({ done: true, at: new Date().toISOString() }, key) : store.delete(key));
  broadcast({ kind: 'tick', key, done });
}

export function loadPref(name) {
  return withStore(PREFS, 'readonly', (store) => store.get(name));
}

export async function savePref(name, value) {
  await withStore(PREFS, 'readwrite', (store) => store.put(value, name));
  mirrorPref(name, value);
  broadcast({ kind: 'pref', name, value });
}

/** This device's person: { id, name, role, programme } or undefined ("Wie ben je?" not answered yet). */
export function loadProfile() {
  return withStore(PREFS, 'readonly', (store) => store.get(PROFILE));
}

/** Save name, role and programme (a person id is made the first time); the role and programme prefs
 * that the pages read follow. Resolves with the profile as stored. */
export async function saveProfile(changes) {
  let saved;
  await transaction([PREFS], 'readwrite', (tx) => {
    const store = tx.objectStore(PREFS);
    const request = store.get(PROFILE);
    request.onsuccess = () => {
      const current = request.result || { id: crypto.randomUUID(), name: '', role: '', programme: '' };
      saved = { ...current, ...changes, id: current.id };
      store.put(saved, PROFILE);
      if ('role' in changes) store.put(saved.role, 'role');
      if ('programme' in changes) store.put(saved.programme, 'programme');
    };
  });
  for (const name of ['role', 'programme']) if (name in changes) mirrorPref(name, saved[name]);
  broadcast({ kind: 'pref', name: PROFILE, value: saved });
  return saved;
}

/** The push service's token for this browser's subscription ({ endpoint, token }), or undefined. */
export function loadPushToken() {
  return withStore(PREFS, 'readonly', (store) => store.get(PUSH_TOKEN));
}

/** Keep the token (or forget it, with null). Only this tab needs it: nothing is mirrored or broadcast. */
export function savePushToken(value) {
  return withStore(PREFS, 'readwrite', (store) => (value ? store.put(value, PUSH_TOKEN) : store.delete(PUSH_TOKEN)));
}

// A synchronous copy of the preferences in localStorage, read by the inline script in <head> so
// the first paint already shows the chosen role (no layout shift). IndexedDB stays the truth.
export function mirrorKey() {
  return `${databaseName()}:prefs`;
}

export function mirrorPref(name, value) {
  try {
    const prefs = JSON.parse(localStorage.getItem(mirrorKey()) || '{}');
    prefs[name] = value;
    localStorage.setItem(mirrorKey(), JSON.stringify(prefs));
  } catch {
    // No localStorage (some private windows): the page just renders after IndexedDB answers.
  }
}

// Concepts per form (counts only) in localStorage, for form pages (concept-count.js, loaded when they change).
export const mirrorConcepts = () => import('./concept-count.js').then((m) => m.countConcepts()).catch(() => {});

/** One entry, or undefined. */
export function getEntry(id) {
  return withStore(ENTRIES, 'readonly', (store) => store.get(id));
}

/** Every entry on this device (any form), unsorted. */
export function listEntries() {
  return withStore(ENTRIES, 'readonly', (store) => store.getAll());
}

/**
 * Apply `change(current)` → next record inside one readwrite transaction, so two tabs editing one
 * entry never overwrite each other's fields: each write reads the newest record first.
 * `change` gets undefined for a new entry. Resolves with the record as stored.
 */
export async function updateEntry(id, change) {
  let stored;
  let counted = false; // a new entry or state: recount concepts
  let failure = null;
  try {
    await transaction([ENTRIES], 'readwrite', (tx) => {
      const store = tx.objectStore(ENTRIES);
      const request = store.get(id);
      request.onsuccess = () => {
        try {
          stored = change(request.result);
          if (stored) store.put(stored);
          counted = !request.result || request.result.state !== (stored || request.result).state;
        } catch (error) {
          failure = error; // e.g. QuotaExceededError: report that, not the abort it causes
          tx.abort();
        }
      };
    });
  } catch (error) {
    throw failure || error;
  }
  if (counted && stored) await mirrorConcepts();
  if (stored) broadcast({ kind: 'entry', id });
  return stored;
}

export const replaces = (entry, stored) => !stored || (stored.form === entry.form && isNewer(entry, stored));

/** Store whole records (duplicate, undo, import, a shared link); an existing one is replaced only by a
 * newer edit of the same form. Resolves with what happened to each, in order: 'added', 'updated',
 * 'kept' (the device has this edit or a newer one) or 'foreign' (the id is another form's entry here:
 * nothing stored). Records are applied in order, so of two copies of one id the newer stays. */
export async function putEntries(records) {
  const outcomes = [];
  await transaction([ENTRIES], 'readwrite', (tx) => {
    const store = tx.objectStore(ENTRIES);
    records.forEach((record, i) => {
      const request = store.get(record.id);
      request.onsuccess = () => {
        const stored = request.result;
        outcomes[i] = !stored ? 'added' : stored.form !== record.form ? 'foreign' : isNewer(record, stored) ? 'updated' : 'kept';
        if (outcomes[i] === 'added' || outcomes[i] === 'updated') store.put(record);
      };
    });
  });
  await mirrorConcepts();
  for (const record of records) broadcast({ kind: 'entry', id: record.id });
  return outcomes;
}

export async function deleteEntry(id) {
  await withStore(ENTRIES, 'readwrite', (store) => store.delete(id));
  await mirrorConcepts();
  broadcast({ kind: 'entry', id });
}

/**
 * "Wis alles op dit apparaat": this site's database, its localStorage mirror, its caches and its service
 * worker registration; nothing of another Werkplek site on this origin (their names carry their scope).
 * Other open tabs of this site are told first, so they close their connection and reload.
 */
export async function wipeAll() {
  broadcast({ kind: 'wipe' });
  if (dbPromise) {
    (await dbPromise.catch(() => null))?.close();
    dbPromise = null;
  }
  await new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(databaseName());
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => {}; // the other tabs close on 'versionchange'; success follows
  });
  try {
    localStorage.removeItem(mirrorKey());
    localStorage.removeItem(`${databaseName()}:concepts`);
  } catch { /* no localStorage: nothing mirrored */ }
  if ('caches' in self) {
    const prefix = `werkplek:${siteScope()}:`;
    await Promise.all((await caches.keys()).filter((name) => name.startsWith(prefix)).map((name) => caches.delete(name)));
  }
  if ('serviceWorker' in navigator) {
    const registration = await navigator.serviceWorker.getRegistration(new URL(siteScope(), location.href).href);
    if (registration && new URL(registration.scope).pathname === siteScope()) await registration.unregister();
  }
}

/** Ask the browser not to evict this site's data; resolves to whether it is persistent. */
export async function requestPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return null;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
