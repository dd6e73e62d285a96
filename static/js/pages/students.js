// studenten/ ("Mijn studenten"): for a mentor, per student this device has entries or lesson visits about
// (lib/entry-filter.js), her visits with this device's entry for each form, her entries with the lesson date,
// and a row of requirement progress per requirement (counted per student, and only in the requirement's
// role). The requirements and forms stand in the page (students.html); this adds what the device holds.
import { requirementProgress } from '../lib/entries.js';
import { isPerson } from '../lib/people.js';
import { withOwnRole } from '../ui/requirements.js';
import { entryDate } from '../lib/entry-filter.js';
import { studentsOnDevice, visitForms } from '../lib/students.js';
import { listen, listEntries, loadProfile } from '../lib/storage.js';
import { listVisits } from '../lib/storage-visits.js';
import { reportStorageError } from '../ui/notices.js';
import { dayFormat, noon } from '../lib/formats.js';

const $ = (root, selector) => root.querySelector(selector);
const dayOf = (iso) => dayFormat.format(noon(iso.slice(0, 10)));

function element(name, text = '') {
  const node = document.createElement(name);
  node.textContent = text;
  return node;
}

function link(href, text) {
  const a = element('a', text);
  a.href = href;
  return a;
}

/** "les van do 12 maart 2026" or "laatst bewerkt di 3 maart 2026": which date it is, in words. */
function dateLine(entry, fills, text) {
  const date = entryDate(entry, fills);
  return date.kind === 'lesson' ? `${text.get('lesson')} ${dayOf(date.day)}` : `${text.get('edited')} ${dayFormat.format(new Date(date.at))}`;
}

function visitItem(visit, entries, info, text) {
  const li = element('li');
  li.dataset.visit = visit.id;
  li.append(element('strong', `${text.get('visit')} ${dayOf(visit.date)}${visit.time ? ', ' + visit.time : ''}`));
  const forms = element('ul');
  forms.replaceChildren(...visitForms(visit, entries).map(({ form, entry }) => {
    const item = element('li');
    const known = info.forms[form];
    const title = known ? known.title : form;
    item.dataset.visitForm = form;
    if (!known) item.textContent = title;
    else if (!entry) item.append(link(`${known.href}?lesbezoek=${encodeURIComponent(visit.id)}`, `${text.get('fill')}: ${title}`), ` (${text.get('not-started')})`);
    else {
      item.dataset.state = entry.state;
      item.append(link(`${known.href}?invulling=${encodeURIComponent(entry.id)}`, title), ` (${text.get(entry.state === 'afgerond' ? 'afgerond' : 'concept')})`);
      if (entry.state === 'afgerond') {
        item.append(' · ', link(`${known.href}?invulling=${encodeURIComponent(entry.id)}`, `${text.get('send-again')} ${visit.student.name}`));
      }
    }
    return item;
  }));
  li.append(forms);
  return li;
}

function entryItem(entry, info, text, profile) {
  const known = info.forms[entry.form];
  const li = element('li');
  li.className = 'entry';
  li.dataset.entry = entry.id;
  li.append(
    link(`${known.href}?invulling=${encodeURIComponent(entry.id)}`, known.title), ' ',
    Object.assign(element('span', text.get(entry.state === 'afgerond' ? 'afgerond' : 'concept')), { className: 'entry-state' }), ' ',
    Object.assign(element('span', dateLine(entry, known.fills, text)), { className: 'meta' }),
  );
  // someone else's entry (received, or put here from a backup): say whose
  if (entry.author?.name && !isPerson(entry.author, profile)) li.querySelector('.meta').append(` · ${text.get('by')} ${entry.author.name}`);
  return li;
}

/** The requirement lines (from the page) for this student's entries: ✓/✗ per form, or "n van m". */
function progressItems(requirements, entries, text) {
  return requirements.map((template) => {
    const item = template.cloneNode(true);
    const { forms, count, per, start, end, authorRole } = item.dataset;
    const requirement = { forms: forms.split(' '), count: Number(count), per, start, end, role: authorRole || null };
    const progress = requirementProgress(requirement, entries);
    const mark = (box, met) => {
      box.classList.toggle('is-met', met);
      $(box, '[data-symbol]').textContent = met ? '✓' : '✗';
      $(box, '[data-said]').textContent = `: ${text.get(met ? 'done' : 'missing')}`;
    };
    if (per === 'total') {
      const box = $(item, '[data-total]');
      $(box, '[data-done]').textContent = String(progress.done);
      mark(box, progress.met);
    } else {
      for (const box of item.querySelectorAll('[data-mark]')) mark(box, !progress.missing.includes(box.dataset.mark));
    }
    item.classList.toggle('is-met', progress.met);
    return item;
  });
}

export async function initStudents() {
  const main = document.querySelector('main');
  const section = $(main, '[data-students]');
  const info = JSON.parse(document.getElementById('studenten-gegevens').textContent);
  const text = new Map([...document.getElementById('studenten-meldingen').content.querySelectorAll('[data-msg]')]
    .map((span) => [span.dataset.msg, span.textContent]));
  const template = document.getElementById('student-sjabloon').content.firstElementChild;
  const allRequirements = [...document.getElementById('studenten-eisen').content.querySelectorAll('[data-requirement]')];
  const forms = Object.keys(info.forms);
  const fillsOf = (form) => info.forms[form]?.fills || {};

  const render = async () => {
    let profile;
    let entries;
    let visits;
    try {
      [profile, entries, visits] = await Promise.all([loadProfile(), listEntries(), listVisits()]);
    } catch (error) {
      reportStorageError(error);
      return;
    }
    const role = profile?.role || '';
    const learner = info.learners.includes(role);
    $(main, '[data-students-no-profile]').hidden = Boolean(role);
    $(main, '[data-students-learner]').hidden = !learner;
    main.dataset.studentsKnown = '';
    section.hidden = !role || learner;
    if (section.hidden) return;

    // The requirements of the profile's programme (of every programme when it names none this site has).
    const requirements = info.programmes.includes(profile.programme)
      ? allRequirements.filter((r) => r.dataset.programme === profile.programme) : allRequirements;
    const students = studentsOnDevice(withOwnRole(entries, profile), visits, { forms, fillsOf, profile });
    $(section, '[data-students-empty]').hidden = students.length > 0;
    $(section, '[data-students-count]').textContent = students.length
      ? `${students.length} ${text.get(students.length === 1 ? 'one' : 'many')}` : '';
    $(section, '[data-student-list]').replaceChildren(...students.map((student) => {
      const item = template.cloneNode(true);
      item.dataset.student = student.person.name;
      $(item, '[data-student-name]').textContent = student.person.name || '?';
      $(item, '[data-student-visits]').replaceChildren(...student.visits.map((visit) => visitItem(visit, entries, info, text)));
      $(item, '[data-student-visits-box]').hidden = !student.visits.length;
      // newest lesson (or, without one, newest edit) first
      const when = (e) => { const d = entryDate(e, fillsOf(e.form)); return d.day || String(d.at).slice(0, 10); };
      const theirs = [...student.entries].sort((a, b) => when(b).localeCompare(when(a)));
      $(item, '[data-student-entries]').replaceChildren(...theirs.map((entry) => entryItem(entry, info, text, profile)));
      $(item, '[data-student-entries-box]').hidden = !theirs.length;
      $(item, '[data-student-progress]').replaceChildren(...progressItems(requirements, student.entries, text));
      $(item, '[data-student-progress-box]').hidden = !requirements.length;
      return item;
    }));
  };
  await render();
  listen((message) => {
    if (['entry', 'visit', 'import'].includes(message.kind) || (message.kind === 'pref' && message.name === 'profile')) render();
  });
}
