// Entry point: start the controllers this page asks for (<body data-page>).
import { enhanceChecklists } from './checklist.js';
import { initHome } from './home.js';
import { initPlanning } from './planning.js';

const controllers = {
  'pages.home': initHome,
  'pages.planning': initPlanning,
};

enhanceChecklists();
const controller = controllers[document.body.dataset.page];
if (controller) controller();
