// Pure date logic on ISO day strings (YYYY-MM-DD); no DOM, runs under `node --test`.

/** Today on this device, as YYYY-MM-DD in local time. */
export function todayISO(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function dayNumber(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

/** Whole days from one ISO day to another (negative when `to` lies before `from`). */
export function daysBetween(from, to) {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Where `today` falls among periods [{id, start, deadline}] given in deadline order.
 * A day inside more than one period belongs to the one whose deadline comes first.
 * Returns { state: 'before' | 'current' | 'between' | 'after', current, previous, next }.
 */
export function periodState(periods, today) {
  if (!periods.length) return { state: 'after', current: null, previous: null, next: null };
  const current = periods.find((p) => p.start <= today && today <= p.deadline) || null;
  const previous = [...periods].reverse().find((p) => p.deadline < today) || null;
  const next = periods.find((p) => p.start > today) || null;
  if (current) return { state: 'current', current, previous, next };
  if (today < periods[0].start) return { state: 'before', current: null, previous: null, next: periods[0] };
  if (!next) return { state: 'after', current: null, previous, next: null };
  return { state: 'between', current: null, previous, next };
}

/** Status of each period for a timeline: 'past', 'current' or 'future'. */
export function periodStatuses(periods, today) {
  const { current } = periodState(periods, today);
  return periods.map((p) => {
    if (current && p.id === current.id) return 'current';
    return p.deadline < today ? 'past' : 'future';
  });
}
