// Concepts per form (counts only) in localStorage, for form pages' inline script (README).
import { databaseName, listEntries } from './storage.js';

export async function countConcepts(entries = null) {
  try {
    const counts = {};
    for (const e of entries || await listEntries()) if (e.state !== 'afgerond') counts[e.form] = (counts[e.form] || 0) + 1;
    const key = `${databaseName()}:concepts`;
    if (Object.keys(counts).length) localStorage.setItem(key, JSON.stringify(counts));
    else localStorage.removeItem(key); // none: no key left behind
  } catch { /* no localStorage or database: no lines reserved */ }
}
