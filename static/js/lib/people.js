// Pure: the people in an entry record: whom it is about and who wrote it, in which role. No DOM and no
// storage; runs under `node --test`.
//
// An entry names them in its own fields (entries.js): about: { id, name }, author: { id, name, role }.
// Entries from before those fields have only their metadata; a form says which of its metadata items
// hold the names (`fills: about` / `fills: author` in content, data-fills in the page, `fills` in
// vragen.json). `fills` below is that map for one form: { about: item id, author: item id, date: … }.
import { own } from './instants.js';

const text = (value) => (typeof value === 'string' ? value.trim() : '');

/** Whom the entry is about: { id, name } (id null when only a name is known), or null. */
export function aboutOf(entry, fills = {}) {
  const name = text(entry.about?.name) || text(own(entry.meta || {}, fills.about || ''));
  const id = entry.about?.id || null;
  return name || id ? { id, name } : null;
}

/** Who wrote the entry: { id, name, role } (role null when unknown), or null. */
export function authorOf(entry, fills = {}) {
  const name = text(entry.author?.name) || text(own(entry.meta || {}, fills.author || ''));
  const id = entry.author?.id || null;
  const role = entry.author?.role || null;
  return name || id || role ? { id, name, role } : null;
}

/** A name as people compare names: no accents, no case, single spaces ("Ánna  de Vries" → "anna de vries"). */
export function normalName(name) {
  return text(name).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ');
}

/** One key per person: by id when known, else by name; null for nobody. */
export function personKey(person) {
  if (!person) return null;
  if (person.id) return `id:${person.id}`;
  const name = normalName(person.name);
  return name ? `naam:${name}` : null;
}

/** Whether `person` is `profile` (this device's own person): by id, or by name when the entry has no id. */
export function isPerson(person, profile) {
  if (!person || !profile) return false;
  if (person.id && profile.id) return person.id === profile.id;
  return Boolean(normalName(person.name)) && normalName(person.name) === normalName(profile.name);
}

/**
 * Entries grouped by whom they are about: [{ key, person: { id, name }, entries }], by name. An entry
 * with an id and one with only the same name are one person when no other person has that name.
 * `fillsOf(formId)` gives a form's fills. Entries about nobody are left out.
 */
export function groupByPerson(entries, fillsOf = () => ({})) {
  const groups = new Map();
  const byName = new Map();
  const unnamed = [];
  for (const entry of entries) {
    const person = aboutOf(entry, fillsOf(entry.form));
    const key = personKey(person);
    if (!key) continue;
    if (!person.id) {
      unnamed.push([key, person, entry]);
      continue;
    }
    if (!groups.has(key)) groups.set(key, { key, person: { ...person }, entries: [] });
    const group = groups.get(key);
    group.entries.push(entry);
    if (!group.person.name && person.name) group.person.name = person.name;
    const name = normalName(person.name);
    if (name) byName.set(name, byName.has(name) && byName.get(name) !== key ? null : key);
  }
  for (const [key, person, entry] of unnamed) {
    const match = byName.get(normalName(person.name));
    const target = match || key;
    if (!groups.has(target)) groups.set(target, { key: target, person: { ...person }, entries: [] });
    groups.get(target).entries.push(entry);
  }
  return [...groups.values()].sort((a, b) => normalName(a.person.name).localeCompare(normalName(b.person.name), 'nl'));
}

/**
 * The entry with its people fields filled from its metadata where they are missing (an entry from
 * before them), unchanged otherwise. Used when an entry is opened, so that it is stored that way.
 */
export function withPeople(entry, fills = {}) {
  const about = entry.about === undefined ? aboutOf(entry, fills) : entry.about;
  const author = entry.author === undefined ? authorOf(entry, fills) : entry.author;
  return {
    ...entry,
    about: about ?? null,
    author: author ?? null,
    visit: entry.visit ?? null,
    received: entry.received ?? null,
  };
}

/** "Anna de Vries (werkplekbegeleider)", "Anna de Vries", "een werkplekbegeleider", or ''. */
export function personText(person, roleName = (id) => id) {
  if (!person) return '';
  const role = person.role ? roleName(person.role) : '';
  if (person.name && role) return `${person.name} (${role})`;
  return person.name || (role ? `een ${role}` : '');
}
