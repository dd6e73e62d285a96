// ontvangen/: an entry shared as a link (share-link.js). The fragment holds it and never reaches a
// server. This page decodes it, asks for the code if it has one, checks the entry (entry-check.js) and that
// its form exists on this site, and shows it read-only with the form's questions (formulieren/<id>/
// vragen.json, which the build writes from the same content as the form page; fetched, and offline the
// service worker answers from its cache). "Bewaar op dit apparaat" stores it; an entry that is
// already here keeps its newer edit. Nothing is stored unless the user asks for it, except an answer to
// this device's invitation (#a1.…, visit-link.js): only this device can open it, and it is filed at once
// under its visit, read-only (storage.js receiveEntry). The results
// (means and radar, below all answers) load just after the entry shows, off the first visit's path.
import { loadQuestions, rulesOf } from '../lib/answer-rules.js';
import { answerProblem } from '../lib/entry-check.js';
import { answerText } from '../lib/answer-text.js';
import { reportStorageError } from '../ui/notices.js';
import { isIOSBrowserTab } from '../lib/platform.js';
import { decodeFragment, parseFragment } from '../lib/share-link.js';
import { putEntries } from '../lib/storage.js';
import { momentFormat } from '../lib/formats.js';


const visitStorage = () => import('../lib/storage-visits.js'); // only for an answer to this device

function message(name, { detail, href } = {}) {
  const copy = document.getElementById('ontvangen-meldingen').content.querySelector(`[data-msg="${name}"]`).cloneNode(true);
  if (detail !== undefined) copy.querySelector('[data-detail]').textContent = detail;
  if (href !== undefined) copy.querySelector('[data-open]').href = href;
  return copy;
}

const words = (name) => message(name).textContent;

const answer = (item, values) => answerText(item, values, { yes: words('yes'), other: words('other') });

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

function renderEntry(view, questions, entry, info) {
  view.querySelector('[data-entry-title]').textContent = info.title;
  view.querySelector('[data-entry-state]').textContent = words(`state-${entry.state}`);
  view.querySelector('[data-entry-updated]').textContent = momentFormat.format(new Date(entry.updated));
  const all = [...questions.meta, ...questions.sections.flatMap((section) => section.items)];
  const known = new Set(all.flatMap((item) => (item.other ? [item.id, `${item.id}:anders`] : [item.id])));
  view.querySelector('[data-entry-meta]').replaceChildren(...questions.meta.flatMap((item) => pair(item.text, answer(item, entry.meta))));
  view.querySelector('[data-entry-sections]').replaceChildren(...questions.sections.map((section) => {
    const box = document.createElement('section');
    const heading = document.createElement('h3');
    heading.textContent = section.title;
    const list = document.createElement('dl');
    list.className = 'answers';
    list.append(...section.items.flatMap((item) => pair(item.text, answer(item, entry.answers))));
    box.append(heading, list);
    return box;
  }));
  const removed = ['meta', 'answers'].flatMap((group) => Object.entries(entry[group]).filter(([name]) => !known.has(name)));
  const removedBox = view.querySelector('[data-entry-removed]');
  removedBox.hidden = removed.length === 0;
  removedBox.querySelector('[data-removed-list]').replaceChildren(...removed.flatMap(([name, value]) =>
    pair(name.replace(/:anders$/, ' (anders)').replaceAll('-', ' '), Array.isArray(value) ? value.join(', ') : value === true ? words('yes') : String(value))));
}

/** The sections with ratings, as results.js draws them: { id, title, items: [scale item ids], points }. */
function scaleSectionsOf(questions) {
  return questions.sections.map((section) => {
    const scales = section.items.filter((item) => item.kind === 'scale');
    return { id: section.id, title: section.title, items: scales.map((item) => item.id), points: scales.length ? scales[0].points : 0 };
  }).filter((section) => section.items.length);
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
    pasteReady ||= import('../ui/paste.js').then((m) => m.initPaste(root.querySelector('[data-paste]')));
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
    const answerLink = /^a\d/.test(fragment);
    const decoded = answerLink ? await openAnswerLink(fragment) : await decodeFragment(fragment, code);
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
    let questions;
    try {
      questions = await loadQuestions({ href: info.questions });
    } catch (error) {
      console.error(error);
      return fail('form-unavailable');
    }
    if (mine !== run) return;
    if (answerProblem(entry, rulesOf(questions))) return fail('answers');
    renderEntry(view, questions, entry, info);
    const results = view.querySelector('[data-results]');
    results.hidden = true;
    shown = { entry, info };
    codeForm.hidden = true;
    view.hidden = false;
    saveButton.hidden = answerLink;
    if (answerLink) await fileAnswer(entry, info, decoded.reply);
    else say('shown');
    const { showResults } = await import('../ui/results.js');
    if (mine === run) showResults(results, scaleSectionsOf(questions), entry);
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
    // An invitation (pasted or scanned here) is opened where invitations are read.
    if (/^u\d/.test(fragment) && root.dataset.visitsUrl) {
      const target = new URL(root.dataset.visitsUrl, location.href);
      target.hash = fragment;
      location.replace(target.href);
      return;
    }
    if (/^a\d/.test(fragment)) {
      say('opening');
      return open(fragment, null, mine);
    }
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

  // An answer to an invitation made on this device: opened with this device's private key.
  const openAnswerLink = async (fragment) => {
    const [{ openAnswer }, { deviceKey }] = await Promise.all([import('../lib/visit-link.js'), visitStorage()]);
    const key = await deviceKey().catch(() => undefined);
    if (!key) return { ok: false, reason: 'no-key' };
    return openAnswer(fragment, key.privateKey, key.publicKey);
  };
  // Stored at once, read-only, and filed under its visit on this device: on the student's device an observer's
  // answer (with the key to send her report back to), on an observer's device the student's report.
  const fileAnswer = async (entry, info, reply) => {
    try {
      const [{ receiveEntry, updateVisit }, { fileUnderVisit }] = await Promise.all([visitStorage(), import('../lib/visit-link.js')]);
      const outcome = await receiveEntry(entry);
      if (outcome !== 'foreign' && entry.visit) {
        await updateVisit(entry.visit, (visit) => visit && fileUnderVisit(visit, entry, reply, outcome !== 'kept'));
      }
      say(outcome === 'foreign' ? 'answer-foreign' : `answer-${outcome}`, outcome === 'foreign' ? {} : { href: `${info.href}?invulling=${entry.id}` });
    } catch (error) {
      reportStorageError(error);
      say('storage');
    }
  };

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
