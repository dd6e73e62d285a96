// "Nu" on the start page: which period to show for a role and a day. It runs twice: inlined in the
// page before the first paint (the role comes from the localStorage mirror; see filters.inline_js),
// and from home.js when the role changes. Names here must not clash with dates.js or relative.js.
import { daysBetween, periodState } from '../lib/dates.js';
import { fillRelativeDays } from '../lib/relative.js';

const deadlineWords = new Intl.RelativeTimeFormat('nl', { numeric: 'auto' });

function showPeriod(block, role, today) {
  const periods = [...block.querySelectorAll('[data-period]')].map((el) => ({
    id: el.dataset.period, start: el.dataset.start, deadline: el.dataset.deadline, el,
  }));
  const { state, current, previous, next } = periodState(periods, today);
  for (const note of block.querySelectorAll('[data-state]')) {
    note.hidden = note.dataset.state !== state
      || (state === 'between' && note.dataset.after !== previous.id);
  }
  const shown = state === 'current' ? current : (state === 'after' ? null : next);
  for (const period of periods) period.el.hidden = period !== shown;
  if (!shown) return;
  let hasTasks = false;
  for (const part of shown.el.querySelectorAll('[data-role]')) {
    part.hidden = part.dataset.role !== role;
    hasTasks ||= !part.hidden;
  }
  shown.el.querySelector('[data-role-empty]').hidden = hasTasks;
  const days = shown.el.querySelector('[data-days-left]');
  days.textContent = deadlineWords.format(daysBetween(today, shown.deadline), 'day');
  days.parentElement.hidden = false;
}

/** Show, in the "Nu" section, the programme's block for `role` on `today` (YYYY-MM-DD). */
export function showNow(section, role, programme, today) {
  const blocks = [...section.querySelectorAll('[data-programme]')];
  const chosen = blocks.find((block) => block.dataset.programme === programme) || blocks[0];
  for (const block of blocks) {
    block.hidden = block !== chosen;
    if (block === chosen) showPeriod(block, role, today);
  }
  // The rules about forms this role fills in; the progress itself comes from IndexedDB (requirements.js).
  for (const req of chosen.querySelectorAll('[data-req-roles]')) req.hidden = !req.dataset.reqRoles.split(' ').includes(role);
  const reqBlock = chosen.querySelector('[data-req-block]');
  if (reqBlock) reqBlock.hidden = !reqBlock.querySelector('[data-req-roles]:not([hidden])');
  fillRelativeDays(section, today);
  return chosen;
}
