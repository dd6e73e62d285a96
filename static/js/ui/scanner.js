// "Scan de codes" (issue 16): read a numbered series of QR codes (ui/qr-series.js on another phone) with
// the camera, or from a photo or screenshot of them, and join the parts (lib/qr-parts.js) into the text.
// The decoder is the vendored qr-scanner (static/vendor/qr-scanner/, MIT): it uses the browser's own
// BarcodeDetector where that reads QR codes (Chrome on Android) and its jsQR-based worker elsewhere
// (Safari, Firefox, desktop Chromium on Linux). It loads when a scanner opens, never with a page.
// Nothing leaves the device: the camera image is read in the browser.
import { createCollector } from '../lib/qr-parts.js';

const DECODER = '../../vendor/qr-scanner/qr-scanner.min.js';
/** Time between two looks at the camera image (a look itself takes 10-60 ms on a phone). */
const FRAME_MS = 120;

// The Dutch texts, in one place (a page that shows the scanner may move them into its template).
export const MESSAGES = {
  starting: 'De camera gaat aan…',
  aim: 'Richt de camera op de codes op het andere scherm. Ze wisselen vanzelf.',
  progress: (have, total) => `${have} van ${total} codes gelezen`,
  done: (total) => (total > 1 ? `Alle ${total} codes gelezen.` : 'De code is gelezen.'),
  'no-camera': 'Dit apparaat heeft geen camera die de app kan gebruiken. Kies een foto of schermafbeelding van de code.',
  refused:
    'De app mag de camera niet gebruiken. Sta de camera toe in de instellingen van je browser, of kies een foto van de code.',
  busy: 'De camera is in gebruik door een andere app. Sluit die app, of kies een foto van de code.',
  'not-a-part': 'Dit is geen code van Werkplek.',
  'other-series': 'Deze code hoort bij een andere reeks. Scan de codes van één reeks, of begin opnieuw.',
  'no-code': 'Op deze foto staat geen leesbare code. Kies een scherpere foto, met de hele code erop.',
  failed: 'De code kon niet worden gelezen. Probeer het nog eens.',
};

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

const cameraProblem = (error) => {
  const name = error && error.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'refused';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'no-camera'; // NotFoundError, OverconstrainedError, no mediaDevices (not https), ...
};

/**
 * Open a scanner in `container` (replacing what is there): the camera starts at once where there is one,
 * and "Kies een foto van de code" takes photos or screenshots. Every code read goes to one collector;
 * once all parts of a series are in, the camera stops and onText(fullText) is called (once).
 * `camera: false` leaves the camera off (photos only). Returns { close() } (stops the camera and the
 * decoder) and `ready`, a promise that settles once the decoder is loaded and the camera has started or
 * failed (a camera that waits for the user's permission keeps it waiting; photos work meanwhile).
 */
export function openScanner(container, { onText, camera = true } = {}) {
  const status = el('p', { className: 'scanner-status' });
  status.dataset.scanStatus = '';
  status.setAttribute('role', 'status'); // polite: "2 van 3 codes gelezen" is read out as it changes
  const problem = el('p', { className: 'scanner-problem' });
  problem.dataset.scanProblem = '';
  problem.setAttribute('aria-live', 'polite');
  const video = el('video', { muted: true, playsInline: true, hidden: true });
  video.setAttribute('aria-label', 'Camerabeeld');
  video.style.cssText = 'display:block;width:100%;max-width:24rem;height:auto;background:#000;';
  const file = el('input', { type: 'file', accept: 'image/*', multiple: true });
  file.dataset.scanFile = '';
  const label = el('label', {}, 'Kies een foto van de code', file);
  label.style.cssText = 'display:flex;flex-direction:column;gap:.25rem;font-weight:600;';
  const restart = el('button', { type: 'button', textContent: 'Begin opnieuw', hidden: true });
  const box = el('div', { className: 'scanner' }, status, problem, video, label, el('p', {}, restart));
  container.replaceChildren(box);

  let collector = createCollector();
  let last = ''; // the camera sees the same code many times: act on a change only
  let done = false;
  let total = 1; // of the series being read
  let closed = false;
  let stream = null;
  let frame = null;
  let engine = null; // a BarcodeDetector or qr-scanner's worker, made once per scanner
  let QrScanner = null;
  const canvases = { camera: document.createElement('canvas'), photo: document.createElement('canvas') };

  const say = (text) => {
    status.textContent = text;
  };
  const warn = (name) => {
    problem.textContent = name ? MESSAGES[name] : '';
  };

  const stopCamera = () => {
    clearTimeout(frame);
    frame = null;
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.srcObject = null;
    video.hidden = true;
  };

  const take = (text) => {
    if (done || closed) return;
    const result = collector.add(text);
    if (result.status === 'refused') {
      warn(result.reason);
      if (result.reason === 'other-series') restart.hidden = false;
      return;
    }
    warn(null);
    if (result.status === 'need') {
      total = result.total;
      say(MESSAGES.progress(result.have, result.total));
      restart.hidden = false;
      return;
    }
    done = true;
    stopCamera();
    restart.hidden = true;
    say(MESSAGES.done(total));
    onText(result.text);
  };

  restart.addEventListener('click', () => {
    collector = createCollector();
    last = '';
    total = 1;
    warn(null);
    restart.hidden = true;
    say(stream ? MESSAGES.aim : '');
  });

  // One canvas each for the camera and for photos: a BarcodeDetector may still read one while the other is drawn.
  const decode = async (source, canvas, scanRegion) =>
    (await QrScanner.scanImage(source, { qrEngine: engine, canvas, scanRegion, returnDetailedScanResult: true }))
      .data;

  // The middle square of the camera image, at most 720 pixels a side to decode: a code held in front
  // of the camera fills most of it, and fewer pixels make a look faster.
  const region = () => {
    const side = Math.min(video.videoWidth, video.videoHeight);
    const scaled = Math.min(side, 720);
    return {
      x: Math.round((video.videoWidth - side) / 2),
      y: Math.round((video.videoHeight - side) / 2),
      width: side,
      height: side,
      downScaledWidth: scaled,
      downScaledHeight: scaled,
    };
  };

  const look = async () => {
    frame = null;
    if (!stream || done || closed) return;
    if (video.readyState >= 2 && video.videoWidth) {
      try {
        const text = await decode(video, canvases.camera, region());
        if (text !== last) {
          last = text;
          take(text);
        }
      } catch (error) {
        if (error !== QrScanner.NO_QR_CODE_FOUND) console.warn(error);
      }
    }
    if (stream && !done && !closed) frame = setTimeout(look, FRAME_MS);
  };

  const startCamera = async () => {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      warn('no-camera');
      return;
    }
    say(MESSAGES.starting);
    try {
      const media = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
      if (closed || done) {
        for (const track of media.getTracks()) track.stop();
        return;
      }
      stream = media;
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      say(MESSAGES.aim);
      look();
    } catch (error) {
      stopCamera();
      say('');
      warn(cameraProblem(error));
    }
  };

  file.addEventListener('change', async () => {
    const chosen = [...file.files];
    file.value = ''; // the same photo may be chosen again
    try {
      await decoder;
    } catch {
      return; // said so already
    }
    for (const photo of chosen) {
      if (done || closed) break;
      try {
        take(await decode(photo, canvases.photo));
      } catch (error) {
        if (error !== QrScanner.NO_QR_CODE_FOUND) console.warn(error);
        warn(error === QrScanner.NO_QR_CODE_FOUND ? 'no-code' : 'failed');
      }
    }
  });

  // The camera light stays on while the page is in the background: stop it then, start again on return.
  const onVisibility = () => {
    if (document.hidden) stopCamera();
    else if (camera && !done && !closed && !stream) startCamera();
  };
  document.addEventListener('visibilitychange', onVisibility);

  const decoder = (async () => {
    ({ default: QrScanner } = await import(DECODER));
    engine = await QrScanner.createQrEngine();
  })();
  const ready = decoder.then(
    () => camera && !closed && startCamera(),
    (error) => {
      console.error(error);
      warn('failed');
    },
  );

  return {
    ready,
    close() {
      closed = true;
      stopCamera();
      document.removeEventListener('visibilitychange', onVisibility);
      decoder.then(() => engine instanceof Worker && engine.terminate()).catch(() => {});
      container.replaceChildren();
    },
  };
}
