// A form page (formulieren/<id>/): the entry named in the URL (?invulling=<uuid>) is filled in and
// saved as you type. Each change is committed to IndexedDB at once (one write at a time; what comes in
// meanwhile goes into the next write), so closing the page loses at most the write in flight.
import { countConcepts } from '../lib/concept-count.js';
import { applyChanges, createEntry, missingAnswers, withState } from '../lib/entries.js';
import { instant, isNewer, own } from '../lib/instants.js';
import { reportStorageError } from '../ui/notices.js';
import {
  beforeReload, getEntry, listEntries, listen, loadProfile, requestPersistence, siteScope, updateEntry,
} from '../lib/storage.js';
import { timeFormat } from '../lib/formats.js';

const PARAM = 'invulling';
const VISIT_PARAM = 'lesbezoek'; // ?lesbezoek=<visit id>: a new entry for that visit, filled in from it

/** The entry id from the URL, or a new one written into the URL (so a reload reopens it). */
function entryIdFromUrl(fresh = false) {
  const url = new URL(location.href);
  let id = url.searchParams.get(PARAM);
  if (fresh || !id || !/^[0-9a-f-]{36}$/.test(id)) {
    id = crypto.randomUUID();
    url.searchParams.set(PARAM, id);
    history.replaceState(null, '', url);
  }
  return id;
}

/** Where an item's answer is kept in the entry: the metadata ("Gegevens") or the answers. */
const groupOf = (element) => (element.closest('[data-section="gegevens"]') ? 'meta' : 'answers');

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

const isBlank = (value) => value === undefined || value === null || value === '' || value === false
  || (Array.isArray(value) && value.length === 0);
const same = (a, b) => (isBlank(a) && isBlank(b)) || JSON.stringify(a) === JSON.stringify(b);

/** This id is another form's entry: say so, with a link to it there. */
function showForeign(form, other) {
  const notice = form.querySelector('[data-foreign]');
  const link = notice.querySelector('a');
  link.href = `${link.dataset.formsBase}${other.form}/?invulling=${other.id}`;
  notice.hidden = false;
}

/**
 * Another tab stored something else in this field since this tab last saw it, and this tab's write just
 * replaced it: show what was there (`theirs`), with a button that puts it back. No text disappears
 * without the user seeing it.
 */
function showConflict(form, { name, theirs }) {
  const [control] = controlsNamed(form, name);
  const item = control && control.closest('[data-item]');
  if (!item || isBlank(theirs)) return;
  const note = document.getElementById('conflict-sjabloon').content.firstElementChild.cloneNode(true);
  note.querySelector('[data-conflict-text]').textContent = shown(theirs);
  note.querySelector('[data-conflict-restore]').addEventListener('click', () => {
    writeValue(form, name, theirs);
    control.dispatchEvent(new Event('input', { bubbles: true }));
    note.remove();
  });
  note.querySelector('[data-conflict-dismiss]').addEventListener('click', () => note.remove());
  item.querySelector('[data-conflict]')?.remove();
  item.append(note);
}

const names = (form) => [...new Set([...form.elements].filter((el) => el.name).map((el) => el.name))];

function showEntry(form, entry, skip = new Set()) {
  for (const name of names(form)) {
    if (skip.has(name)) continue;
    const group = groupOf(controlsNamed(form, name)[0]);
    writeValue(form, name, entry ? own(entry[group], name) : undefined);
  }
}

function requiredItems(form) {
  return [...form.querySelectorAll('[data-item][data-required]')].map((item) => ({
    group: groupOf(item),
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

/** The lesson visit with this id on this device, or undefined (storage-visits.js loads only then). */
const visitNamed = (id) => import('../lib/storage-visits.js').then((m) => m.getVisit(id)).catch(() => undefined);


export async function initForm() {
  const form = document.querySelector('form[data-form]');
  const formId = form.dataset.form;
  const version = form.dataset.version;
  const params = new URL(location.href).searchParams;
  const named = params.has(PARAM);
  const [profile, visit] = await Promise.all([
    loadProfile().catch(() => undefined),
    params.get(VISIT_PARAM) ? visitNamed(params.get(VISIT_PARAM)) : undefined,
  ]);
  let id = entryIdFromUrl();
  // "Verder met je concept" (concepts.js) when the page reserved lines for it; else refresh the counts.
  const concepts = document.querySelector('[data-concepts]');
  if (!named && concepts && !concepts.hidden) {
    await import('../ui/concepts.js').then((m) => m.showConcepts(concepts, form, formId)).catch(reportStorageError);
  } else countConcepts();
  const saveState = form.querySelector('[data-save-state]');
  const stateLabel = form.querySelector('[data-entry-state]');
  const missing = form.querySelector('[data-missing]');
  const results = document.querySelector('[data-results]');
  const scaleNames = new Set([...form.querySelectorAll('[data-kind="scale"]')].map((item) => item.dataset.item));
  // The results (means and radar, below the form) load with the first rating: a first visit needs none.
  let resultsCode = null;
  const drawResults = async () => {
    const rated = entry && [...scaleNames].some((name) => own(entry.answers, name) !== undefined);
    if (!rated && results.hidden) return;
    resultsCode ||= import('../ui/results.js');
    const { scaleSections, showResults } = await resultsCode;
    showResults(results, scaleSections(form), entry);
  };
  const complete = form.querySelector('[data-complete]');
  const reopen = form.querySelector('[data-reopen]');
  let entry;

  const render = (skip) => {
    showEntry(form, entry, skip);
    showRemoved(form, entry);
    if (people) people.showReceived(form, entry);
    drawResults();
    const done = entry && entry.state === 'afgerond';
    const received = Boolean(entry && entry.received);
    stateLabel.textContent = received ? 'ontvangen' : done ? 'afgerond' : 'concept';
    complete.hidden = Boolean(done) || received;
    reopen.hidden = !done || received;
  };

  try {
    entry = await getEntry(id);
  } catch (error) {
    reportStorageError(error);
  }
  if (entry && entry.form !== formId) {
    // Another form's entry under this id (an edited or mixed-up link): leave it alone, say where it
    // lives, and start a new entry here under a new id, so typing never writes into that one.
    showForeign(form, entry);
    entry = undefined;
    id = entryIdFromUrl(true);
  }
  // The people in the record (form-people.js): only when there is someone to name (a profile, a visit,
  // or an entry that may name them), so a first visit does not load it.
  const people = profile || visit || entry ? await import('../ui/form-people.js') : null;
  const fills = people ? people.fillsOf(form) : {};
  const withPeople = (record) => (people ? people.withPeople(record, fills) : record);
  // A new entry starts from what is known (profile, visit): shown at once, stored with the first edit,
  // or at once for a visit (so it is filed under it).
  const start = people ? people.startingPoint(form, fills, profile, entry ? null : visit) : { people: {}, changes: [] };
  render();
  if (!entry) for (const { name, value } of start.changes) writeValue(form, name, value);
  if (entry) saveState.textContent = `Opgeslagen ${timeFormat.format(new Date(entry.updated))}`;
  if (visit && (!entry || entry.visit === visit.id)) people.showVisit(form, visit);

  // -- saving: one write at a time; changes that arrive meanwhile go into the next one ------------
  // `seen` holds, per field, the value this tab last stored or showed from storage: when the stored
  // value differs from it at the next write, another tab changed that field in between.
  const pending = new Map();
  const seen = new Map();
  const afterWrite = new Set(); // callbacks after each stored write (the answer box: "maak het opnieuw")
  let writing = null;
  let failures = 0;
  let retry = null;
  let askedPersistence = false;
  const remember = (record) => {
    for (const name of names(form)) seen.set(name, record ? own(record[groupOf(controlsNamed(form, name)[0])], name) : undefined);
  };
  remember(entry);
  // The whole entry as the screen shows it: what to write when the stored copy has vanished.
  const fromScreen = () => applyChanges(entry, names(form).map((name) => (
    { group: groupOf(controlsNamed(form, name)[0]), name, value: readValue(form, name) })));
  const write = async () => {
    const changes = [...pending.values()];
    pending.clear();
    let conflicts = [];
    try {
      entry = await updateEntry(id, (current) => {
        if (current && current.form !== formId) throw new Error(`entry ${id} belongs to form ${current.form}`);
        conflicts = current ? changes.filter(({ group, name, value }) => {
          const stored = own(current[group], name);
          return !same(stored, seen.get(name)) && !same(stored, value) && !isBlank(stored);
        }).map(({ group, name }) => ({ name, theirs: own(current[group], name) })) : [];
        // No stored copy although this tab saved one: the site's data was cleared while the page was
        // open. Write back the whole entry from the screen, not just the last change.
        const base = current || (entry ? fromScreen() : createEntry(id, formId, version, new Date(), start.people));
        if (base.received) throw new Error(`entry ${id} was received: read-only here`);
        const next = applyChanges(base, changes);
        return people ? people.withPeopleAfter(base, next, changes, fills, profile) : next;
      });
      for (const { name, value } of changes) seen.set(name, value);
      failures = 0;
      for (const hook of afterWrite) hook(entry);
      for (const conflict of conflicts) showConflict(form, conflict);
      // Only a rating changes the results; typing text does not redraw them.
      if (changes.some(({ name }) => scaleNames.has(name))) drawResults();
      if (!askedPersistence) {
        askedPersistence = true;
        requestPersistence().catch(() => {});
      }
    } catch (error) {
      // Nothing of this write is stored: keep its changes for the next try (a newer change to the same
      // field, typed meanwhile, wins), and try again by itself a little later.
      for (const change of changes) if (!pending.has(change.name)) pending.set(change.name, change);
      failures += 1;
      saveState.textContent = 'Niet opgeslagen: de app probeert het opnieuw';
      reportStorageError(error);
      clearTimeout(retry);
      retry = setTimeout(() => flush(), Math.min(30000, 1000 * 2 ** failures));
    }
  };
  const flush = () => {
    if (writing || !pending.size) return writing;
    writing = write().finally(() => {
      writing = null;
      if (!pending.size) saveState.textContent = `Opgeslagen ${timeFormat.format(new Date(entry.updated))}`;
      else if (!failures) flush();
    });
    return writing;
  };
  /** Every change made so far is stored (true), or a write failed and its changes wait for a retry. */
  const flushAll = async () => {
    while (writing || pending.size) {
      await (writing || flush());
      if (failures) return false;
    }
    return true;
  };
  // The starting values are stored with the first write of a new entry (unless edited meanwhile).
  let prefill = entry ? [] : start.changes;
  const takePrefill = () => {
    for (const change of prefill) if (!pending.has(change.name)) pending.set(change.name, { ...change, value: readValue(form, change.name) });
    prefill = [];
  };
  const onEdit = (event) => {
    const { name } = event.target;
    if (!name) return;
    if (entry && entry.received) return;
    takePrefill();
    pending.set(name, { group: groupOf(event.target), name, value: readValue(form, name) });
    if (!missing.hidden) missing.hidden = true;
    if (!failures) saveState.textContent = 'Opslaan…';
    flush();
  };
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);
  if (visit && !entry) {
    takePrefill(); // a visit's entry is stored at once, filed under the visit
    flush();
  }
  form.addEventListener('submit', (event) => event.preventDefault());
  window.addEventListener('pagehide', flush);
  window.addEventListener('online', flush);
  document.addEventListener('visibilitychange', flush);
  // Before the app reloads for an update: no more typing here, and everything typed is stored first.
  beforeReload(async () => {
    form.inert = true;
    saveState.textContent = 'Bezig met vernieuwen…';
    await flushAll();
  });

  // -- another tab edited this entry: show its values, except what is being typed here -------------
  listen(async (message) => {
    if (message.kind !== 'entry' || message.id !== id) return;
    const fresh = await getEntry(id);
    if (!fresh || fresh.form !== formId || !isNewer(fresh, entry)) return;
    const focused = document.activeElement && document.activeElement.name;
    const skip = new Set([...pending.keys(), ...(focused ? [focused] : [])]);
    for (const name of names(form)) {
      if (!skip.has(name)) seen.set(name, own(fresh[groupOf(controlsNamed(form, name)[0])], name));
    }
    entry = fresh;
    render(skip);
  });

  // -- afronden: complete, or say what is missing and go to the first gap --------------------------
  const setState = async (state) => {
    if (!(await flushAll())) return;
    entry = await updateEntry(id, (current) => withState(withPeople(current || createEntry(id, formId, version, new Date(), start.people)), state));
    render();
    saveState.textContent = `Opgeslagen ${timeFormat.format(new Date(entry.updated))}`;
  };
  complete.addEventListener('click', async () => {
    if (!(await flushAll())) return;
    const gaps = missingAnswers(requiredItems(form), entry || createEntry(id, formId, version));
    if (gaps.length) {
      const list = missing.querySelector('[data-missing-list]');
      list.replaceChildren(...gaps.flatMap(({ item }, i) => {
        const link = document.createElement('a');
        link.href = `#${item.id}`;
        link.textContent = (item.querySelector('legend, label') || item).textContent.replace(' (verplicht)', '').trim();
        return i ? [i === gaps.length - 1 ? ' en ' : ', ', link] : [link];
      }));
      // One full stop at the end, none after a question: "Nog niet ingevuld: Wat ging goed?"
      if (!/[.?!…:]$/.test(list.lastElementChild.textContent)) list.append('.');
      missing.hidden = false;
      const first = gaps[0].item.querySelector('input, textarea, select');
      first.focus();
      gaps[0].item.scrollIntoView({ block: 'center' });
      return;
    }
    await setState('afgerond');
  });
  reopen.addEventListener('click', () => setState('concept'));

  // -- share: a link with the newest saved version of this entry; share.js loads on the first tap ------
  const shareBox = document.querySelector('[data-share]');
  const makeLink = shareBox && shareBox.querySelector('[data-share-make]');
  makeLink?.addEventListener('click', async () => {
    makeLink.disabled = true;
    const { initShare } = await import('../ui/share.js');
    initShare(shareBox, form, async () => {
      await flushAll();
      return entry;
    });
    makeLink.disabled = false;
    makeLink.click();
  }, { once: true });

  // -- an entry for someone's lesson visit (the observer's device): send the answer back, sealed -------
  if (people && (entry?.visit || visit)) {
    people.offerAnswer(entry, visit, async () => {
      await flushAll();
      return entry;
    }, (hook) => afterWrite.add(hook));
  }

  // -- paper and files --------------------------------------------------------------------------
  for (const area of form.querySelectorAll('textarea')) grow(area);
  form.addEventListener('input', (event) => { if (event.target.tagName === 'TEXTAREA') grow(event.target); });
  form.querySelector('[data-print]').addEventListener('click', () => window.print());
  form.querySelector('[data-export-entry]').addEventListener('click', async () => {
    await flushAll();
    const current = entry || createEntry(id, formId, version);
    const [{ backupFileName, makeBackup }, { download, fileName }] = await Promise.all([import('../lib/backup.js'), import('../ui/download.js')]);
    const file = makeBackup({ ticks: {}, prefs: {}, entries: [current] }, siteScope());
    download(fileName(formId, aboutOf(form, current), backupFileName().slice(-15)), JSON.stringify(file, null, 2), 'application/json');
  });
  form.querySelector('[data-export-csv]').addEventListener('click', async () => {
    await flushAll();
    const [{ entriesToCsv }, { download, fileName }] = await Promise.all([import('../lib/csv.js'), import('../ui/download.js')]);
    const entries = (await listEntries()).filter((e) => e.form === formId).sort((a, b) => (instant(a.created) ?? 0) - (instant(b.created) ?? 0));
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
  const value = first && own(entry.meta, first.dataset.item);
  return typeof value === 'string' ? value.slice(0, 40) : '';
}

/** CSV columns in form order, labelled with the question. */
function columns(form) {
  return [...form.querySelectorAll('[data-item]')].flatMap((item) => {
    const group = groupOf(item);
    const label = (item.querySelector('legend, label') || item).textContent.replace(' (verplicht)', '').trim();
    const column = { group, name: item.dataset.item, label };
    return item.querySelector(`[name="${CSS.escape(item.dataset.item)}:anders"]`)
      ? [column, { group, name: `${item.dataset.item}:anders`, label: `${label} (anders)` }] : [column];
  });
}
