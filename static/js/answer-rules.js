// What each question of each form accepts (formulieren/regels.json, written by the build from the forms):
// fetched once, only by the pages that check entries from outside (ontvangen/, Mijn gegevens). Offline the
// service worker answers from its cache.
let loading = null;

export function loadAnswerRules() {
  if (!loading) {
    const url = new URL('formulieren/regels.json', new URL(document.documentElement.dataset.root || './', document.baseURI));
    loading = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json();
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}
