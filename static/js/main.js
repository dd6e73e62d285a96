// Entry point: start the controllers this page asks for (<body data-page>), then mark
// <html data-ready> so that anyone waiting (tests, later features) knows the page is live.
import { enhanceChecklists } from './ui/checklist.js';
import { watchNetwork } from './ui/network.js';
import { listen, requestPersistence } from './lib/storage.js';
import { registerServiceWorker } from './ui/sw-client.js';

// Each page loads only its own controller (fewer bytes on a first visit).
const controllers = {
  'pages.home': () => import('./pages/home.js').then((m) => m.initHome()),
  'pages.planning': () => import('./pages/planning.js').then((m) => m.initPlanning()),
  'pages.my_data': () => import('./pages/my-data.js').then((m) => m.initMyData()),
  'pages.forms': () => Promise.all([
    import('./pages/forms-list.js').then((m) => m.initFormsList()),
    import('./ui/paste.js').then((m) => m.initPaste(document.querySelector('[data-paste]'))),
  ]),
  'pages.received': () => import('./pages/received.js').then((m) => m.initReceived()),
  'pages.form': () => import('./pages/form.js').then((m) => m.initForm()),
  'pages.radar': () => import('./pages/radar.js').then((m) => m.initRadarPage()),
  'pages.reminders': () => import('./pages/reminders.js').then((m) => m.initReminders()),
  'pages.visits': () => import('./pages/visits.js').then((m) => m.initVisits()),
  'pages.students': () => import('./pages/students.js').then((m) => m.initStudents()),
  'pages.dossier': () => import('./pages/dossier.js').then((m) => m.initDossier()),
  // Only the search page loads the search code (and, when searching starts, MiniSearch and the index).
  'pages.search': () => import('./pages/search.js').then((module) => module.initSearch()),
  // Only the calculator page needs the hour arithmetic: load it there, not on every page.
  'pages.hours': () => import('./pages/hours.js').then((module) => module.initHours()),
};

watchNetwork();
// Another tab wiped this site's data: show this page as it now is.
listen((message) => { if (message.kind === 'wipe') location.reload(); });
const controller = controllers[document.body.dataset.page];
Promise.allSettled([
  enhanceChecklists(),
  controller ? controller() : null,
  registerServiceWorker().then(() => requestPersistence()),
]).then((results) => {
  for (const result of results) if (result.status === 'rejected') console.error(result.reason);
  document.documentElement.dataset.ready = '';
});
