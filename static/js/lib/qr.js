// A link as a QR code (inline SVG), drawn with the vendored lean-qr (static/vendor/lean-qr/, MIT).
// share.js imports this module only when someone asks for the QR code, so a form page's first visit
// does not load the encoder.
import { correction, generate } from '../../vendor/lean-qr/index.js';
import { toSvg } from '../../vendor/lean-qr/svg.js';

/**
 * The largest QR version we draw. Version v has 17 + 4·v modules a side; above about 125 modules a
 * phone camera no longer reads the code reliably off another phone's screen. Version 25 holds
 * 1,273 bytes of link at the lowest error correction (L, enough for a clean screen).
 */
export const MAX_VERSION = 25;

/** The QR code for `text`, or null if it needs more than MAX_VERSION. */
export function qrCode(text) {
  try {
    return generate(text, { minCorrectionLevel: correction.L, maxVersion: MAX_VERSION });
  } catch (error) {
    if (error.code === 4) return null; // lean-qr: "Too much data"
    throw error;
  }
}

/** Draw `text` as a QR code into `container` (dark on light in both themes); false if it does not fit. */
export function drawQr(container, text) {
  const code = qrCode(text);
  if (!code) {
    container.replaceChildren();
    return false;
  }
  const svg = toSvg(code, document, { on: '#000', off: '#fff', pad: 4 });
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', container.dataset.label || 'QR-code');
  svg.dataset.version = String((code.size - 17) / 4);
  container.replaceChildren(svg);
  return true;
}
