// A form page (formulieren/<id>/): the entry named in the URL (?invulling=<uuid>) is filled in and
// saved as you type. Each change is committed to IndexedDB at once (one write at a time; what comes in
// meanwhile goes into the next write), so closing the page loses at most the write in flight.
import { backupFileName, makeBackup } from './backup.js';
import { entriesToCsv } from './csv.js';
import { download, fileName } from './download.js';
import { applyChanges, createEntry, missingAnswers, withState } from './entries.js';
import { reportStorageError } from './notices.js';
import { scaleSections, showResults } from './results.js';
import { initShare } from './share.js';
import { getEntry, listEntries, listen, requestPersistence, siteScope, updateEntry } from './storage.js';

const PARAM = 'invulling';
const time = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit' });

/** The entry id from the URL, or a new one written into the URL (so a reload reopens it). */
function entryIdFromUrl() {
  const url = new URL(location.href);
  let id = url.searchParams.get(PARAM);
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
    id = crypto.randomUUID();
    url.searchParams.set(PARAM, id);
    history.replaceState(null, '', url);
  }
  return id;
}

const groupOf = (control) => (control.closest('[data-section="gegevens"]') ? 'meta' : 'answers');

function controlsNamed(form, name) {
  return [...form.elements].filter((el) => el.name === name);
}

function readValue(form, name) {
  const controls = controlsNamed(form, name);
  const [first] = controls;
  if (first.type === 'radio') return (controls.find((c) => c.checked) || {}).value;
  if (first.type === 'checkbox') {
    if (controls.length === 1 && first.closest('[data-kind="check"]')) return first.checked;
    return controls.filter((c) => c.checked).map((c) => c.value);
  }
  return first.value;
}

function writeValue(form, name, value) {
  const controls = controlsNamed(form, name);
  for (const control of controls) {
    if (control.type === 'radio') control.checked = control.value === value;
    else if (control.type === 'checkbox') {
      control.checked = control.closest('[data-kind="check"]') ? value === true
        : Array.isArray(value) && value.includes(control.value);
    } else control.value = value ?? '';
  }
}

const names = (form) => [...new Set([...form.elements].filter((el) => el.name).map((el) => el.name))];

function showEntry(form, entry, skip = new Set()) {
  for (const name of names(form)) {
    if (skip.has(name)) continue;
    const group = groupOf(controlsNamed(form, name)[0]);
    writeValue(form, name, entry ? entry[group][name] : undefined);
  }
}

function requiredItems(form) {
  return [...form.querySelectorAll('[data-item][data-required]')].map((item) => ({
    group: item.closest('[data-section="gegevens"]') ? 'meta' : 'answers',
    name: item.dataset.item,
    item,
  }));
}

const words = (id) => id.replace(/:anders$/, ' (anders)').replaceAll('-', ' ');
const shown = (value) => (Array.isArray(value) ? value.join(', ') : value === true ? 'ja' : String(value));

/** Answers this version of the form no longer asks: shown, never dropped. */
function showRemoved(form, entry) {
  const section = form.querySelector('[data-removed]');
  const known = new Set(names(form));
  const removed = entry ? ['meta', 'answers'].flatMap((group) =>
    Object.entries(entry[group]).filter(([name]) => !known.has(name))) : [];
  section.hidden = removed.length === 0;
  const list = section.querySelector('[data-removed-list]');
  list.replaceChildren(...removed.flatMap(([name, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = words(name);
    const dd = document.createElement('dd');
    dd.textContent = shown(value);
    return [dt, dd];
  }));
}

export async function initForm() {
  const form = document.querySelector('form[data-form]');
  const formId = form.dataset.form;
  const version = form.dataset.version;
  const id = entryIdFromUrl();
  const saveState = form.querySelector('[data-save-state]');
  const stateLabel = form.querySelector('[data-entry-state]');
  const missing = form.querySelector('[data-missing]');
  const results = document.querySelector('[data-results]');
  const sections = scaleSections(form);
  const scaleNames = new Set(sections.flatMap((section) => section.items));
  const complete = form.querySelector('[data-complete]');
  const reopen = form.querySelector('[data-reopen]');
  let entry;

  const render = (skip) => {
    showEntry(form, entry, skip);
    showRemoved(form, entry);
    showResults(results, sections, entry);
    const done = entry && entry.state === 'afgerond';
    stateLabel.textContent = done ? 'afgerond' : 'concept';
    complete.hidden = Boolean(done);
    reopen.hidden = !done;
  };

  try {
    entry = await getEntry(id);
  } catch (error) {
    reportStorageError(error);
  }
  if (entry && entry.form !== formId) entry = undefined; // an id of another form's entry: start afresh
  render();
  if (entry) saveState.textContent = `Opgeslagen ${time.format(new Date(entry.updated))}`;

  // -- saving: one write at a time; changes that arrive meanwhile go into the next one ------------
  const pending = new Map();
  let writing = null;
  let askedPersistence = false;
  const write = async () => {
    const changes = [...pending.values()];
    pending.clear();
    try {
      entry = await updateEntry(id, (current) => applyChanges(current || createEntry(id, formId, version), changes));
      saveState.textContent = `Opgeslagen ${time.format(new Date(entry.updated))}`;
      // Only a rating changes the results; typing text does not redraw them.
      if (changes.some(({ name }) => scaleNames.has(name))) showResults(results, sections, entry);
      if (!askedPersistence) {
        askedPersistence = true;
        requestPersistence().catch(() => {});
      }
    } catch (error) {
      saveState.textContent = 'Niet opgeslagen';
      reportStorageError(error);
    }
  };
  const flush = () => {
    if (writing || !pending.size) return writing;
    writing = write().finally(() => {
      writing = null;
      flush();
    });
    return writing;
  };
  const onEdit = (event) => {
    const { name } = event.target;
    if (!name) return;
    pending.set(name, { group: groupOf(event.target), name, value: readValue(form, name) });
    if (!missing.hidden) missing.hidden = true;
    flush();
  };
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);
  form.addEventListener('submit', (event) => event.preventDefault());
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', flush);

  // -- another tab edited this entry: show its values, except what is being typed here -------------
  listen(async (message) => {
    if (message.kind !== 'entry' || message.id !== id) return;
    const fresh = await getEntry(id);
    if (!fresh || (entry && fresh.updated <= entry.updated)) return;
    entry = fresh;
    const focused = document.activeElement && document.activeElement.name;
    render(new Set([...pending.keys(), ...(focused ? [focused] : [])]));
  });

  // -- afronden: complete, or say what is missing and go to the first gap --------------------------
  const setState = async (state) => {
    await flush();
    entry = await updateEntry(id, (current) => withState(current || createEntry(id, formId, version), state));
    render();
    saveState.textContent = `Opgeslagen ${time.format(new Date(entry.updated))}`;
  };
  complete.addEventListener('click', async () => {
    await flush();
    const gaps = missingAnswers(requiredItems(form), entry || createEntry(id, formId, version));
    if (gaps.length) {
      const list = missing.querySelector('[data-missing-list]');
      list.replaceChildren(...gaps.flatMap(({ item }, i) => {
        const link = document.createElement('a');
        link.href = `#${item.id}`;
        link.textContent = (item.querySelector('legend, label') || item).textContent.replace(' (verplicht)', '').trim();
        return i ? [', ', link] : [link];
      }));
      missing.hidden = false;
      const first = gaps[0].item.querySelector('input, textarea, select');
      first.focus();
      gaps[0].item.scrollIntoView({ block: 'center' });
      return;
    }
    await setState('afgerond');
  });
  reopen.addEventListener('click', () => setState('concept'));

  // -- share: a link with the newest saved version of this entry in it --------------------------------
  initShare(document.querySelector('[data-share]'), form, async () => {
    await flush();
    return entry;
  });

  // -- paper and files --------------------------------------------------------------------------
  for (const area of form.querySelectorAll('textarea')) grow(area);
  form.addEventListener('input', (event) => { if (event.target.tagName === 'TEXTAREA') grow(event.target); });
  form.querySelector('[data-print]').addEventListener('click', () => window.print());
  form.querySelector('[data-export-entry]').addEventListener('click', async () => {
    await flush();
    const current = entry || createEntry(id, formId, version);
    const file = makeBackup({ ticks: {}, prefs: {}, entries: [current] }, siteScope());
    download(fileName(formId, aboutOf(form, current), backupFileName().slice(-15)), JSON.stringify(file, null, 2), 'application/json');
  });
  form.querySelector('[data-export-csv]').addEventListener('click', async () => {
    await flush();
    const entries = (await listEntries()).filter((e) => e.form === formId).sort((a, b) => a.created.localeCompare(b.created));
    download(fileName(formId, new Date().toISOString().slice(0, 10)) + '.csv', entriesToCsv(columns(form), entries), 'text/csv;charset=utf-8');
  });
}

/** A text field as tall as its text, on screen and on paper. */
function grow(area) {
  area.style.height = 'auto';
  area.style.height = `${area.scrollHeight + 2}px`;
}

function aboutOf(form, entry) {
  const first = form.querySelector('[data-section="gegevens"] [data-item]');
  const value = first && entry.meta[first.dataset.item];
  return typeof value === 'string' ? value.slice(0, 40) : '';
}

/** CSV columns in form order, labelled with the question. */
function columns(form) {
  return [...form.querySelectorAll('[data-item]')].flatMap((item) => {
    const group = item.closest('[data-section="gegevens"]') ? 'meta' : 'answers';
    const label = (item.querySelector('legend, label') || item).textContent.replace(' (verplicht)', '').trim();
    const column = { group, name: item.dataset.item, label };
    return item.querySelector(`[name="${CSS.escape(item.dataset.item)}:anders"]`)
      ? [column, { group, name: `${item.dataset.item}:anders`, label: `${label} (anders)` }] : [column];
  });
}
