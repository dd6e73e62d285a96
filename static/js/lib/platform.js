// What kind of browser this is, where it matters to the user.

/** iPhone or iPad, in Safari rather than the app on the home screen (storage and push differ there). */
export function isIOSBrowserTab() {
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent)
    || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  const installed = navigator.standalone === true || matchMedia('(display-mode: standalone)').matches;
  return ios && !installed;
}
