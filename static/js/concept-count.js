// Concepts per form (counts only) in localStorage, read by a form page's inline script (see README).
import { databaseName, listEntries } from './storage.js';

export async function countConcepts(entries = null) {
  try {
    const counts = {};
    for (const e of entries || await listEntries()) if (e.state !== 'afgerond') counts[e.form] = (counts[e.form] || 0) + 1;
    const key = `${databaseName()}:concepts`;
    if (Object.keys(counts).length) localStorage.setItem(key, JSON.stringify(counts));
    else localStorage.removeItem(key); // none: nothing of this site stays behind (after a wipe too)
  } catch { /* no localStorage or database: no lines reserved */ }
}
