// "vandaag", "morgen", "over 3 dagen" after dates that are near: <span data-relative="YYYY-MM-DD">.
import { daysBetween } from './dates.js';

const NEAR = 7; // days; further away the date itself says enough
const relative = new Intl.RelativeTimeFormat('nl', { numeric: 'auto' });

/** The Dutch words for a day `days` away from today, or '' when it is not near. */
export function nearDay(days) {
  return Math.abs(days) <= NEAR ? relative.format(days, 'day') : '';
}

export function fillRelativeDays(root, today) {
  for (const span of root.querySelectorAll('[data-relative]')) {
    const words = nearDay(daysBetween(today, span.dataset.relative));
    span.textContent = words ? ` (${words})` : '';
  }
}
