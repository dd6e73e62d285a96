// Werkplek service worker: source in pwa/sw.js; the build writes the real one to the site root.
/* The build fills in the BUILD line, and leaves out whole-line comments. It serves this build's files and nothing else: one cache per
   version, every file checked byte for byte against BUILD before it is kept.

   What a device keeps is sized for its user (precache.py and pages.py say which file is in which
   group): the install fills `core` and the groups of the user's programme and role, which the page
   tells the worker (a PROFILE message; kept in the version's cache, where a new version's install
   reads them) before that version may take over. A group comes as one pack (its files in one gzip
   download, BUILD's list names them), each file checked on its own. Any other file of this build is
   fetched, checked and kept when it is first asked for; a file with other bytes (another version) is
   refused. */
'use strict';

const BUILD = {"version": "dev", "assets": "dev", "list": null, "offline": "offline/"}; // @@BUILD@@

const SCOPE_URL = self.registration.scope;
const PREFIX = `werkplek:${new URL(SCOPE_URL).pathname}:`; // one site per scope, never shared
const CACHE = PREFIX + BUILD.version;
// The user's programme and role, kept in the version's cache under a key no built file has (never fetched).
const PROFILE_KEY = new URL('.werkplek-profile', SCOPE_URL).href;
const HASH_HEADER = 'X-Werkplek-Sha256';

// BUILD.list names the file with every file of this build, its hash and the groups (sw-files.json): read
// once per start of the worker, from this version's cache, else from the server (checked against its hash).
let listing;
function files() {
  listing ||= (async () => {
    const [path, hash] = BUILD.list;
    const url = new URL(path, SCOPE_URL).href;
    const cache = await caches.open(CACHE);
    const kept = await cache.match(url);
    const response = kept && kept.headers.get(HASH_HEADER) === hash ? kept : await fetchAndKeep(cache, url, hash);
    const { files: all, groups, packs, types } = await response.clone().json();
    const hashes = new Map(all.map(([file, digest]) => [new URL(file, SCOPE_URL).href, digest]));
    return { all, groups, packs, types, hashes };
  })();
  listing.catch(() => { listing = null; }); // a failed read is tried again at the next request
  return listing;
}

async function sha256(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function olderCaches() {
  const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
  return Promise.all(names.map((n) => caches.open(n)));
}

/** The groups one user's device keeps (pages.py `user_groups` says the same). */
function userGroups({ programme, role } = {}) {
  const groups = ['core'];
  if (programme) groups.push(`programme:${programme}`);
  if (role) groups.push(`role:${role}`);
  if (programme && role) groups.push(`programme:${programme} role:${role}`);
  return groups;
}

/** The profile this version was told, else the one an older version was told (a new version's install). */
async function readProfile() {
  for (const cache of [await caches.open(CACHE), ...await olderCaches()]) {
    const stored = await cache.match(PROFILE_KEY);
    if (stored) return stored.json();
  }
  return {};
}

async function writeProfile(profile) {
  const body = JSON.stringify({ programme: profile.programme || '', role: profile.role || '' });
  await (await caches.open(CACHE)).put(PROFILE_KEY, new Response(body, { headers: { 'Content-Type': 'application/json' } }));
}

class OtherVersion extends Error {}

/** Download one file of this build, check its bytes against BUILD, keep it; a file of another version
 * (a half-uploaded site, a stale copy, a tampered file) is refused. Resolves with the stored response. */
async function fetchAndKeep(cache, url, hash, mode = 'reload') {
  const response = await fetch(new Request(url, { cache: mode }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  if (!(await sha256(body)).startsWith(hash)) throw new OtherVersion(`${url} does not belong to version ${BUILD.version}`);
  const headers = new Headers({ [HASH_HEADER]: hash });
  headers.set('Content-Type', response.headers.get('Content-Type') || 'application/octet-stream');
  const stored = new Response(body, { status: 200, headers });
  await cache.put(url, stored.clone());
  return stored;
}

/** The key of the listing's `types` for a file: '/' for a page, else its extension (precache.py pack_type). */
const typeKey = (path) => (path.endsWith('/') ? '/' : path.slice(path.lastIndexOf('.') + 1).toLowerCase());

/** Store the files of one pack that `missing` (file indices) names; resolves with the indices it stored.
 * The pack is the group's files one after another, gzipped by the build; a file whose bytes do not match
 * its hash (a pack of another version, a damaged one) is left for fill to fetch on its own. */
async function fromPack(cache, [path, members], missing, all, types) {
  const response = await fetch(new Request(new URL(path, SCOPE_URL).href, { cache: 'reload' }));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) { // as the build wrote it; a host may have unpacked it already
    const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
  }
  const stored = [];
  let offset = 0;
  for (const [index, size] of members) {
    const body = bytes.slice(offset, offset + size);
    offset += size;
    const [file, hash] = all[index];
    if (!missing.has(index) || !(await sha256(body)).startsWith(hash)) continue;
    const headers = new Headers({ [HASH_HEADER]: hash, 'Content-Type': types[typeKey(file)] });
    await cache.put(new URL(file, SCOPE_URL).href, new Response(body, { status: 200, headers }));
    stored.push(index);
  }
  return stored;
}

/** Fill this version's cache with the files of the groups `names`; every file is tried (and each good one
 * kept) before it fails on the bad ones. A file an older version kept with the same hash is copied, not
 * downloaded; the rest comes with its group's pack when most of the pack is needed, else one by one. A
 * file outside these groups that an older version kept (a page the user opened, the search index once
 * she searched) is kept in this version too: what worked offline keeps working after an update. */
async function fill(names) {
  const cache = await caches.open(CACHE);
  const older = await olderCaches();
  // 'same': copied from an older version; 'used': an older version had another copy (the user opened
  // it, so she gets this version's too); '': never kept.
  const copy = async (url, hash) => {
    let used = '';
    for (const old of older) {
      const hit = await old.match(url);
      if (hit && hit.headers.get(HASH_HEADER) === hash) {
        await cache.put(url, hit);
        return 'same';
      }
      if (hit) used = 'used';
    }
    return used;
  };
  const { all, groups, packs = {}, types = {} } = await files();
  const wanted = new Set(names.flatMap((group) => groups[group] || []));
  const missing = new Set();
  await Promise.all(all.map(async ([path, hash], index) => {
    if (!wanted.has(index) && !older.length) return;
    const url = new URL(path, SCOPE_URL).href;
    // Kept from an earlier, failed attempt at this same version: checked then, not fetched again.
    const kept = await cache.match(url);
    if (kept && kept.headers.get(HASH_HEADER) === hash) return;
    const found = await copy(url, hash);
    if (found === 'used' || (found === '' && wanted.has(index))) missing.add(index);
  }));
  if (typeof DecompressionStream === 'function') {
    await Promise.all(names.filter((group) => packs[group]).map(async (group) => {
      const members = packs[group][1];
      const size = (list) => list.reduce((sum, [, bytes]) => sum + bytes, 0);
      if (2 * size(members.filter(([index]) => missing.has(index))) < size(members)) return;
      const stored = await fromPack(cache, packs[group], missing, all, types).catch(() => []);
      for (const index of stored) missing.delete(index); // what the pack did not bring comes one by one
    }));
  }
  const results = await Promise.allSettled([...missing].map((index) => {
    const [path, hash] = all[index];
    return fetchAndKeep(cache, new URL(path, SCOPE_URL).href, hash);
  }));
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length) throw new Error(failed.map((result) => result.reason.message).join('; '));
}

/** The page the user has open and what it loaded (it may have come from the network before this worker
 * took over): kept like any file opened later, when it is this build's; one of another version is not. */
async function keepOpened(urls) {
  const cache = await caches.open(CACHE);
  const { hashes } = await files();
  await Promise.allSettled(urls.map(async (href) => {
    const key = candidates(new URL(href)).find((candidate) => hashes.has(candidate));
    if (!key) return;
    const kept = await cache.match(key);
    if (!kept || kept.headers.get(HASH_HEADER) !== hashes.get(key)) await fetchAndKeep(cache, key, hashes.get(key), 'no-cache');
  }));
}

// A file that fails (404, wrong bytes) fails the install: the page says offline use is not ready.
// What was fetched and checked stays in this version's cache, so the next try fetches only the rest.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const profile = await readProfile();
    await writeProfile(profile); // the old version's cache goes at activation: this one keeps it
    await fill(userGroups(profile));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const stale = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
    await Promise.all(stale.map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  // The page asks for this only after the user tapped "vernieuwen".
  if (data.type === 'SKIP_WAITING') self.skipWaiting();
  // The user's programme and role (on every page load, and when she picks them): keep them for the next
  // version, fill her groups, keep the open page, and answer on the port whether her groups are in.
  if (data.type === 'PROFILE') {
    const reply = (message) => event.ports[0] && event.ports[0].postMessage({ version: BUILD.version, ...message });
    event.waitUntil((async () => {
      const profile = { programme: data.programme || '', role: data.role || '' };
      try {
        await writeProfile(profile);
        await fill(userGroups(profile));
        await keepOpened(data.opened || []);
        // The open page may be in none of her groups: what a page of its kind loads (a form's results,
        // its share code) is kept with it. A file that fails here fails only that page's extras.
        if (data.page) await fill([`page:${data.page}`]).catch(() => {});
        reply({ type: 'OFFLINE_READY', groups: userGroups(profile) });
      } catch (error) {
        reply({ type: 'OFFLINE_FAILED', error: String(error && error.message) });
      }
    })());
  }
});

function candidates(url) {
  const base = url.origin + url.pathname;
  if (base.endsWith('/index.html')) return [base, base.slice(0, -'index.html'.length)];
  if (!base.endsWith('/') && !/\.[a-z0-9]+$/i.test(url.pathname)) return [base, `${base}/`];
  return [base];
}

// The offline page, answered at any URL and depth: a <base> makes its links, CSS and JS resolve
// as at its own address, and `reason` says why it is shown (no network, or a newer version's page).
async function offlinePage(cache, reason) {
  const url = new URL(BUILD.offline, SCOPE_URL).href;
  const stored = await cache.match(url);
  if (!stored) return null;
  const html = (await stored.text())
    .replace('<head>', `<head><base href="${url}">`)
    .replace('<html ', `<html data-offline-reason="${reason}" `);
  return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

// A page this version does not have may come from a newer version on the server; with this
// version's CSS and JS it would be a mix. Such a page carries other assets: show the update page.
async function fromNewerVersion(response) {
  if (!response.ok || !(response.headers.get('Content-Type') || '').includes('text/html')) return false;
  const found = /<html[^>]*\sdata-assets="([^"]+)"/.exec(await response.clone().text());
  return Boolean(found) && found[1] !== BUILD.assets;
}

async function respond(request, url) {
  const cache = await caches.open(CACHE);
  const keys = candidates(url);
  for (const key of keys) {
    const hit = await cache.match(key);
    if (hit) return hit;
  }
  const navigation = request.mode === 'navigate';
  // A file of this build that is in none of the user's groups: fetched now, checked, and kept.
  const { hashes } = await files().catch(() => ({ hashes: new Map() }));
  const own = keys.find((key) => hashes.has(key));
  if (own) {
    try {
      return await fetchAndKeep(cache, own, hashes.get(own), 'no-cache');
    } catch (error) {
      if (error instanceof OtherVersion) {
        self.registration.update().catch(() => {});
        const update = navigation && await offlinePage(cache, 'update');
        return update || new Response('', { status: 409, statusText: 'Other version' });
      }
      if (!(error instanceof TypeError)) return fetch(request); // an HTTP error: let the page see it
      const offline = navigation && await offlinePage(cache, 'offline');
      if (offline) return offline;
      throw error;
    }
  }
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const offline = navigation && await offlinePage(cache, 'offline');
    if (offline) return offline;
    throw error;
  }
  if (navigation && await fromNewerVersion(response)) {
    self.registration.update().catch(() => {});
    return (await offlinePage(cache, 'update')) || response;
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!url.href.startsWith(SCOPE_URL)) return; // other sites on this origin are not ours
  event.respondWith(respond(request, url));
});

// Deadline reminders from the push service: always show a notification (inside waitUntil; Safari
// revokes a subscription whose pushes show nothing), and open or focus the page it names.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const note = data.notification || data;
  const url = new URL(data.url || note.navigate || './', SCOPE_URL).href;
  event.waitUntil(self.registration.showNotification(note.title || 'Herinnering', {
    body: note.body || '', tag: note.tag || data.tag, lang: 'nl', dir: 'ltr', data: { url },
    icon: new URL('static/icons/icon-192.png', SCOPE_URL).href,
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || SCOPE_URL;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const same = windows.find((client) => client.url === url);
    if (same) return same.focus();
    const ours = windows.find((client) => client.url.startsWith(SCOPE_URL));
    if (ours && 'navigate' in ours) return (await ours.navigate(url)).focus();
    return self.clients.openWindow(url);
  })());
});
