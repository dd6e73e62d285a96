// What each question of a form accepts, from the form's questions (formulieren/<id>/vragen.json, written
// by the build from the forms): fetched only by the pages that check entries from outside (ontvangen/,
// Mijn gegevens). Offline the service worker answers from its cache.

const root = () => new URL(document.documentElement.dataset.root || './', document.baseURI);

/** A form's questions; `href` (from the page's form data) or else the form's id. */
export async function loadQuestions({ id, href }) {
  const url = new URL(href || `formulieren/${id}/vragen.json`, href ? document.baseURI : root()).href;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** What each question accepts, per group of the entry record (the rules of entry-check.js). */
export function rulesOf(questions) {
  const byId = (items) => Object.fromEntries(items.map((item) => [item.id, item]));
  return { meta: byId(questions.meta), answers: byId(questions.sections.flatMap((section) => section.items)) };
}

/** The rules of each of these forms: { form id: rules }. */
export async function loadAnswerRules(formIds) {
  const forms = [...new Set(formIds)];
  const all = await Promise.all(forms.map((id) => loadQuestions({ id })));
  return Object.fromEntries(forms.map((id, i) => [id, rulesOf(all[i])]));
}
