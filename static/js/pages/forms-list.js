// formulieren/: the entries on this device, newest first, with duplicate and delete (with undo).
import { instant, own } from '../lib/instants.js';
import { listen, deleteEntry, listEntries, putEntries } from '../lib/storage.js';
import { reportStorageError } from '../ui/notices.js';

const day = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });

function aboutText(entry, info) {
  const value = info.about && own(entry.meta, info.about);
  return typeof value === 'string' && value ? value : 'zonder naam';
}

export async function initFormsList() {
  const section = document.querySelector('[data-entries]');
  const forms = new Map(Object.entries(JSON.parse(document.getElementById('formulieren-gegevens').textContent)));
  const list = section.querySelector('[data-entry-list]');
  const empty = section.querySelector('[data-entries-empty]');
  const status = section.querySelector('[data-entries-status]');
  const template = document.getElementById('invulling-sjabloon');

  const render = async () => {
    let entries;
    try {
      entries = (await listEntries()).filter((e) => forms.has(e.form));
    } catch (error) {
      reportStorageError(error);
      return;
    }
    entries.sort((a, b) => (instant(b.updated) ?? 0) - (instant(a.updated) ?? 0));
    empty.hidden = entries.length > 0;
    list.replaceChildren(...entries.map((entry) => {
      const info = forms.get(entry.form);
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.entry = entry.id;
      const link = item.querySelector('[data-link]');
      link.href = `${info.href}?invulling=${entry.id}`;
      link.textContent = info.title;
      item.querySelector('[data-state]').textContent = entry.state === 'afgerond' ? 'afgerond' : 'concept';
      item.querySelector('[data-about]').textContent = aboutText(entry, info);
      item.querySelector('[data-date]').textContent = day.format(new Date(entry.updated));
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
  await render();
  listen((message) => { if (message.kind === 'entry' || message.kind === 'import') render(); });
}
