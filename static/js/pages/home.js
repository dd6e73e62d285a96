// Start page: remember role and programme, then show what is due now for that role.
import { todayISO } from '../lib/dates.js';
import { showNow } from '../ui/now.js';
import { showRequirements } from '../ui/requirements.js';
import { listEntries, listen, loadPref, loadProfile, saveProfile } from '../lib/storage.js';
import { reportStorageError } from '../ui/notices.js';
import { keepOffline } from '../ui/sw-client.js';
import { longDayFormat, noon } from '../lib/formats.js';

export async function initHome() {
  const picker = document.querySelector('[data-picker]');
  const form = picker.querySelector('form');
  const now = document.querySelector('[data-now]');
  const html = document.documentElement;
  const label = picker.querySelector('[data-chosen-role]');
  const none = picker.querySelector('[data-chosen-role]').dataset.none;

  const render = () => {
    const role = form.elements.role.value;
    const programme = form.elements.programme.value;
    const chosen = form.querySelector(`input[name="role"][value="${CSS.escape(role)}"]`);
    label.textContent = chosen ? form.querySelector(`label[for="${chosen.id}"]`).textContent : none;
    if (role) html.dataset.role = role; else delete html.dataset.role;
    if (!role) return;
    showNow(now, role, programme, todayISO()).querySelector('[data-role-link]').href = chosen.dataset.href;
  };

  const apply = (role, programme) => {
    const known = [...form.querySelectorAll('select[name="programme"] option, input[name="programme"]')]
      .map((option) => option.value);
    if (known.includes(programme)) form.elements.programme.value = programme;
    const radio = role && form.querySelector(`input[name="role"][value="${CSS.escape(role)}"]`);
    if (radio) {
      radio.checked = true;
      picker.open = false;
    }
  };

  try {
    const [role, programme, profile] = await Promise.all([loadPref('role'), loadPref('programme'), loadProfile()]);
    apply(role, programme);
    if (profile) form.elements.name.value = profile.name;
  } catch (error) {
    reportStorageError(error);
  }
  render();
  await Promise.all([showRequirements(now).catch(reportStorageError), showVisits().catch(reportStorageError)]);

  // A tap on a role folds the picker away, so "Nu" comes up on the first screen. Arrow keys move
  // through the radios (click events with detail 0) and leave it open.
  form.addEventListener('click', (event) => {
    if (event.target.name === 'role' && event.detail > 0) picker.open = false;
  });
  // "Wie ben je?": name, role and programme are this device's profile (storage.js); the role's name is
  // kept with it for the forms, which write "naam (rol)" where a form asks who filled it in.
  form.addEventListener('change', async () => {
    render();
    const role = form.elements.role.value;
    // Her pages go offline with her choice (before the await: who waits for data-offline sees it pending).
    keepOffline({ role, programme: form.elements.programme.value });
    const chosen = role && form.querySelector(`input[name="role"][value="${CSS.escape(role)}"]`);
    try {
      await saveProfile({
        name: form.elements.name.value.trim(),
        role,
        roleName: chosen ? form.querySelector(`label[for="${chosen.id}"]`).textContent.replace(/\s*\(.*\)$/, '') : '',
        programme: form.elements.programme.value,
      });
      await showRequirements(now); // her own progress, or per student: it depends on the role
    } catch (error) {
      reportStorageError(error);
    }
  });
  // The role chosen in another tab shows here too.
  listen(async (message) => {
    if (message.kind !== 'pref' && message.kind !== 'import') return;
    apply(await loadPref('role'), await loadPref('programme'));
    const profile = await loadProfile();
    if (profile && document.activeElement !== form.elements.name) form.elements.name.value = profile.name;
    render();
  });
}


/** "Lesbezoeken": the next visit on this device, and the student's visits still waiting for an answer. */
async function showVisits() {
  const box = document.querySelector('[data-home-visits]');
  if (!box) return;
  const { listVisits } = await import('../lib/storage-visits.js');
  const [visits, entries] = await Promise.all([listVisits(), listEntries()]);
  if (!visits.length) return;
  const today = todayISO();
  const next = visits.filter((v) => v.date >= today).sort((a, b) => `${a.date}${a.time}`.localeCompare(`${b.date}${b.time}`))[0];
  const nextLine = box.querySelector('[data-next-visit]');
  if (next) {
    const link = nextLine.querySelector('a');
    link.textContent = `${longDayFormat.format(noon(next.date))}${next.time ? ', ' + next.time : ''}${next.own ? '' : ' bij ' + next.student.name}`;
    nextLine.hidden = false;
  }
  const answered = (visit, form) => entries.some((e) => e.visit === visit.id && e.form === form && e.received);
  const waiting = visits.filter((v) => v.own && v.forms.some((form) => !answered(v, form)));
  const waitingLine = box.querySelector('[data-waiting-visits]');
  waitingLine.textContent = waiting.length === 1 ? '1 lesbezoek wacht op een antwoord.' : `${waiting.length} lesbezoeken wachten op een antwoord.`;
  waitingLine.hidden = !waiting.length;
  box.hidden = false;
}
