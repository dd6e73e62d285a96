// Planning: mark past / current / future periods and today, and filter the tasks by role.
import { periodStatuses, periodState, todayISO } from '../lib/dates.js';
import { fillRelativeDays } from '../lib/relative.js';
import { showRequirements } from '../ui/requirements.js';
import { loadPref } from '../lib/storage.js';
import { dayFormat } from '../lib/formats.js';


function todayMarker(tag, today) {
  const marker = document.createElement(tag);
  marker.className = 'today-marker';
  marker.append(document.getElementById('vandaag-sjabloon').content.cloneNode(true));
  const time = marker.querySelector('time');
  time.dateTime = today;
  const [y, m, d] = today.split('-').map(Number);
  time.textContent = dayFormat.format(new Date(y, m - 1, d));
  return marker;
}

function markTimeline(timeline, today) {
  const items = [...timeline.querySelectorAll(':scope > li.period')];
  const periods = items.map((el) => ({ id: el.id, start: el.dataset.start, deadline: el.dataset.deadline }));
  periodStatuses(periods, today).forEach((status, i) => {
    items[i].classList.add(`is-${status}`);
    for (const badge of items[i].querySelectorAll('[data-status]')) badge.hidden = badge.dataset.status !== status;
    if (status === 'current') items[i].setAttribute('aria-current', 'date');
  });
  const { state, current, previous } = periodState(periods, today);
  if (state === 'current') {
    const item = items[periods.indexOf(current)];
    item.querySelector('h3').after(todayMarker('p', today));
  } else if (state === 'before') {
    items[0].before(todayMarker('li', today));
  } else {
    items[periods.indexOf(previous)].after(todayMarker('li', today));
  }
}

function applyFilter(role) {
  for (const section of document.querySelectorAll('.role-tasks[data-role]')) {
    section.hidden = Boolean(role) && section.dataset.role !== role;
  }
}

/** planning/ of a site with several programmes lists them: go to the one in the link's anchor (a reminder
 * names its programme: #periode--<programme>--<period>), else to the one chosen on the start page. */
async function forward(index) {
  const links = [...index.querySelectorAll('a[data-programme]')];
  const named = links.find((a) => location.hash.startsWith(`#periode--${a.dataset.programme}--`)
    || location.hash === `#programma--${a.dataset.programme}`);
  let chosen = named;
  if (!chosen) {
    // The localStorage mirror first (no wait), then IndexedDB.
    const programme = document.documentElement.dataset.programme
      || await loadPref('programme').catch(() => undefined);
    chosen = links.find((a) => a.dataset.programme === programme);
  }
  if (!chosen) return;
  location.replace(new URL(location.hash, chosen.href).href);
  await new Promise(() => {}); // this page is leaving: it never becomes ready, the next one does
}

export async function initPlanning() {
  const index = document.querySelector('[data-planning-index]');
  if (index) {
    await forward(index);
    return;
  }
  const today = todayISO();
  for (const timeline of document.querySelectorAll('[data-timeline]')) markTimeline(timeline, today);
  fillRelativeDays(document, today);
  await showRequirements().catch((error) => console.error(error));

  const form = document.querySelector('[data-role-filter]');
  const select = form.querySelector('select');
  form.addEventListener('submit', (event) => event.preventDefault());
  select.addEventListener('change', () => applyFilter(select.value));
  try {
    const role = await loadPref('role');
    if (role && select.querySelector(`option[value="${CSS.escape(role)}"]`)) select.value = role;
  } catch {
    // No storage: the filter starts at "alle rollen"; the notice comes from the checklists.
  }
  applyFilter(select.value);
}
