// formulieren/: the entries on this device, newest first, with duplicate and delete (with undo); a filter by
// whom they are about and a search by name, both only over what is on this device (lib/entry-filter.js).
import { instant, own } from '../lib/instants.js';
import { aboutOf } from '../lib/people.js';
import { entryDate, entryPeople, filterEntries } from '../lib/entry-filter.js';
import { listen, deleteEntry, listEntries, putEntries } from '../lib/storage.js';
import { reportStorageError } from '../ui/notices.js';
import { dayFormat, noon } from '../lib/formats.js';


function aboutText(entry, info) {
  const person = aboutOf(entry, info.fills);
  if (person?.name) return person.name;
  const value = info.about && own(entry.meta, info.about);
  return typeof value === 'string' && value ? value : 'zonder naam';
}

/** "les van do 12 maart 2026" when the form has a lesson date and it is filled in, else "laatst bewerkt …". */
function dateText(entry, info) {
  const date = entryDate(entry, info.fills);
  return date.kind === 'lesson' ? `les van ${dayFormat.format(noon(date.day))}` : `laatst bewerkt ${dayFormat.format(new Date(date.at))}`;
}

/** The select of people: "Iedereen" and one option per person the entries are about; keeps the choice. */
function fillPeople(select, groups) {
  const chosen = select.value;
  const options = groups.map(({ key, person }) => Object.assign(document.createElement('option'), { value: key, textContent: person.name || '?' }));
  select.replaceChildren(select.options[0], ...options);
  select.value = groups.some((g) => g.key === chosen) ? chosen : '';
}

export async function initFormsList() {
  const section = document.querySelector('[data-entries]');
  const forms = new Map(Object.entries(JSON.parse(document.getElementById('formulieren-gegevens').textContent)));
  const list = section.querySelector('[data-entry-list]');
  const empty = section.querySelector('[data-entries-empty]');
  const status = section.querySelector('[data-entries-status]');
  const template = document.getElementById('invulling-sjabloon');
  const filter = section.querySelector('[data-entry-filter]');
  const person = filter.querySelector('[data-filter-person]');
  const name = filter.querySelector('[data-filter-name]');
  const count = filter.querySelector('[data-filter-count]');
  const fillsOf = (form) => forms.get(form)?.fills || {};
  let stored = [];

  const show = () => {
    const shown = filterEntries(stored, { person: person.value, query: name.value }, fillsOf);
    const filtered = shown.length !== stored.length;
    count.textContent = filtered ? `${shown.length} van ${stored.length} invullingen` : '';
    list.replaceChildren(...shown.map((entry) => {
      const info = forms.get(entry.form);
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.entry = entry.id;
      const link = item.querySelector('[data-link]');
      link.href = `${info.href}?invulling=${entry.id}`;
      link.textContent = info.title;
      item.querySelector('[data-state]').textContent = entry.state === 'afgerond' ? 'afgerond' : 'concept';
      item.querySelector('[data-about]').textContent = aboutText(entry, info);
      item.querySelector('[data-date]').textContent = dateText(entry, info);
      item.querySelector('[data-duplicate]').addEventListener('click', async () => {
        const at = new Date().toISOString();
        const copy = { ...entry, id: crypto.randomUUID(), created: at, updated: at, state: 'concept', completed: null };
        await putEntries([copy]);
        status.textContent = `Kopie gemaakt van ${info.title}.`;
        await render();
      });
      item.querySelector('[data-delete]').addEventListener('click', async () => {
        await deleteEntry(entry.id);
        const note = document.getElementById('verwijderd-sjabloon').content.firstElementChild.cloneNode(true);
        note.querySelector('[data-undo]').addEventListener('click', async () => {
          await putEntries([entry]);
          status.textContent = 'Invulling teruggezet.';
          await render();
        });
        status.replaceChildren(note);
        await render();
      });
      return item;
    }));
  };

  const render = async () => {
    try {
      stored = (await listEntries()).filter((e) => forms.has(e.form));
    } catch (error) {
      reportStorageError(error);
      return;
    }
    stored.sort((a, b) => (instant(b.updated) ?? 0) - (instant(a.updated) ?? 0));
    empty.hidden = stored.length > 0;
    const { groups } = entryPeople(stored, fillsOf);
    fillPeople(person, groups);
    filter.hidden = !groups.length;
    show();
  };
  person.addEventListener('change', show);
  name.addEventListener('input', show);
  await render();
  listen((message) => { if (message.kind === 'entry' || message.kind === 'import') render(); });
}
