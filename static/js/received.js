// ontvangen/: an entry shared as a link (share-link.js). The fragment holds it and never reaches a
// server. This page decodes it, asks for the code if it has one, checks the entry (checkEntry) and that
// its form exists on this site, and shows it read-only with the questions of the form page itself
// (fetched; offline the service worker answers from its cache), so the one form renderer stays the
// only source of questions and scale labels. "Bewaar op dit apparaat" stores it; an entry that is
// already here keeps its newer edit. Nothing is stored unless the user asks for it. The results
// (means and radar, below all answers) load just after the entry shows, off the first visit's path.
import { answerProblem } from './entry-check.js';
import { own } from './instants.js';
import { reportStorageError } from './notices.js';
import { isIOSBrowserTab } from './platform.js';
import { decodeFragment, parseFragment } from './share-link.js';
import { putEntries } from './storage.js';

const day = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
const moment = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

function message(name, { detail, href } = {}) {
  const copy = document.getElementById('ontvangen-meldingen').content.querySelector(`[data-msg="${name}"]`).cloneNode(true);
  if (detail !== undefined) copy.querySelector('[data-detail]').textContent = detail;
  if (href !== undefined) copy.querySelector('[data-open]').href = href;
  return copy;
}

const words = (name) => message(name).textContent;

/** The <form> of a form page, parsed from its HTML (scripts in it never run). */
async function loadForm(href) {
  const url = new URL(href, document.baseURI).href;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const form = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('form[data-form]');
  if (!form) throw new Error(`${url}: no form in the page`);
  return form;
}

/** What each question of the form page accepts (the rules of entry-check.js), read from its controls. */
function rulesOf(form) {
  const rules = { meta: {}, answers: {} };
  for (const item of form.querySelectorAll('[data-item]')) {
    const values = [...item.querySelectorAll(`[name="${CSS.escape(item.dataset.item)}"]`)].map((input) => input.value);
    const rule = { kind: item.dataset.kind, points: Number(item.dataset.points), na: values.includes('nvt'),
      options: values.filter((value) => value !== 'anders'), other: values.includes('anders'),
      multiple: Boolean(item.querySelector('input[type=checkbox]')) };
    rules[groupOf(item)][item.dataset.item] = rule;
  }
  return rules;
}

const groupOf = (item) => (item.closest('[data-section="gegevens"]') ? 'meta' : 'answers');

function question(item) {
  const head = item.querySelector('legend, label.question, .check label').cloneNode(true);
  for (const mark of head.querySelectorAll('.required')) mark.remove();
  return head.textContent.replace(/\s+/g, ' ').trim();
}

/** An answer as the form page words it (the scale's label, the option), or null when there is none. */
function answer(item, entry) {
  const name = item.dataset.item;
  const values = entry[groupOf(item)];
  const value = own(values, name);
  if (value === undefined) return null;
  const kind = item.dataset.kind;
  if (kind === 'scale') {
    const input = [...item.querySelectorAll('input')].find((el) => el.value === value);
    if (!input) return String(value);
    const label = input.closest('label');
    const number = label.querySelector('b');
    const text = label.textContent.replace(/\s+/g, ' ').trim();
    return number ? `${number.textContent} van ${item.dataset.points}: ${text.slice(number.textContent.length).trim()}` : text;
  }
  if (kind === 'check') return value === true ? words('yes') : String(value);
  if (kind === 'choice') {
    return (Array.isArray(value) ? value : [value]).map((option) => (option === 'anders'
      ? `${words('other')} ${own(values, `${name}:anders`) || ''}`.trim() : option)).join(', ');
  }
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return day.format(new Date(`${value}T12:00:00`));
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function pair(term, text) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  if (text === null) {
    dd.className = 'not-answered';
    dd.textContent = words('not-answered');
  } else {
    dd.textContent = text;
  }
  return [dt, dd];
}

function renderEntry(view, form, entry, info) {
  view.querySelector('[data-entry-title]').textContent = info.title;
  view.querySelector('[data-entry-state]').textContent = words(`state-${entry.state}`);
  view.querySelector('[data-entry-updated]').textContent = moment.format(new Date(entry.updated));
  const known = new Set();
  for (const item of form.querySelectorAll('[data-item]')) {
    known.add(item.dataset.item);
    if (item.querySelector(`[name="${item.dataset.item}:anders"]`)) known.add(`${item.dataset.item}:anders`);
  }
  const meta = form.querySelectorAll('[data-section="gegevens"] [data-item]');
  view.querySelector('[data-entry-meta]').replaceChildren(...[...meta].flatMap((item) => pair(question(item), answer(item, entry))));
  view.querySelector('[data-entry-sections]').replaceChildren(...[...form.querySelectorAll('.form-section')].map((section) => {
    const box = document.createElement('section');
    const heading = document.createElement('h3');
    heading.textContent = section.querySelector('h2').textContent;
    const list = document.createElement('dl');
    list.className = 'answers';
    list.append(...[...section.querySelectorAll('[data-item]')].flatMap((item) => pair(question(item), answer(item, entry))));
    box.append(heading, list);
    return box;
  }));
  const removed = ['meta', 'answers'].flatMap((group) => Object.entries(entry[group]).filter(([name]) => !known.has(name)));
  const removedBox = view.querySelector('[data-entry-removed]');
  removedBox.hidden = removed.length === 0;
  removedBox.querySelector('[data-removed-list]').replaceChildren(...removed.flatMap(([name, value]) =>
    pair(name.replace(/:anders$/, ' (anders)').replaceAll('-', ' '), Array.isArray(value) ? value.join(', ') : value === true ? words('yes') : String(value))));
}

export async function initReceived() {
  const root = document.querySelector('[data-received]');
  const forms = new Map(Object.entries(JSON.parse(document.getElementById('formulieren-gegevens').textContent)));
  const status = root.querySelector('[data-received-status]');
  const iosTab = root.querySelector('[data-ios-tab]');
  const codeForm = root.querySelector('[data-code-form]');
  const codeInput = root.querySelector('[data-code-input]');
  const pasteSection = root.querySelector('[data-paste-section]');
  const view = root.querySelector('[data-entry-view]');
  const saveButton = root.querySelector('[data-save]');
  const saveResult = root.querySelector('[data-save-result]');
  const say = (name, details) => status.replaceChildren(message(name, details));
  let pasteReady = null;
  const showPaste = () => {
    pasteSection.hidden = false;
    pasteReady ||= import('./paste.js').then((m) => m.initPaste(root.querySelector('[data-paste]')));
    return pasteReady;
  };
  // A link that cannot be shown: say why, and offer to paste a good one.
  const fail = (name, details) => {
    say(name, details);
    codeForm.hidden = true;
    iosTab.hidden = true;
    return showPaste();
  };
  let shown = null; // { entry, info } on screen
  let run = 0;      // a newer fragment (pasted on this page) makes older work moot

  root.querySelector('[data-copy-link]').addEventListener('click', async () => {
    const copyStatus = root.querySelector('[data-copy-status]');
    try {
      await navigator.clipboard.writeText(location.href);
      copyStatus.replaceChildren(message('copied'));
    } catch {
      copyStatus.replaceChildren(message('copy-failed'));
    }
  });

  const open = async (fragment, code, mine) => {
    const decoded = await decodeFragment(fragment, code);
    if (mine !== run) return;
    if (!decoded.ok && decoded.reason === 'wrong-code') {
      say('wrong-code');
      codeInput.select();
      return;
    }
    if (!decoded.ok) return fail(decoded.reason);
    const { entry } = decoded;
    const info = forms.get(entry.form);
    if (!info) return fail('unknown-form', { detail: entry.form });
    let form;
    try {
      form = await loadForm(info.href);
    } catch (error) {
      console.error(error);
      return fail('form-unavailable');
    }
    if (mine !== run) return;
    if (answerProblem(entry, rulesOf(form))) return fail('answers');
    renderEntry(view, form, entry, info);
    const results = view.querySelector('[data-results]');
    results.hidden = true;
    shown = { entry, info };
    codeForm.hidden = true;
    view.hidden = false;
    say('shown');
    const { scaleSections, showResults } = await import('./results.js');
    if (mine === run) showResults(results, scaleSections(form), entry);
  };

  const start = async () => {
    run += 1;
    const mine = run;
    shown = null;
    view.hidden = true;
    codeForm.hidden = true;
    pasteSection.hidden = true;
    saveResult.replaceChildren();
    const fragment = location.hash.slice(1);
    const parsed = parseFragment(fragment);
    iosTab.hidden = !(parsed.ok && isIOSBrowserTab());
    if (!parsed.ok) return fail(parsed.reason);
    if (parsed.encrypted) {
      say('code');
      codeInput.value = '';
      codeForm.hidden = false;
      return;
    }
    say('opening');
    await open(fragment, null, mine);
  };

  codeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = codeForm.querySelector('button');
    button.disabled = true;
    say('checking');
    try {
      await open(location.hash.slice(1), codeInput.value, run);
    } finally {
      button.disabled = false;
    }
  });

  saveButton.addEventListener('click', async () => {
    if (!shown) return;
    const { entry, info } = shown;
    try {
      const [outcome] = await putEntries([entry]);
      // 'foreign': this device has another form's entry under the same id; it stays as it is.
      saveResult.replaceChildren(outcome === 'foreign' ? message(outcome)
        : message(outcome, { href: `${info.href}?invulling=${entry.id}` }));
    } catch (error) {
      reportStorageError(error);
      saveResult.replaceChildren(message('storage'));
    }
  });

  window.addEventListener('hashchange', start);
  await start();
}
