// groeidossier/: this device's person's records per period of her programme (lib/dossier.js says which and
// where): her lesson visits, what she received, her own reports and reflections (drawn by ui/dossier-entries.js,
// loaded only when there are records), and her requirement progress (ui/requirements.js). The evidence lives on
// her phone, so the page says when she last made a copy and offers one after a few new records: a printout
// ("opslaan als pdf": every answer as text, a line to sign) and a file in the backup format (lib/backup.js,
// loaded on use) that Mijn gegevens reads back on any device.
import { copyDue, dossierByPeriod, dossierFileName, dossierRecords, newSinceCopy } from '../lib/dossier.js';
import { COPY_PREF, listEntries, listen, loadPref, loadProfile, savePref, siteScope } from '../lib/storage.js';
import { listVisits } from '../lib/storage-visits.js';
import { reportStorageError } from '../ui/notices.js';
import { showRequirements } from '../ui/requirements.js';
import { momentFormat } from '../lib/formats.js';

const $ = (root, selector) => root.querySelector(selector);

export async function initDossier() {
  const info = JSON.parse(document.getElementById('dossier-gegevens').textContent);
  const text = new Map([...document.getElementById('dossier-meldingen').content.querySelectorAll('[data-msg]')]
    .map((span) => [span.dataset.msg, span.textContent]));
  const copyBox = $(document, '[data-dossier-copy]');
  let profile;
  let records = { visits: [], received: [], own: [] }; // what is on screen, and what a copy holds
  let rendering = Promise.resolve();

  const heading = (level, key) => Object.assign(document.createElement(level), { textContent: text.get(key) });

  const show = async () => {
    const [entries, visits, copied] = await Promise.all([listEntries(), listVisits(), loadPref(COPY_PREF)]);
    profile = await loadProfile();
    const role = profile?.role || '';
    const forRole = info.for_roles.includes(role);
    const missing = $(document, '[data-profile-missing]');
    missing.hidden = Boolean(profile && profile.name && role);
    if (!missing.hidden) missing.style.display = 'block'; // a role without a name: still ask
    $(document, '[data-other-role]').hidden = !role || forRole;
    const sections = [...document.querySelectorAll('[data-dossier-programme]')];
    const section = sections.find((s) => s.dataset.dossierProgramme === profile?.programme) || sections[0];
    for (const s of sections) s.hidden = s !== section || (Boolean(role) && !forRole);
    const name = $(document, '[data-dossier-name]');
    name.textContent = profile?.name ? ` van ${profile.name}` : '';
    name.hidden = !profile?.name;
    records = dossierRecords({ entries, visits }, info.forms, role);
    showCopy(copied);
    if (!section) return;
    const groups = dossierByPeriod({ entries, visits }, info.forms, role, info.programmes[section.dataset.dossierProgramme].periods);
    const any = records.visits.length + records.received.length + records.own.length > 0;
    const blocks = any && (await import('../ui/dossier-entries.js')).dossierBlocks({ info, text, profile, visits, entries });
    for (const group of groups) {
      const box = section.querySelector(`[data-dossier-period="${CSS.escape(group.period ? group.period.id : '')}"]`);
      box.hidden = false;
      const parts = [];
      if (group.visits.length) {
        const list = Object.assign(document.createElement('ol'), { className: 'dossier-visits' });
        list.append(...group.visits.map(blocks.visit));
        parts.push(heading('h4', 'visits'), list);
      }
      for (const kind of ['received', 'own']) {
        if (group[kind].length) parts.push(heading('h4', kind), ...group[kind].map(blocks.entry));
      }
      if (!parts.length) parts.push(Object.assign(heading('p', 'empty'), { className: 'meta' }));
      $(box, '[data-period-body]').replaceChildren(...parts);
    }
    await Promise.all([blocks && blocks.done(), showRequirements(section)]);
  };

  const showCopy = (copied) => {
    $(copyBox, '[data-copy-last]').textContent = copied ? momentFormat.format(new Date(copied)) : text.get('never');
    const fresh = newSinceCopy(records, copied || null);
    const offer = $(copyBox, '[data-copy-offer]');
    offer.textContent = text.get(copied ? 'offer-since' : 'offer-never').replace('{n}', `${fresh} ${text.get(fresh === 1 ? 'record' : 'records')}`);
    offer.hidden = !copyDue(records, copied || null);
  };

  const refresh = () => {
    rendering = rendering.then(show).catch(reportStorageError);
    return rendering;
  };

  $(copyBox, '[data-dossier-print]').addEventListener('click', async () => {
    await rendering; // every answer is on the page (folded on screen, printed in full)
    window.print();
  });
  $(copyBox, '[data-dossier-export]').addEventListener('click', async () => {
    await rendering;
    const [{ makeBackup }, { download }] = await Promise.all([import('../lib/backup.js'), import('../ui/download.js')]);
    const prefs = { role: profile?.role || '', programme: profile?.programme || '' };
    const file = makeBackup({ ticks: {}, prefs, entries: [...records.received, ...records.own], visits: records.visits, profile }, siteScope());
    download(dossierFileName(profile?.name), JSON.stringify(file, null, 2), 'application/json');
    try {
      await savePref(COPY_PREF, file.exported);
    } catch (error) {
      reportStorageError(error);
    }
    await refresh();
  });

  listen((message) => { if (['entry', 'visit', 'import', 'pref'].includes(message.kind)) refresh(); });
  await refresh();
}
