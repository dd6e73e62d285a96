// The people on a form page (issue 16): what a new entry starts with (the profile wrote it; whom it is
// about and the lesson's details from a visit), a received entry shown read-only with who sent it, and
// the visit an entry belongs to. form.js loads this only when there is a profile, a visit or an entry.
import { own } from '../lib/instants.js';
import { withPeople } from '../lib/people.js';
import { longDayFormat, momentFormat, noon } from '../lib/formats.js';

export { withPeople };


/** The metadata items the app fills in itself ({ about: item id, author: …, date: … }, from data-fills). */
export function fillsOf(form) {
  return Object.fromEntries([...form.querySelectorAll('[data-fills]')].map((item) => [item.dataset.fills, item.dataset.item]));
}

/**
 * What a new entry starts with, so nobody retypes it: the people (this device's profile wrote it; whom it is
 * about from the visit, or the profile when the form is about the profile's own role) and, for a visit,
 * its date, time, school, class, subject and focus. Returns { people, changes }.
 */
export function startingPoint(form, fills, profile, visit) {
  const aboutSelf = profile && profile.role && form.dataset.about === profile.role;
  const about = visit ? { id: visit.student.id, name: visit.student.name }
    : aboutSelf && profile.name ? { id: profile.id, name: profile.name } : null;
  const author = profile ? { id: profile.id, name: profile.name || '', role: profile.role || null } : null;
  const values = {
    about: about?.name,
    author: profile?.name ? (profile.roleName ? `${profile.name}, ${profile.roleName.toLowerCase()}` : profile.name) : '',
    ...(visit ? { date: visit.date, time: visit.time, school: visit.school, class: visit.class, subject: visit.subject, focus: visit.focus } : {}),
  };
  const changes = Object.entries(fills).filter(([what]) => values[what]).map(([what, name]) => ({ group: 'meta', name, value: values[what] }));
  return { people: { about, author, visit: visit ? visit.id : null }, changes };
}

/** "Schrijf je reflectie" beside a received entry: a new entry of the programme's reflection form, for the same
 * lesson visit (?lesbezoek=), so it is filed under it and starts from what the visit knows. */
function showReflection(form, entry) {
  const links = [...form.querySelectorAll('[data-reflection]')];
  if (!links.length) return;
  const programme = document.documentElement.dataset.programme;
  const chosen = links.find((p) => p.dataset.reflection === programme) || links[0];
  const link = chosen.querySelector('a');
  const href = new URL(link.getAttribute('href'), location.href);
  if (entry.visit) href.searchParams.set('lesbezoek', entry.visit);
  link.href = href.href;
  chosen.hidden = false;
}

/** A received entry: read-only here, with who sent it and when. */
export function showReceived(form, entry) {
  const note = form.querySelector('[data-received]');
  const received = Boolean(entry && entry.received);
  for (const control of form.elements) if (control.name) control.disabled = received;
  if (!note) return;
  note.hidden = !received;
  if (!received) return;
  const author = entry.author || {};
  note.querySelector('[data-received-from]').textContent = author.name || 'iemand anders';
  note.querySelector('[data-received-at]').textContent = momentFormat.format(new Date(entry.received));
  showReflection(form, entry);
  const replaced = note.querySelector('[data-received-replaced]');
  replaced.hidden = !entry.replaced;
  if (entry.replaced) note.querySelector('[data-received-replaced-at]').textContent = momentFormat.format(new Date(entry.updated));
}

/** "Bij het lesbezoek van Anna de Vries op donderdag 12 maart 2026." */
export function showVisit(form, visit) {
  const note = form.querySelector('[data-visit-note]');
  if (!note) return;
  note.querySelector('[data-visit-student]').textContent = visit.student.name;
  note.querySelector('[data-visit-date]').textContent = longDayFormat.format(noon(visit.date));
  note.hidden = false;
}

/**
 * The entry after a write, with its people: old entries get theirs from the metadata; whom it is about
 * follows the name typed in that field; who wrote it stays who made it here, in the profile's role.
 */
export function withPeopleAfter(base, next, changes, fills, profile) {
  const record = withPeople(next, fills);
  if (fills.about && changes.some(({ name }) => name === fills.about)) {
    const name = own(record.meta, fills.about) || '';
    record.about = name ? { id: base.about?.name === name ? base.about.id : record.about?.id ?? null, name } : null;
  }
  if (record.author && !record.author.role && profile?.role) record.author = { ...record.author, role: profile.role };
  return record;
}

/** An entry of a lesson visit: on the observer's device "Stuur je antwoord naar …" (to the key in the
 * invitation; no plain link, which would bypass the seal); on the student's device, her own record of her
 * visit (a report, a reflection) gets "Stuur je verslag naar …" for each observer whose answer brought a key. */
export async function offerAnswer(entry, visit, latest, onWrite) {
  const box = document.querySelector('[data-answer]');
  const id = entry?.visit || visit?.id;
  const record = visit?.id === id ? visit
    : await import('../lib/storage-visits.js').then((m) => m.getVisit(id)).catch(() => undefined);
  if (!box || !record || entry?.received) return;
  const recipients = record.own ? (record.contacts || []).filter((c) => c.key)
    : record.key ? [{ name: record.student.name, key: record.key }] : [];
  if (!recipients.length) return;
  const { initAnswer } = await import('./answer.js');
  initAnswer(box, { recipients, kind: record.own ? 'report' : 'answer' }, latest, onWrite);
  if (!record.own) document.querySelector('[data-share]')?.setAttribute('hidden', '');
}
