// Where the app runs: facts about the device and window that change what a page says.

/** Safari on an iPhone or iPad outside the app on the home screen: its storage is separate from the
 * app's, and Safari wipes a site's data after 7 days without a visit. */
export function isIOSBrowserTab() {
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent)
    || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  const installed = navigator.standalone === true || matchMedia('(display-mode: standalone)').matches;
  return ios && !installed;
}
