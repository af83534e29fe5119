// Radstream thin client: shows the frames the server renders and reports input. It keeps no
// image data besides what is on the canvas and stores nothing (no storage APIs, no cookies).
import {parseFrame, MIME, msg} from './protocol.js';
import {H264Stream, h264Supported} from './h264.js';
import {attachInput} from './input.js';
import {showState, showLossy, showError, showProgress, showNotice} from './overlay.js';

const canvas = document.getElementById('image');
// alpha:false: frames are opaque, and an opaque canvas needs no compositing with the page
const ctx = canvas.getContext('2d', {alpha: false});

// Diagnostics read by the browser tests.
const stats = window.radstreamStats = {framesPainted: 0, firstFrameMs: null, lastFrame: null, state: null};

let ws = null;
let leaving = false;      // we closed the socket ourselves: no error banner
let lastError = null;     // last `error` message, repeated in the close banner
let lastPaintedId = -1;

function send(message) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

// The canvas has one pixel per device pixel so frames can be painted 1:1, unscaled.
function viewportSize() {
  const dpr = window.devicePixelRatio || 1;
  return {width: Math.round(innerWidth * dpr), height: Math.round(innerHeight * dpr), dpr};
}

function sizeCanvas({width, height}) {
  canvas.width = width;   // also clears the canvas and resets the context state
  canvas.height = height;
  ctx.imageSmoothingEnabled = false;
}

// H.264 interactive frames (offered in hello only when WebCodecs can decode them)
const h264 = new H264Stream((frame, f) => {
  if (f.id <= lastPaintedId) return; // a still overtook it; the caller closes the frame
  paint(frame, frame.displayWidth, frame.displayHeight, f);
});
stats.h264Frames = 0;

async function onFrame(buffer, receivedAt) {
  let f;
  try {
    f = parseFrame(buffer);
  } catch (err) {
    console.warn('ignoring bad frame:', err.message);
    return;
  }
  f.receivedAt = receivedAt;
  if (f.codec === 'h264') {
    h264.decode(f); // every frame, painted or not: later P frames reference it
    return;
  }
  if (f.id <= lastPaintedId) return; // older than what is already on screen
  let bitmap;
  try {
    // colorSpaceConversion 'none': paint the server's pixel values exactly, ignoring any
    // gamma/ICC data in the file (diagnostic images must not be colour-managed here)
    bitmap = await createImageBitmap(new Blob([f.payload], {type: MIME[f.codec]}),
      {colorSpaceConversion: 'none', premultiplyAlpha: 'none'});
  } catch (err) {
    console.warn(`frame ${f.id}: decode failed:`, err);
    return;
  }
  // decodes run concurrently: a newer frame may have been painted while this one decoded
  if (f.id <= lastPaintedId) {
    bitmap.close();
    return;
  }
  paint(bitmap, bitmap.width, bitmap.height, f);
  bitmap.close(); // release the decoded pixels now rather than at GC time
}

/** Paints a decoded frame (ImageBitmap or VideoFrame, `width`×`height`) and acknowledges it. */
function paint(bitmap, width, height, f) {
  if (!f.lossless && width < canvas.width && height < canvas.height
      && Math.abs(width / height - canvas.width / canvas.height) < 0.02) {
    // a reduced-resolution interactive frame (rate adaptation, docs/protocol.md): stretch it
    // over the whole canvas; lossless stills are always full size and painted 1:1 below
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low';
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  } else {
    // a frame rendered for the previous size must not leave stale pixels around it
    if (width !== canvas.width || height !== canvas.height) {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
    }
    ctx.drawImage(bitmap, 0, 0, width, height);
  }
  lastPaintedId = f.id;
  const decodeMs = performance.now() - f.receivedAt;
  if (f.codec === 'h264') stats.h264Frames++;

  stats.framesPainted++;
  stats.lastFrame = {id: f.id, codec: f.codec, lossless: f.lossless, width: f.width, height: f.height, seq: f.seq};
  if (f.lossless && stats.firstFrameMs === null) stats.firstFrameMs = performance.now();
  showLossy(!f.lossless);
  send(msg.ack(f.id, Math.round(decodeMs * 100) / 100));
}

function onText(text) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    console.warn('ignoring non-JSON text message');
    return;
  }
  if (m.type === 'state') {
    stats.state = m;
    showState(m);
    showNotice(m.sliceError ?? stats.notice ?? null); // a missing slice outranks the lossy-source notice
  } else if (m.type === 'progress') {
    stats.progress = {ready: m.ready, total: m.total};
    showProgress(m.ready, m.total);
  } else if (m.type === 'notice') {
    stats.notice = m.message;
    showNotice(m.message);
  } else if (m.type === 'error') {
    lastError = String(m.message ?? 'error');
    showError(lastError);
  }
}

function connect(study, codecs) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  ws = new WebSocket(`${scheme}://${location.host}/ws`);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => send(msg.hello(study, viewportSize(), codecs));
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') onText(e.data);
    else onFrame(e.data, performance.now());
  };
  ws.onclose = (e) => {
    if (leaving) return;
    const closed = `Connection closed (code ${e.code}${e.reason ? ': ' + e.reason : ''})`;
    showError(lastError ? `${lastError} — ${closed}` : closed);
  };
}

// Resize and DPR changes arrive in bursts (window drags, zoom steps): act once they settle.
let resizeTimer = 0;
function scheduleResize() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const size = viewportSize();
    if (size.width === canvas.width && size.height === canvas.height) return;
    sizeCanvas(size);
    send(msg.resize(size));
  }, 100);
}

// A DPR change (browser zoom, moving to another monitor) need not fire `resize`; a resolution
// media query matching the current DPR stops matching when it changes. Re-armed for the new DPR.
function watchDpr() {
  matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`)
    .addEventListener('change', () => { scheduleResize(); watchDpr(); }, {once: true});
}

const study = new URLSearchParams(location.search).get('study');
sizeCanvas(viewportSize());
showLossy(false);
if (!study) {
  showError('No study selected (the page URL needs ?study=...)');
} else {
  attachInput(canvas, send, msg);
  addEventListener('resize', scheduleResize);
  watchDpr();
  addEventListener('pagehide', () => { leaving = true; ws?.close(1000); });
  // H.264 for interactive frames when this browser decodes it (?h264=0 turns it off)
  const allowH264 = new URLSearchParams(location.search).get('h264') !== '0';
  (allowH264 ? h264Supported() : Promise.resolve(false)).then((ok) => {
    stats.h264Supported = ok;
    connect(study, ok ? ['h264', 'jpeg', 'png'] : ['jpeg', 'png']);
  });
}
