// Inzet (hours calculator): recalculate the summary in place when the role or the number changes.
import {
  CATEGORIES, COLUMNS, MAX_STUDENTS, formatHours, parseStudents, roleTotals, scalesWithStudents, studentsText,
  summarySentence, yearNote,
} from '../lib/hours.js';

const HASH_PREFIX = '#inzet--'; // the ids of the sections per role: dom_id('inzet', role id)

export function initHours() {
  const root = document.querySelector('[data-hours-calculator]');
  if (!root) return;
  const roles = new Map(JSON.parse(root.querySelector('[data-hours-data]').textContent).map((r) => [r.id, r]));
  const form = root.querySelector('[data-hours-form]');
  const { role: select, students: input } = form.elements;
  const learner = { singular: root.dataset.learner, plural: root.dataset.learners };
  const hint = root.querySelector('[data-hours-hint]');
  const yearLine = root.querySelector('[data-hours-year-note]');
  const status = root.querySelector('[data-hours-status]');
  const roleLink = root.querySelector('[data-hours-role-link]');
  const cells = {};
  for (const category of CATEGORIES) {
    for (const column of COLUMNS) cells[`${category}-${column}`] = root.querySelector(`[data-cell="${category}-${column}"]`);
  }

  const defaultHint = (role) => (
    scalesWithStudents(role.tables)
      ? `Het document rekent met ${studentsText(role.students, learner)}.`
      : `Voor deze rol hangt niets af van het aantal ${learner.plural}.`
  );

  const render = (announce) => {
    const role = roles.get(select.value);
    const scales = scalesWithStudents(role.tables);
    const students = scales ? parseStudents(input.value) : 0;
    yearLine.textContent = yearNote(role.tables);
    roleLink.href = select.selectedOptions[0].dataset.href;
    if (students === null) {
      input.setAttribute('aria-invalid', 'true');
      hint.textContent = `Vul een heel getal in, van 0 tot ${MAX_STUDENTS}.`;
      for (const cell of Object.values(cells)) cell.textContent = '—';
      if (announce) status.textContent = hint.textContent;
      return;
    }
    input.removeAttribute('aria-invalid');
    hint.textContent = defaultHint(role);
    const totals = roleTotals(role.tables, students);
    for (const category of CATEGORIES) {
      for (const column of COLUMNS) cells[`${category}-${column}`].textContent = formatHours(totals[category][column]);
    }
    if (announce) status.textContent = summarySentence(role.name, scales ? students : null, totals, learner);
  };

  const chooseRole = (id) => {
    const role = roles.get(id);
    if (!role) return false;
    select.value = id;
    input.disabled = !scalesWithStudents(role.tables);
    input.value = role.students ?? '';
    return true;
  };

  // Start with the role named in the address (a role page links to inzet/#inzet--<role>), else the
  // user's own role, else the first; the figures change in place, nothing moves.
  const fromHash = location.hash.startsWith(HASH_PREFIX) && chooseRole(location.hash.slice(HASH_PREFIX.length));
  if (!fromHash) chooseRole(document.documentElement.dataset.role) || chooseRole(select.value);
  render(false);
  // The browser went to the role's section further down (where a page without JavaScript lands);
  // with JavaScript the calculator, already set to that role, is the better place.
  if (fromHash) root.scrollIntoView();

  select.addEventListener('change', () => {
    chooseRole(select.value);
    render(true);
  });
  input.addEventListener('input', () => render(true));
  form.addEventListener('submit', (event) => event.preventDefault());
}
