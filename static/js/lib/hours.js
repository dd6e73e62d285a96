// Hour arithmetic for the calculator (inzet/), by the same rules as site/werkplek/hours.py; pure.
// A role is {students, tables: [{per: 'semester'|'year', times, rows: [{hours, per_student, optional}]}]}:
// a row gives fixed `hours` or `per_student` hours (times the number of aankomend leraren). Totals come
// per semester (the semester tables, once) and per school year (every table, `times` over). A category
// without any row in a column is null ("—"), not 0.

export const CATEGORIES = ['rate', 'scaled', 'fixed', 'optional', 'total', 'required'];
export const COLUMNS = ['semester', 'year'];
export const MAX_STUDENTS = 999;

/** Two decimals, half up: the same figure hours.py gives. */
export function roundHours(value) {
  return Math.floor(value * 100 + 0.5) / 100;
}

export function rowHours(row, students) {
  return row.per_student !== null ? row.per_student * students : row.hours;
}

/** {category: {semester, year}} for `students` aankomend leraren. */
export function roleTotals(tables, students) {
  const sums = {};
  const seen = {};
  for (const category of CATEGORIES) {
    sums[category] = { semester: 0, year: 0 };
    seen[category] = { semester: false, year: false };
  }
  for (const table of tables) {
    const weights = { semester: table.per === 'semester' ? 1 : 0, year: table.times };
    for (const row of table.rows) {
      let kinds;
      if (row.optional) kinds = { optional: rowHours(row, students) };
      else if (row.per_student !== null) kinds = { rate: row.per_student, scaled: row.per_student * students };
      else kinds = { fixed: row.hours };
      kinds.total = rowHours(row, students);
      if (!row.optional) kinds.required = kinds.total;
      for (const column of COLUMNS) {
        if (!weights[column]) continue;
        for (const [category, value] of Object.entries(kinds)) {
          sums[category][column] += value * weights[column];
          seen[category][column] = true;
        }
        seen.required[column] = true;
      }
    }
  }
  const out = {};
  for (const category of CATEGORIES) {
    out[category] = {};
    for (const column of COLUMNS) {
      out[category][column] = seen[category][column] ? roundHours(sums[category][column]) : null;
    }
  }
  return out;
}

/** Whether the number of aankomend leraren changes anything for this role. */
export function scalesWithStudents(tables) {
  return tables.some((table) => table.rows.some((row) => row.per_student !== null));
}

const number = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });

/** 32,5 uur; 1.234,5 uur; '—' for a column without any task. */
export function formatHours(value) {
  return value === null ? '—' : `${number.format(value)} uur`;
}

/** What a site calls the student teacher unless its site.yml says otherwise (`learner`). */
export const LEARNER = { singular: 'aankomend leraar', plural: 'aankomend leraren' };

export function studentsText(count, learner = LEARNER) {
  return `${count} ${count === 1 ? learner.singular : learner.plural}`;
}

/** What someone typed as a number of aankomend leraren: a whole number 0..MAX_STUDENTS, else null. */
export function parseStudents(text) {
  const trimmed = String(text).trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= MAX_STUDENTS ? value : null;
}

/** The sentence under the table: how the year column counts the semester tables. */
export function yearNote(tables) {
  const semester = tables.find((table) => table.per === 'semester');
  return semester
    ? `Per schooljaar tellen de taken per semester ${semester.times} keer mee.`
    : 'Deze rol heeft alleen taken per schooljaar.';
}

/** One sentence for a screen reader after every change. */
export function summarySentence(name, students, totals, learner = LEARNER) {
  const parts = [];
  if (totals.total.semester !== null) parts.push(`${formatHours(totals.total.semester)} per semester`);
  if (totals.total.year !== null) parts.push(`${formatHours(totals.total.year)} per schooljaar`);
  let sentence = `${name}${students === null ? '' : ', ' + studentsText(students, learner)}: ${parts.join(', ')}`;
  if (totals.optional.year !== null) {
    sentence += `; zonder optionele taken ${formatHours(totals.required.year)} per schooljaar`;
  }
  return `${sentence}.`;
}
