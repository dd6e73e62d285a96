// The only module that touches IndexedDB. One database per site scope, so two Werkplek sites
// on one origin (school.nl/stage/ and school.nl/pabo/) never see each other's data.
// Schema changes: raise DB_VERSION and add an upgrade step below; never edit an old step.

const DB_VERSION = 1;
const TICKS = 'ticks';   // key: checklist item key (rol:… / taak:…) → { done: true, at: ISO time }
const PREFS = 'prefs';   // key: preference name → value

let dbPromise = null;

/** The path the site lives under, e.g. "/stage/"; read from <html data-root>. */
export function siteScope() {
  return new URL(document.documentElement.dataset.root || './', location.href).pathname;
}

export function databaseName() {
  return `werkplek:${siteScope()}`;
}

function openDatabase() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
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
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => db.close(); // let a newer version of the app upgrade
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

async function withStore(name, mode, action) {
  const db = await openDatabase();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const request = action(tx.objectStore(name));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onabort = () => reject(tx.error);
    tx.onerror = () => reject(tx.error);
  });
}

/** Every ticked key, as a Set. */
export async function tickedKeys() {
  const keys = await withStore(TICKS, 'readonly', (store) => store.getAllKeys());
  return new Set(keys);
}

export function saveTick(key, done) {
  return withStore(TICKS, 'readwrite', (store) =>
    done ? store.put({ done: true, at: new Date().toISOString() }, key) : store.delete(key));
}

export function loadPref(name) {
  return withStore(PREFS, 'readonly', (store) => store.get(name));
}

export function savePref(name, value) {
  return withStore(PREFS, 'readwrite', (store) => store.put(value, name));
}
