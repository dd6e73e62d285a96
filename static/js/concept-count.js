// How many concepts (entries not completed) this device holds per form, copied to localStorage: the inline
// script of a form page reads it before the first paint and reserves a line per concept for "Verder met je
// concept" (no layout shift). Counts only: no names, no answers. storage.js calls this after every write
// that adds, removes or completes an entry; a form page that lists its concepts refreshes it too.
import { databaseName, listEntries } from './storage.js';

export const conceptsKey = () => `${databaseName()}:concepts`;

/** Write the counts from `entries` (every entry on the device), or read them first. */
export async function countConcepts(entries = null) {
  try {
    const counts = {};
    for (const entry of entries || await listEntries()) {
      if (entry.state !== 'afgerond') counts[entry.form] = (counts[entry.form] || 0) + 1;
    }
    localStorage.setItem(conceptsKey(), JSON.stringify(counts));
  } catch {
    // No localStorage, or no database: the list then shows no reserved lines.
  }
}
