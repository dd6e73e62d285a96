// Entry point: start the controllers this page asks for (<body data-page>), then mark
// <html data-ready> so that anyone waiting (tests, later features) knows the page is live.
import { enhanceChecklists } from './checklist.js';
import { initHome } from './home.js';
import { initMyData } from './my-data.js';
import { watchNetwork } from './network.js';
import { initPlanning } from './planning.js';
import { requestPersistence } from './storage.js';
import { registerServiceWorker } from './sw-client.js';

const controllers = {
  'pages.home': initHome,
  'pages.planning': initPlanning,
  'pages.my_data': initMyData,
  // Only the calculator page needs the hour arithmetic: load it there, not on every page.
  'pages.hours': () => import('./hours-page.js').then((module) => module.initHours()),
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
