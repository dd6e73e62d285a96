// groeidossier/: this device's person's records per period of her programme (lib/dossier.js says which and
// where): her lesson visits, what she received, her own reports and reflections, each with who filled it in,
// in which role and when, and the answers as text (formulieren/<id>/vragen.json, folded on screen, all on
// paper); her requirement progress (ui/requirements.js). The evidence lives on her phone, so the page says when
// she last made a copy and offers one after a few new records: a printout ("opslaan als pdf") and a file in the
// backup format (lib/backup.js, loaded on use) that Mijn gegevens reads back on any device.
import { answerText, dayText } from '../lib/answer-text.js';
import { loadQuestions } from '../lib/answer-rules.js';
import { COPY_PREF, copyDue, dossierByPeriod, dossierFileName, dossierRecords, lessonDay, newSinceCopy } from '../lib/dossier.js';
import { authorOf, personText } from '../lib/people.js';
import { listEntries, listen, listVisits, loadPref, loadProfile, savePref, siteScope } from '../lib/storage.js';
import { reportStorageError } from '../ui/notices.js';
import { showRequirements } from '../ui/requirements.js';

const instantText = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const at = (iso) => instantText.format(new Date(iso));

const $ = (root, selector) => root.querySelector(selector);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function facts(pairs) {
  return el('dl', { className: 'facts dossier-facts' }, ...pairs.filter(([, value]) => value)
    .flatMap(([term, value]) => [el('dt', { textContent: term }), el('dd', { textContent: value })]));
}

export async function initDossier() {
  const info = JSON.parse(document.getElementById('dossier-gegevens').textContent);
  const text = new Map([...document.getElementById('dossier-meldingen').content.querySelectorAll('[data-msg]')]
    .map((span) => [span.dataset.msg, span.textContent]));
  const words = { yes: text.get('yes'), other: text.get('other') };
  const roleName = (id) => (info.roles[id] || id || '').toLowerCase();
  const questions = new Map(); // form id → Promise of its questions
  const questionsOf = (formId) => {
    if (!questions.has(formId)) questions.set(formId, loadQuestions({ href: info.forms[formId].questions }));
    return questions.get(formId);
  };
  let profile;
  let current = null; // { programme section, records } on screen
  let rendering = Promise.resolve();

  const answersBox = async (box, entry) => {
    try {
      const form = await questionsOf(entry.form);
      const pairs = (items, values) => items.flatMap((item) => {
        const value = answerText(item, values, words);
        return [el('dt', { textContent: item.text }),
          el('dd', value === null ? { className: 'not-answered', textContent: text.get('not-answered') } : { textContent: value })];
      });
      box.replaceChildren(
        el('dl', { className: 'answers' }, ...pairs(form.meta, entry.meta)),
        ...form.sections.map((section) => el('section', {},
          el('h6', { textContent: section.title }), el('dl', { className: 'answers' }, ...pairs(section.items, entry.answers)))),
      );
    } catch (error) {
      console.error(error);
      box.replaceChildren(el('p', { className: 'meta', textContent: text.get('unavailable') }));
    }
  };

  const entryBlock = (entry, visits, jobs) => {
    const form = info.forms[entry.form];
    const fills = form.fills || {};
    const mine = !entry.received;
    const author = authorOf(entry, fills) || (mine && profile ? { name: profile.name, role: profile.role } : null);
    const withRole = author && !author.role && mine && profile ? { ...author, role: profile.role } : author;
    const lesson = lessonDay(entry, fills);
    const visit = entry.visit && visits.find((v) => v.id === entry.visit);
    const answers = el('div', { className: 'dossier-answers is-folded', id: `antwoorden-${entry.id}` });
    const toggle = el('button', { type: 'button', textContent: text.get('show') });
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', answers.id);
    toggle.addEventListener('click', () => {
      const open = answers.classList.toggle('is-folded') === false;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = text.get(open ? 'hide' : 'show');
    });
    jobs.push(answersBox(answers, entry));
    const article = el('article', { className: 'dossier-entry' },
      el('h5', {}, el('a', { href: `${form.href}?invulling=${entry.id}`, textContent: form.title })),
      facts([
        [text.get('filled-by'), personText(withRole, roleName)],
        [text.get('lesson'), lesson && dayText(lesson)],
        [text.get('completed'), entry.state === 'afgerond' && entry.completed ? at(entry.completed) : text.get('concept')],
        [text.get('received-at'), entry.received && at(entry.received)],
        [text.get('visit'), visit && `${dayText(visit.date)}${visit.time ? `, ${visit.time}` : ''}`],
      ]),
      el('p', { className: 'dossier-toggle' }, toggle),
      answers,
      el('p', { className: 'sign-line', textContent: text.get('sign') }),
    );
    article.dataset.dossierEntry = entry.id;
    return article;
  };

  const visitBlock = (visit, entries) => {
    const forms = visit.forms.map((formId) => {
      const form = info.forms[formId];
      const answered = entries.filter((e) => e.visit === visit.id && e.form === formId && e.received);
      const who = answered.map((e) => personText(authorOf(e, form?.fills || {}), roleName)).filter(Boolean).join(', ');
      return el('li', { textContent: `${form ? form.title : formId}: ${answered.length ? `ontvangen van ${who || 'een begeleider'}` : text.get('waiting')}` });
    });
    const item = el('li', { className: 'dossier-visit' },
      el('h5', { textContent: `Lesbezoek ${dayText(visit.date)}${visit.time ? `, ${visit.time}` : ''}` }),
      facts([
        [text.get('where'), [visit.school, visit.class, visit.subject].filter(Boolean).join(' · ')],
        [text.get('observers'), visit.observers.map((o) => roleName(o.role)).join(', ')],
        [text.get('focus'), visit.focus],
      ]),
      el('ul', { className: 'visit-forms' }, ...forms),
    );
    item.dataset.dossierVisit = visit.id;
    return item;
  };

  const show = async () => {
    const [entries, visits, copied] = await Promise.all([listEntries(), listVisits(), loadPref(COPY_PREF)]);
    profile = await loadProfile();
    const role = profile?.role || '';
    $(document, '[data-profile-missing]').hidden = Boolean(profile && profile.name && role);
    const forRole = info.for_roles.includes(role);
    $(document, '[data-other-role]').hidden = !role || forRole;
    const sections = [...document.querySelectorAll('[data-dossier-programme]')];
    const section = sections.find((s) => s.dataset.dossierProgramme === profile?.programme) || sections[0];
    for (const s of sections) s.hidden = s !== section || (Boolean(role) && !forRole);
    if (!section) return;
    const programme = info.programmes[section.dataset.dossierProgramme];
    const records = dossierRecords({ entries, visits }, info.forms, role);
    const groups = dossierByPeriod({ entries, visits }, info.forms, role, programme.periods);
    const name = $(document, '[data-dossier-name]');
    name.textContent = profile?.name ? ` van ${profile.name}` : '';
    name.hidden = !profile?.name;
    const jobs = [];
    for (const group of groups) {
      const box = section.querySelector(`[data-dossier-period="${CSS.escape(group.period ? group.period.id : '')}"]`);
      box.hidden = false;
      const parts = [];
      if (group.visits.length) {
        parts.push(el('h4', { textContent: text.get('visits') }),
          el('ol', { className: 'dossier-visits' }, ...group.visits.map((v) => visitBlock(v, entries))));
      }
      for (const list of ['received', 'own']) {
        if (group[list].length) parts.push(el('h4', { textContent: text.get(list) }), ...group[list].map((e) => entryBlock(e, visits, jobs)));
      }
      $(box, '[data-period-body]').replaceChildren(...(parts.length ? parts : [el('p', { className: 'meta', textContent: text.get('empty') })]));
    }
    current = { section, records };
    showCopy(records, copied);
    await Promise.all([...jobs, showRequirements(section)]);
  };

  const copyBox = $(document, '[data-dossier-copy]');
  const showCopy = (records, copied) => {
    $(copyBox, '[data-copy-last]').textContent = copied ? at(copied) : text.get('never');
    const fresh = newSinceCopy(records, copied || null);
    $(copyBox, '[data-copy-new]').textContent = `${fresh} ${text.get(fresh === 1 ? 'record' : 'records')}`;
    $(copyBox, '[data-copy-offer]').hidden = !copyDue(records, copied || null);
  };

  const refresh = () => {
    rendering = rendering.then(show).catch(reportStorageError);
    return rendering;
  };

  $(copyBox, '[data-dossier-print]').addEventListener('click', async () => {
    await rendering; // every answer is on the page (folded on screen, printed in full)
    window.print();
  });
  $(copyBox, '[data-dossier-export]').addEventListener('click', async () => {
    await rendering;
    const [{ makeBackup }, { download }] = await Promise.all([import('../lib/backup.js'), import('../ui/download.js')]);
    const records = current ? current.records : { visits: [], received: [], own: [] };
    const prefs = { role: profile?.role || '', programme: profile?.programme || '' };
    const file = makeBackup({ ticks: {}, prefs, entries: [...records.received, ...records.own], visits: records.visits, profile }, siteScope());
    download(dossierFileName(profile?.name), JSON.stringify(file, null, 2), 'application/json');
    try {
      await savePref(COPY_PREF, file.exported);
    } catch (error) {
      reportStorageError(error);
    }
    await refresh();
  });

  listen((message) => { if (['entry', 'visit', 'import', 'pref'].includes(message.kind)) refresh(); });
  await refresh();
}
