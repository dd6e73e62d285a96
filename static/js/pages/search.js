// "Zoeken": one box over all content. The build writes the documents (zoeken/index.json: the whole
// partnership's text, so not precached; the worker keeps it, with MiniSearch, from the first search on,
// and after an update too); MiniSearch (vendored, static/vendor/minisearch/) indexes them in the browser. Both load at the first sign of a search (focus, a tap, a typed key, or ?q= in
// the address), so a visit that does not search costs no more than any other page.
import { highlight, indexTerm, normalise, queryText, snippet, tokenize } from '../lib/search-text.js';

const MAX_SHOWN = 30;
const ANNOUNCE_DELAY = 400; // ms: a screen reader hears the count once typing pauses, not per key

function siteRoot() {
  return new URL(document.documentElement.dataset.root, document.baseURI);
}

async function loadEngine() {
  const [{ default: MiniSearch }, docs] = await Promise.all([
    import(/* on demand */ '../../vendor/minisearch/minisearch.js'),
    fetch(new URL('zoeken/index.json', siteRoot())).then((response) => {
      if (!response.ok) throw new Error(`zoeken/index.json: HTTP ${response.status}`);
      return response.json();
    }),
  ]);
  const byId = new Map(docs.map((doc) => [doc.id, doc]));
  const roles = new Set(docs.filter((doc) => doc.kind === 'Rol').map((doc) => doc.id));
  const engine = new MiniSearch({
    fields: ['title', 'text'],
    tokenize,
    processTerm: indexTerm,
    searchOptions: {
      tokenize,
      processTerm: normalise,
      prefix: true,
      fuzzy: (term) => (term.length > 4 ? 0.2 : false), // one typo in a word of five letters or more
      combineWith: 'AND',
      boost: { title: 2 },
      boostDocument: (id) => (roles.has(id) ? 1.5 : 1),
    },
  });
  engine.addAll(docs);
  return { engine, byId };
}

function pieces(parent, parts) {
  for (const part of parts) {
    if (part.mark) {
      const mark = document.createElement('mark');
      mark.textContent = part.text;
      parent.append(mark);
    } else {
      parent.append(part.text);
    }
  }
}

function resultItem(doc, terms, root) {
  const item = document.createElement('li');
  const kind = document.createElement('p');
  kind.className = 'result-kind';
  kind.textContent = doc.context ? `${doc.kind} · ${doc.context}` : doc.kind;
  const link = document.createElement('a');
  link.href = new URL(doc.url, root).href;
  pieces(link, highlight(doc.title, terms));
  const title = document.createElement('p');
  title.className = 'result-title';
  title.append(link);
  item.append(kind, title);
  if (doc.text) {
    const text = document.createElement('p');
    text.className = 'result-text';
    pieces(text, snippet(doc.text, terms));
    item.append(text);
  }
  return item;
}

function message(name, details = {}) {
  const copy = document.getElementById('zoekmeldingen').content.querySelector(`[data-msg="${name}"]`).cloneNode(true);
  for (const [slot, text] of Object.entries(details)) {
    for (const el of copy.querySelectorAll(`[data-${slot}]`)) el.textContent = text;
  }
  return copy;
}

export function initSearch() {
  const form = document.querySelector('[data-search]');
  const input = form.querySelector('input[type="search"]');
  const status = document.querySelector('[data-search-status]');
  const list = document.querySelector('[data-search-results]');
  const root = siteRoot();
  let loading = null;
  let ready = null;
  let announce = 0;

  const say = (name, details, delay = 0) => {
    clearTimeout(announce);
    announce = setTimeout(() => status.replaceChildren(message(name, details)), delay);
  };
  const load = () => {
    loading ||= loadEngine().then((loaded) => (ready = loaded));
    return loading;
  };

  async function run() {
    const query = input.value.trim();
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
    history.replaceState(history.state, '', url);
    if (!query) {
      list.replaceChildren();
      return say('idle');
    }
    if (!ready) say('loading');
    try {
      await load();
    } catch (error) {
      console.error(error);
      loading = null; // try again at the next key
      list.replaceChildren();
      return say(navigator.onLine ? 'failed' : 'offline'); // offline: the index was never fetched here
    }
    if (input.value.trim() !== query) return; // a newer key is on its way
    const results = ready.engine.search(queryText(query));
    const shown = results.slice(0, MAX_SHOWN);
    list.replaceChildren(...shown.map((r) => resultItem(ready.byId.get(r.id), new Set(r.terms), root)));
    const details = { query, count: String(results.length), shown: String(shown.length) };
    const name = results.length === 0 ? 'none' : results.length === 1 ? 'one' : results.length > MAX_SHOWN ? 'more' : 'many';
    say(name, details, ANNOUNCE_DELAY);
  }

  const start = () => { load().catch(() => {}); };
  input.addEventListener('focus', start, { once: true });
  form.addEventListener('pointerdown', start, { once: true });
  input.addEventListener('input', run);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const first = list.querySelector('a');
    if (first) first.focus(); // Enter (or the keyboard's search key) goes to the results
  });

  // Arrow keys: from the box into the results, between results, and back up to the box.
  const links = () => [...list.querySelectorAll('a')];
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at === -1) return;
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) input.focus();
    else all[Math.min(next, all.length - 1)].focus();
  });

  const given = new URL(location.href).searchParams.get('q');
  if (given && !input.value) input.value = given;
  if (input.value.trim()) return run();
  return null;
}
