// Progress against a programme's rules about forms (<li data-requirement>), from the entries on this
// device, per student (people.js): whoever the forms are about (data-about, e.g. the student) sees her own
// progress ("2 van 3 — Kijkwijzer didactiek ontbreekt nog"); whoever fills them in sees a line per student.
// A requirement with data-role counts only entries written in that role ("door de werkplekbegeleider").
import { requirementProgress } from '../lib/entries.js';
import { listEntries, loadProfile } from '../lib/storage.js';
import { missingText } from '../lib/words.js';

/** Entries without a role were written on this device before entries named one: by this device's person. */
export const withOwnRole = (entries, profile) => entries.map((entry) => (entry.received || entry.author?.role || !profile?.role
  ? entry : { ...entry, author: { ...(entry.author || { id: profile.id, name: profile.name }), role: profile.role } }));

function statusText(progress, per, title) {
  if (progress.met) return 'gedaan';
  if (per === 'total') return `nog ${progress.needed - progress.done} te gaan`;
  return missingText(progress.missing.map(title));
}

export async function showRequirements(root = document) {
  const items = [...root.querySelectorAll('[data-requirement]')];
  if (!items.length) return;
  const [stored, profile] = await Promise.all([listEntries(), loadProfile().catch(() => undefined)]);
  const entries = withOwnRole(stored, profile);
  // Who an entry is about matters only once there are entries (a first visit has none).
  const people = entries.length ? await import('../lib/people.js') : null;
  for (const item of items) {
    const { forms, count, per, start, end, authorRole: role } = item.dataset;
    const fills = JSON.parse(item.dataset.fills || '{}');
    const fillsOf = (form) => fills[form] || {};
    const requirement = { forms: forms.split(' '), count: Number(count), per, start, end, role: role || null };
    const title = (id) => item.querySelector(`[data-form-title="${CSS.escape(id)}"]`).textContent;
    const status = item.querySelector('[data-req-status]');
    const students = item.querySelector('[data-req-students]');
    const aboutRoles = (item.dataset.about || '').split(' ').filter(Boolean);
    // Forms about a person count per person; forms about nobody (a school scan) count for everyone.
    const personal = new Set((item.dataset.personal || '').split(' ').filter(Boolean));
    const shared = entries.filter((e) => !personal.has(e.form));
    const own = !personal.size || !profile?.role || aboutRoles.includes(profile.role);
    if (own) {
      // Her own progress: the entries about her (received, or her own), or on a device without a
      // profile, every entry (as before people were in the record).
      const mine = profile && people && personal.size
        ? [...shared, ...entries.filter((e) => personal.has(e.form)
          && (people.isPerson(people.aboutOf(e, fillsOf(e.form)), profile) || e.received))] : entries;
      const progress = requirementProgress(requirement, mine);
      item.querySelector('[data-done]').textContent = String(progress.done);
      status.textContent = `— ${statusText(progress, per, title)}`;
      item.classList.toggle('is-met', progress.met);
      students.hidden = true;
      continue;
    }
    // A mentor: one line per student this device has entries about.
    const groups = (people ? people.groupByPerson(entries.filter((e) => personal.has(e.form)), fillsOf) : [])
      .map((group) => ({ ...group, entries: [...group.entries, ...shared] }));
    item.querySelector('.req-count').hidden = true;
    status.textContent = groups.length ? `— per student:` : '— nog geen invullingen op dit apparaat';
    students.replaceChildren(...groups.map(({ person, entries: theirs }) => {
      const progress = requirementProgress(requirement, theirs);
      const li = document.createElement('li');
      li.dataset.student = person.name;
      li.classList.toggle('is-met', progress.met);
      li.textContent = `${person.name}: ${progress.done} van ${progress.needed} — ${statusText(progress, per, title)}`;
      return li;
    }));
    students.hidden = !groups.length;
    item.classList.toggle('is-met', groups.length > 0 && groups.every(({ entries: theirs }) => requirementProgress(requirement, theirs).met));
  }
}
