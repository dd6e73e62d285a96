/* Werkplek service worker: source in pwa/sw.js; the build writes the real one to the site root
   with the BUILD line filled in. It serves this build's files and nothing else: one cache per
   version, filled completely (and checked byte for byte) before the worker may take over. */
'use strict';

const BUILD = {"version": "dev", "assets": "dev", "files": [], "offline": "offline/"}; // @@BUILD@@

const SCOPE_URL = self.registration.scope;
const PREFIX = `werkplek:${new URL(SCOPE_URL).pathname}:`; // one site per scope, never shared
const CACHE = PREFIX + BUILD.version;
const HASH_HEADER = 'X-Werkplek-Sha256';

async function sha256(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function olderCaches() {
  const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
  return Promise.all(names.map((n) => caches.open(n)));
}

async function precache() {
  const cache = await caches.open(CACHE);
  const older = await olderCaches();
  // Every file is tried (and each good one kept) before the install fails on the bad ones.
  const results = await Promise.allSettled(BUILD.files.map(async ([path, hash]) => {
    const url = new URL(path, SCOPE_URL).href;
    // Kept from an earlier, failed attempt at this same version: checked then, not fetched again.
    const kept = await cache.match(url);
    if (kept && kept.headers.get(HASH_HEADER) === hash) return;
    // A file that did not change is copied from the previous version instead of downloaded.
    for (const old of older) {
      const hit = await old.match(url);
      if (hit && hit.headers.get(HASH_HEADER) === hash) {
        await cache.put(url, hit);
        return;
      }
    }
    const response = await fetch(new Request(url, { cache: 'reload' }));
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    // A half-uploaded site mixes versions: refuse it, and try again on the next check.
    if (!(await sha256(body)).startsWith(hash)) throw new Error(`${url} does not belong to version ${BUILD.version}`);
    const headers = new Headers({ [HASH_HEADER]: hash });
    headers.set('Content-Type', response.headers.get('Content-Type') || 'application/octet-stream');
    await cache.put(url, new Response(body, { status: 200, headers }));
  }));
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length) throw new Error(failed.map((result) => result.reason.message).join('; '));
}

// A file that fails (404, wrong bytes) fails the install: the page says offline use is not ready.
// What was fetched and checked stays in this version's cache, so the next try fetches only the rest.
self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const stale = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
    await Promise.all(stale.map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

// The page asks for this only after the user tapped "vernieuwen".
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
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
  for (const key of candidates(url)) {
    const hit = await cache.match(key);
    if (hit) return hit;
  }
  const navigation = request.mode === 'navigate';
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
