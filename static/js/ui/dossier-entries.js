// The records of the groeidossier as blocks (pages/dossier.js loads this only when there are records): a visit
// with what came back for it; an entry with who filled it in, in which role, the lesson date, when completed and
// received, its visit, and all its answers as text (formulieren/<id>/vragen.json), folded on screen and printed
// in full with a line to sign under it.
import { answerText, dayText } from '../lib/answer-text.js';
import { loadQuestions } from '../lib/answer-rules.js';
import { lessonDay } from '../lib/dossier.js';
import { authorOf, personText } from '../lib/people.js';
import { momentFormat } from '../lib/formats.js';

const at = (iso) => momentFormat.format(new Date(iso));
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function facts(pairs) {
  return el('dl', { className: 'facts dossier-facts' }, ...pairs.filter(([, value]) => value)
    .flatMap(([term, value]) => [el('dt', { textContent: term }), el('dd', { textContent: value })]));
}

const visitDay = (visit) => `${dayText(visit.date)}${visit.time ? ', ' + visit.time : ''}`;

/**
 * A renderer for one dossier: ctx { info (the page's dossier-gegevens), text (its messages), profile, visits,
 * entries }. Returns { visit(v), entry(e), done (a Promise: every answer on the page) }.
 */
export function dossierBlocks({ info, text, profile, visits, entries }) {
  const words = { yes: text.get('yes'), other: text.get('other') };
  const roleName = (id) => (info.roles[id] || id || '').toLowerCase();
  const questions = new Map(); // form id → Promise of its questions
  const jobs = [];

  const answersInto = async (box, entry) => {
    try {
      if (!questions.has(entry.form)) questions.set(entry.form, loadQuestions({ href: info.forms[entry.form].questions }));
      const form = await questions.get(entry.form);
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

  const entry = (record) => {
    const form = info.forms[record.form];
    const fills = form.fills || {};
    const mine = !record.received;
    // Her own entries from before entries named their author's role were written in her role.
    let author = authorOf(record, fills) || (mine && profile ? { name: profile.name, role: profile.role } : null);
    if (author && !author.role && mine && profile) author = { ...author, role: profile.role };
    const lesson = lessonDay(record, fills);
    const visit = record.visit && visits.find((v) => v.id === record.visit);
    const answers = el('div', { className: 'dossier-answers is-folded', id: `antwoorden-${record.id}` });
    const toggle = el('button', { type: 'button', textContent: text.get('show') });
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', answers.id);
    toggle.addEventListener('click', () => {
      const open = !answers.classList.toggle('is-folded');
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = text.get(open ? 'hide' : 'show');
    });
    jobs.push(answersInto(answers, record));
    const article = el('article', { className: 'dossier-entry' },
      el('h5', {}, el('a', { href: `${form.href}?invulling=${record.id}`, textContent: form.title })),
      facts([
        [text.get('filled-by'), personText(author, roleName)],
        [text.get('lesson'), lesson && dayText(lesson)],
        [text.get('completed'), record.state === 'afgerond' && record.completed ? at(record.completed) : text.get('concept')],
        [text.get('received-at'), record.received && at(record.received)],
        [text.get('visit'), visit && visitDay(visit)],
      ]),
      el('p', { className: 'dossier-toggle' }, toggle),
      answers,
      el('p', { className: 'sign-line', textContent: text.get('sign') }),
    );
    article.dataset.dossierEntry = record.id;
    return article;
  };

  const visit = (record) => {
    const forms = record.forms.map((formId) => {
      const form = info.forms[formId];
      const answered = entries.filter((e) => e.visit === record.id && e.form === formId && e.received);
      const who = answered.map((e) => personText(authorOf(e, form?.fills || {}), roleName)).filter(Boolean).join(', ');
      return el('li', { textContent: `${form ? form.title : formId}: ${answered.length ? text.get('answered') + ' ' + who : text.get('waiting')}` });
    });
    const item = el('li', { className: 'dossier-visit' },
      el('h5', { textContent: `${text.get('visit-title')} ${visitDay(record)}` }),
      facts([
        [text.get('where'), [record.school, record.class, record.subject].filter(Boolean).join(' · ')],
        [text.get('observers'), record.observers.map((o) => roleName(o.role)).join(', ')],
        [text.get('focus'), record.focus],
      ]),
      el('ul', { className: 'visit-forms' }, ...forms),
    );
    item.dataset.dossierVisit = record.id;
    return item;
  };

  return { visit, entry, done: () => Promise.all(jobs) };
}
