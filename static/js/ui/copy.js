// Copy a link the app made; where the browser does not allow it, select it in its field so the user can.
// Resolves to 'copied' or 'copy-failed' (each page words both in its own template).
export async function copyLink(link, field) {
  try {
    await navigator.clipboard.writeText(link);
    return 'copied';
  } catch {
    field.focus();
    field.select();
    return 'copy-failed';
  }
}
