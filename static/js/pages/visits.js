// lesbezoek/: the student plans a lesson visit and invites an observer; the observer opens the invitation
// (#u1.… in this page's address) and fills in the forms it names, prefilled; the answers come back to the
// student's device only (docs/lesbezoek.md). Visits and invitations are records in storage.js.
import { copyLink } from '../ui/copy.js';
import { download, fileName } from '../ui/download.js';
import { reportStorageError } from '../ui/notices.js';
import { personText } from '../lib/people.js';
import { visitCalendar } from '../lib/visit-ics.js';
import { listEntries, listen, loadProfile } from '../lib/storage.js';
import { deleteVisit, deviceKey, listVisits, updateVisit } from '../lib/storage-visits.js';
import { dayFormat, momentFormat, noon } from '../lib/formats.js';


const $ = (root, selector) => root.querySelector(selector);
const info = () => JSON.parse(document.getElementById('lesbezoek-gegevens').textContent);
const messages = () => new Map([...document.getElementById('lesbezoek-meldingen').content.querySelectorAll('[data-msg]')]
  .map((span) => [span.dataset.msg, span.textContent]));

const dayOf = (visit) => dayFormat.format(noon(visit.date));
/** "Lesbezoek di 12 maart 2026, 09:15" */
export const visitTitle = (visit) => `Lesbezoek ${dayOf(visit)}${visit.time ? ', ' + visit.time : ''}`;

function details(visit, settings) {
  const roleName = (id) => settings.roles[id]?.name || id;
  return [
    ['Student', visit.student.name],
    ['Wanneer', `${dayOf(visit)}${visit.time ? ', ' + visit.time : ''}`],
    ['School', visit.school],
    ['Klas of groep', visit.class],
    ['Vak', visit.subject],
    ['Wie kijkt', visit.observers.map((o) => roleName(o.role).toLowerCase()).join(', ')],
    ['Leervraag of kijkpunt', visit.focus],
  ].filter(([, value]) => value);
}

function fillList(list, pairs) {
  list.replaceChildren(...pairs.flatMap(([term, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
}

function calendarFile(visit, settings) {
  const forms = visit.forms.map((id) => settings.forms[id]?.title || id);
  const text = visitCalendar(visit, {
    title: `Lesbezoek bij ${visit.student.name}`,
    lines: details(visit, settings).map(([term, value]) => `${term}: ${value}`).concat(forms.length ? [`Formulieren: ${forms.join(', ')}`] : []),
  });
  download(fileName('lesbezoek', visit.student.name, visit.date) + '.ics', text, 'text/calendar;charset=utf-8');
}

/** The invitation link for one of the student's own visits. */
async function invitationLink(visit) {
  const { encodeInvitation } = await import('../lib/visit-link.js');
  const fragment = await encodeInvitation({
    visit: {
      id: visit.id, programme: visit.programme, date: visit.date, time: visit.time, school: visit.school,
      class: visit.class, subject: visit.subject, focus: visit.focus, forms: visit.forms,
      observers: visit.observers, meeting: visit.meeting,
    },
    student: visit.student,
    key: visit.key,
  });
  const url = new URL(location.href);
  url.hash = fragment;
  return url.href;
}

function showInvite(item, visit, text) {
  const box = $(item, '[data-visit-share]');
  const status = $(item, '[data-visit-share-status]');
  const linkField = $(item, '[data-visit-link]');
  const send = $(item, '[data-visit-send]');
  let link = null;
  $(item, '[data-visit-invite]').addEventListener('click', async () => {
    link = await invitationLink(visit);
    linkField.value = link;
    box.hidden = false;
    status.textContent = text.get('invite-made');
    send.hidden = typeof navigator.share !== 'function';
  });
  send.addEventListener('click', () => navigator.share({ title: visitTitle(visit), url: link }).catch(() => {}));
  $(item, '[data-visit-copy]').addEventListener('click', async () => {
    status.textContent = text.get(await copyLink(link, linkField));
  });
  $(item, '[data-visit-qr]').addEventListener('click', async () => {
    const { drawQr } = await import('../lib/qr.js');
    const qrBox = $(item, '[data-visit-qr-box]');
    qrBox.hidden = !drawQr($(item, '[data-visit-qr-image]'), link);
    qrBox.scrollIntoView({ block: 'nearest' });
  });
}

/** "<title>: ontvangen van <who> (<when>), …": a link to each received entry, read-only on its form page. */
function receivedLinks(li, title, received, form, settings, text) {
  li.append(`${title}: `);
  received.forEach((entry, i) => {
    const link = document.createElement('a');
    link.href = `${form.href}?invulling=${entry.id}`;
    link.textContent = `${text.get('answered')} ${personText(entry.author, (r) => (settings.roles[r]?.name || r).toLowerCase())}`;
    li.append(...(i ? [', '] : []), link, ` (${momentFormat.format(new Date(entry.received))})`);
  });
}

/** Per form of the visit: what this device has for it. The student sees answers received; an observer
 * gets a link to fill the form in, prefilled, or to go on with it. */
function formLines(visit, entries, settings, text) {
  return visit.forms.map((formId) => {
    const form = settings.forms[formId];
    const li = document.createElement('li');
    const title = form ? form.title : formId;
    const mine = entries.filter((e) => e.visit === visit.id && e.form === formId);
    if (visit.own) {
      const answers = mine.filter((e) => e.received);
      if (!answers.length) {
        li.textContent = `${title}: ${text.get('waiting')}`;
        return li;
      }
      receivedLinks(li, title, answers, form, settings, text);
      li.dataset.answered = '';
      return li;
    }
    const started = mine.find((e) => !e.received);
    const link = document.createElement('a');
    link.href = started ? `${form.href}?invulling=${started.id}&lesbezoek=${visit.id}` : `${form.href}?lesbezoek=${visit.id}`;
    link.textContent = `${started ? text.get('continue') : text.get('fill')}: ${title}`;
    li.append(link);
    if (started && started.state === 'afgerond') li.append(' (afgerond)');
    return li;
  });
}

/** The reports (gespreksverslagen) that belong to a visit: on the student's device to write or open, on an
 * observer's device the ones she sent, to open. */
function reportLines(visit, entries, settings, text) {
  const reports = settings.programmes[visit.programme]?.reports || [];
  return reports.flatMap(({ id, title }) => {
    const form = settings.forms[id];
    const ofVisit = entries.filter((e) => e.visit === visit.id && e.form === id);
    const li = document.createElement('li');
    const link = document.createElement('a');
    if (!visit.own) {
      const sent = ofVisit.filter((e) => e.received);
      if (!sent.length) return [];
      receivedLinks(li, title, sent, form, settings, text);
      li.dataset.report = '';
      return [li];
    }
    const written = ofVisit.find((e) => !e.received);
    link.href = written ? `${form.href}?invulling=${written.id}` : `${form.href}?lesbezoek=${visit.id}`;
    link.textContent = written ? `${title} (${written.state})` : `Schrijf: ${title}`;
    li.append(link);
    return [li];
  });
}

async function showVisits(root, settings, text) {
  const section = $(root, '[data-visits]');
  const [visits, entries] = await Promise.all([listVisits(), listEntries()]);
  visits.sort((a, b) => `${b.date}${b.time}`.localeCompare(`${a.date}${a.time}`));
  section.hidden = false;
  $(section, '[data-visits-empty]').hidden = visits.length > 0;
  const template = document.getElementById('lesbezoek-sjabloon');
  $(section, '[data-visit-list]').replaceChildren(...visits.map((visit) => {
    const item = template.content.firstElementChild.cloneNode(true);
    item.dataset.visit = visit.id;
    $(item, '[data-visit-title]').textContent = visit.own ? visitTitle(visit) : `${visitTitle(visit)} bij ${visit.student.name}`;
    $(item, '[data-visit-where]').textContent = details(visit, settings)
      .filter(([term]) => ['School', 'Klas of groep', 'Vak', 'Wie kijkt'].includes(term)).map(([, v]) => v).join(' · ');
    if (visit.focus) {
      $(item, '[data-visit-focus]').textContent = `Leervraag of kijkpunt: ${visit.focus}`;
      $(item, '[data-visit-focus]').hidden = false;
    }
    $(item, '[data-visit-forms]').replaceChildren(...formLines(visit, entries, settings, text), ...reportLines(visit, entries, settings, text));
    $(item, '[data-visit-invite]').hidden = !visit.own;
    if (visit.own) showInvite(item, visit, text);
    $(item, '[data-visit-ics]').addEventListener('click', () => calendarFile(visit, settings));
    $(item, '[data-visit-delete]').addEventListener('click', async () => {
      await deleteVisit(visit.id);
      item.remove();
      $(section, '[data-visits-empty]').hidden = Boolean($(section, '[data-visit]'));
    });
    return item;
  }));
}

function planner(root, settings, profile, text, refresh) {
  const section = profile && root.querySelector(`[data-planner="${CSS.escape(profile.programme || '')}"]`);
  if (!section || section.dataset.plannedBy !== profile.role) return;
  section.hidden = false;
  const form = $(section, '[data-visit-form]');
  const missing = $(section, '[data-visit-missing]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = (name) => [...form.elements].filter((el) => el.name === name && el.checked).map((el) => el.value);
    const gaps = [
      !form.elements.date.value && 'missing-date',
      !values('observers').length && 'missing-observers',
      !values('forms').length && 'missing-forms',
    ].filter(Boolean);
    missing.hidden = !gaps.length;
    missing.textContent = gaps.map((gap) => text.get(gap)).join(' ');
    if (gaps.length) return;
    try {
      const { makeDeviceKey } = await import('../lib/visit-link.js');
      const key = await deviceKey(makeDeviceKey);
      const at = new Date().toISOString();
      const id = crypto.randomUUID();
      await updateVisit(id, () => ({
        id, created: at, updated: at, programme: profile.programme,
        student: { id: profile.id, name: profile.name }, key: key.publicKey,
        date: form.elements.date.value, time: form.elements.time.value, school: form.elements.school.value.trim(),
        class: form.elements.class.value.trim(), subject: form.elements.subject.value.trim(),
        focus: form.elements.focus.value.trim(), observers: values('observers').map((role) => ({ role, name: '' })),
        forms: values('forms'), meeting: Boolean(form.elements.meeting?.checked), answers: [], reports: [],
        own: true, invited: null,
      }));
      form.reset();
      await refresh();
      root.querySelector(`[data-visit="${CSS.escape(id)}"] [data-visit-invite]`)?.click();
    } catch (error) {
      reportStorageError(error);
    }
  });
}

/** An invitation in the address (#u1.…): check it, keep it on this device, show who, when and what. */
async function openInvitation(root, settings, profile, text) {
  const section = $(root, '[data-invitation]');
  const status = $(section, '[data-invitation-status]');
  section.hidden = false;
  status.textContent = text.get('opening');
  const { decodeInvitation } = await import('../lib/visit-link.js');
  const result = await decodeInvitation(location.hash.slice(1));
  if (!result.ok) {
    status.textContent = text.get(result.reason) || text.get('damaged');
    return null;
  }
  const { visit, student, key } = result.invitation;
  if (visit.forms.some((id) => !settings.forms[id])) {
    status.textContent = text.get('unknown-form');
    return null;
  }
  const record = {
    ...visit, student, key, answers: [], reports: [],
  };
  const own = profile && student.id === profile.id;
  const stored = await updateVisit(visit.id, (current) => {
    if (current && current.own) return current; // the student's own visit: hers stays as it is
    const at = new Date().toISOString();
    return { ...record, ...(current ? { answers: current.answers, reports: current.reports } : {}),
      created: current?.created || at, updated: at, own: false, invited: current?.invited || at };
  });
  status.textContent = own ? text.get('own') : text.get('opened');
  const view = $(section, '[data-invitation-view]');
  fillList($(view, '[data-invitation-details]'), details(stored, settings));
  const entries = await listEntries();
  $(view, '[data-invitation-forms]').replaceChildren(...formLines({ ...stored, own: false }, entries, settings, text));
  $(view, '[data-invitation-ics]').addEventListener('click', () => calendarFile(stored, settings));
  view.hidden = Boolean(own);
  return stored;
}

/** "Scan de codes": the answer (a series of QR codes on the observer's screen) opens on ontvangen/. */
function scanning(root, settings) {
  const button = $(root, '[data-scan-open]');
  button.addEventListener('click', async () => {
    button.hidden = true;
    const [{ openScanner }, { findFragment }] = await Promise.all([import(/* visit planner */ '../ui/scanner.js'), import('../lib/share-link.js')]);
    openScanner($(root, '[data-scanner]'), {
      onText: (text) => {
        const fragment = findFragment(text);
        const target = new URL(settings.received, location.href);
        target.hash = fragment || 'onbekend';
        location.assign(target.href);
      },
    });
  });
}

export async function initVisits() {
  const root = document.querySelector('main');
  const settings = info();
  const text = messages();
  let profile;
  try {
    profile = await loadProfile();
  } catch (error) {
    reportStorageError(error);
  }
  const missing = $(root, '[data-profile-missing]');
  missing.hidden = Boolean(profile && profile.name && profile.role);
  if (!missing.hidden) missing.style.display = 'block'; // a role without a name: still ask
  const refresh = () => showVisits(root, settings, text).catch(reportStorageError);
  if (location.hash.length > 1) await openInvitation(root, settings, profile, text).catch(reportStorageError);
  planner(root, settings, profile, text, refresh);
  scanning(root, settings);
  await refresh();
  listen((message) => { if (['visit', 'entry', 'import'].includes(message.kind)) refresh(); });
  window.addEventListener('hashchange', () => openInvitation(root, settings, profile, text).then(refresh).catch(reportStorageError));
}

