// Ticking: every <div data-checklist> gets live checkboxes whose state lives in IndexedDB.
import { listen, saveTick, tickedKeys } from '../lib/storage.js';
import { reportStorageError } from './notices.js';

function updateProgress(list) {
  const boxes = list.querySelectorAll('input[type="checkbox"][data-key]');
  const done = [...boxes].filter((box) => box.checked).length;
  list.querySelector('progress').value = done;
  list.querySelector('[data-done]').textContent = String(done);
}

function showTick(root, key, checked) {
  // The same item can stand in more than one list on a page: keep them in step.
  for (const twin of root.querySelectorAll(`input[data-key="${CSS.escape(key)}"]`)) {
    twin.checked = checked;
    updateProgress(twin.closest('[data-checklist]'));
  }
}

export async function enhanceChecklists(root = document) {
  const lists = [...root.querySelectorAll('[data-checklist]')];
  if (!lists.length) return;
  let ticked;
  try {
    ticked = await tickedKeys();
  } catch (error) {
    reportStorageError(error);
    return;
  }
  for (const list of lists) {
    for (const box of list.querySelectorAll('input[type="checkbox"][data-key]')) {
      box.checked = ticked.has(box.dataset.key);
      box.disabled = false;
      box.addEventListener('change', async () => {
        const { key } = box.dataset;
        const show = (checked) => showTick(root, key, checked);
        show(box.checked);
        try {
          await saveTick(key, box.checked);
        } catch (error) {
          show(!box.checked); // not stored, so not shown as done: the screen never lies
          reportStorageError(error);
        }
      });
    }
    updateProgress(list);
  }
  // Another tab ticked something, or restored a backup: show it here too.
  listen(async (message) => {
    if (message.kind === 'tick') showTick(root, message.key, message.done);
    if (message.kind === 'import') {
      const now = await tickedKeys();
      for (const box of root.querySelectorAll('input[type="checkbox"][data-key]')) showTick(root, box.dataset.key, now.has(box.dataset.key));
    }
  });
}
