// Entry point: start the controllers this page asks for (<body data-page>), then mark
// <html data-ready> so that anyone waiting (tests, later features) knows the page is live.
import { enhanceChecklists } from './checklist.js';
import { watchNetwork } from './network.js';
import { requestPersistence } from './storage.js';
import { registerServiceWorker } from './sw-client.js';

// Each page loads only its own controller (fewer bytes on a first visit).
const controllers = {
  'pages.home': () => import('./home.js').then((m) => m.initHome()),
  'pages.planning': () => import('./planning.js').then((m) => m.initPlanning()),
  'pages.my_data': () => import('./my-data.js').then((m) => m.initMyData()),
  'pages.forms': () => Promise.all([
    import('./forms-list.js').then((m) => m.initFormsList()),
    import('./paste.js').then((m) => m.initPaste(document.querySelector('[data-paste]'))),
  ]),
  'pages.received': () => import('./received.js').then((m) => m.initReceived()),
  'pages.form': () => import('./form.js').then((m) => m.initForm()),
  'pages.radar': () => import('./radar-page.js').then((m) => m.initRadarPage()),
};

watchNetwork();
const controller = controllers[document.body.dataset.page];
Promise.allSettled([
  enhanceChecklists(),
  controller ? controller() : null,
  registerServiceWorker().then(() => requestPersistence()),
]).then((results) => {
  for (const result of results) if (result.status === 'rejected') console.error(result.reason);
  document.documentElement.dataset.ready = '';
});
