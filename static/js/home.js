// Start page: remember role and programme, then show what is due now for that role.
import { daysBetween, periodState, todayISO } from './dates.js';
import { fillRelativeDays } from './relative.js';
import { listen, loadPref, savePref } from './storage.js';
import { reportStorageError } from './notices.js';

const relative = new Intl.RelativeTimeFormat('nl', { numeric: 'auto' });

function periodsOf(block) {
  return [...block.querySelectorAll('[data-period]')].map((el) => ({
    id: el.dataset.period, start: el.dataset.start, deadline: el.dataset.deadline, el,
  }));
}

function showNow(block, role, today) {
  const periods = periodsOf(block);
  const { state, current, previous, next } = periodState(periods, today);
  for (const note of block.querySelectorAll('[data-state]')) {
    note.hidden = note.dataset.state !== state
      || (state === 'between' && note.dataset.after !== previous.id);
  }
  const shown = state === 'current' ? current : (state === 'after' ? null : next);
  for (const period of periods) {
    period.el.hidden = period !== shown;
  }
  if (!shown) return;
  let hasTasks = false;
  for (const part of shown.el.querySelectorAll('[data-role]')) {
    part.hidden = part.dataset.role !== role;
    hasTasks ||= !part.hidden;
  }
  shown.el.querySelector('[data-role-empty]').hidden = hasTasks;
  const days = shown.el.querySelector('[data-days-left]');
  days.textContent = relative.format(daysBetween(today, shown.deadline), 'day');
  days.parentElement.hidden = false;
}

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
    const today = todayISO();
    for (const block of now.querySelectorAll('[data-programme]')) {
      block.hidden = block.dataset.programme !== programme;
      if (!block.hidden) {
        showNow(block, role, today);
        block.querySelector('[data-role-link]').href = chosen.dataset.href;
      }
    }
    fillRelativeDays(now, today);
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
    const [role, programme] = await Promise.all([loadPref('role'), loadPref('programme')]);
    apply(role, programme);
  } catch (error) {
    reportStorageError(error);
  }
  render();

  // A tap on a role folds the picker away, so "Nu" comes up on the first screen. Arrow keys move
  // through the radios (click events with detail 0) and leave it open.
  form.addEventListener('click', (event) => {
    if (event.target.name === 'role' && event.detail > 0) picker.open = false;
  });
  form.addEventListener('change', async () => {
    render();
    try {
      await savePref('role', form.elements.role.value);
      await savePref('programme', form.elements.programme.value);
    } catch (error) {
      reportStorageError(error);
    }
  });
  // The role chosen in another tab shows here too.
  listen(async (message) => {
    if (message.kind !== 'pref' && message.kind !== 'import') return;
    apply(await loadPref('role'), await loadPref('programme'));
    render();
  });
}
