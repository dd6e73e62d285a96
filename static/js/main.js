// Entry point: start the controllers this page asks for (<body data-page>), then mark
// <html data-ready> so that anyone waiting (tests, later features) knows the page is live.
import { enhanceChecklists } from './checklist.js';
import { initHome } from './home.js';
import { initPlanning } from './planning.js';

const controllers = {
  'pages.home': initHome,
  'pages.planning': initPlanning,
};

const controller = controllers[document.body.dataset.page];
Promise.allSettled([enhanceChecklists(), controller ? controller() : null]).then((results) => {
  for (const result of results) if (result.status === 'rejected') console.error(result.reason);
  document.documentElement.dataset.ready = '';
});
