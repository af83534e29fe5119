// Radstream thin client: shows the frames the server renders and reports input. It keeps no
// image data besides what is on the canvases and stores nothing (no storage APIs, no cookies).
// One viewport (?layout=1x1, the default) or a linked MPR triple (?layout=1x3: axial, coronal,
// sagittal side by side, sharing a focal point whose crosshair the client draws itself).
import {parseFrame, MIME, msg} from './protocol.js';
import {H264Stream} from './h264.js';
import {attachInput} from './input.js';
import {showState, showLossy, showError, showProgress, showNotice} from './overlay.js';

// viewer.html's inline start-up script has already opened the socket and sent hello
const boot = window.radstreamBoot;
const {layout, study} = boot;
const linked = layout !== '1x1';
// crosshair colours, one per viewport's plane (axial, coronal, sagittal); a line takes the colour
// of the view whose plane it is, and each pane shows its own colour in a bar at the top
const PLANE_COLORS = ['#ff5a5a', '#4fd24f', '#5aa0ff'];

// Diagnostics read by the browser tests. The top-level lastFrame/state are viewport 0's.
const stats = window.radstreamStats = {framesPainted: 0, firstFrameMs: null, lastFrame: null, state: null, layout,
  viewports: []};
stats.h264Frames = 0;
// where time to first image goes, in performance.now() ms since navigation start (read by benchmarks)
stats.openMarks = boot.marks;
stats.openMarks.script = performance.now();

let leaving = false;      // we closed the socket ourselves: no error banner
let lastError = null;     // last `error` message, repeated in the close banner

function send(message) {
  // nothing may precede hello, which travels in the socket's URL: inputs wait for the open socket
  const ws = boot.socket; // created by the start-up script once the H.264 probe has answered
  if (ws && boot.helloSent && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

/** Input for viewport `id`: old-style messages in the single layout, tagged with the viewport otherwise. */
function sendFor(id, message) {
  send(linked ? {...message, viewport: id} : message);
}

/** One canvas the server paints frames into, with its overlay text, LOSSY badge and crosshair. */
class Viewport {
  constructor(id, canvas, crossCanvas, find) {
    this.id = id;
    this.canvas = canvas;
    this.cross = crossCanvas; // separate canvas over the image: the image canvas holds server pixels only
    this.find = find;
    // alpha:false: frames are opaque, and an opaque canvas needs no compositing with the page
    this.ctx = canvas.getContext('2d', {alpha: false});
    this.lastPaintedId = -1;
    this.state = null;
    this.stats = stats.viewports[id] = {framesPainted: 0, lastFrame: null, state: null, crosshair: null};
    // H.264 streams are per viewport: each has its own decoder, starting at its own IDR
    this.h264 = new H264Stream((frame, f) => {
      if (f.id <= this.lastPaintedId) return; // a still overtook it; the caller closes the frame
      this.paint(frame, frame.displayWidth, frame.displayHeight, f);
    });
  }

  setSize({width, height}) {
    for (const c of [this.canvas, this.cross]) {
      if (!c) continue;
      c.width = width;   // also clears the canvas and resets the context state
      c.height = height;
    }
    this.ctx.imageSmoothingEnabled = false;
    this.drawCrosshair();
  }

  async onFrame(f) {
    if (f.codec === 'h264') {
      this.h264.decode(f); // every frame, painted or not: later P frames reference it
      return;
    }
    if (f.id <= this.lastPaintedId) return; // older than what is already on screen
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
    if (f.lossless && stats.openMarks.firstLosslessDecoded === undefined) stats.openMarks.firstLosslessDecoded = performance.now();
    // decodes run concurrently: a newer frame may have been painted while this one decoded
    if (f.id <= this.lastPaintedId) {
      bitmap.close();
      return;
    }
    this.paint(bitmap, bitmap.width, bitmap.height, f);
    bitmap.close(); // release the decoded pixels now rather than at GC time
  }

  /** Paints a decoded frame (ImageBitmap or VideoFrame, `width`×`height`) and acknowledges it. */
  paint(bitmap, width, height, f) {
    const {canvas, ctx} = this;
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
    this.lastPaintedId = f.id;
    const decodeMs = performance.now() - f.receivedAt;
    if (f.codec === 'h264') stats.h264Frames++;
    const last = {id: f.id, viewport: f.viewport, codec: f.codec, lossless: f.lossless, width: f.width, height: f.height, seq: f.seq};
    stats.framesPainted++;
    this.stats.framesPainted++;
    this.stats.lastFrame = last;
    if (this.id === 0) stats.lastFrame = last;
    if (f.lossless && stats.firstFrameMs === null) {
      stats.firstFrameMs = performance.now();
      stats.openMarks.firstLosslessReceived = f.receivedAt;
      stats.openMarks.firstLosslessPainted = stats.firstFrameMs;
    }
    showLossy(!f.lossless, this.find);
    send(msg.ack(f.id, Math.round(decodeMs * 100) / 100)); // acks are per session, not per viewport
  }

  onState(m) {
    this.state = m;
    this.stats.state = m;
    if (this.id === 0) stats.state = m;
    showState(m, this.find);
    this.drawCrosshair();
  }

  /**
   * The other views' planes as lines through the focal point, in their colours, with a gap
   * around the point itself so the anatomy under it stays visible.
   */
  drawCrosshair() {
    const c = this.state?.crosshair;
    if (!this.cross) return;
    const g = this.cross.getContext('2d');
    g.clearRect(0, 0, this.cross.width, this.cross.height);
    this.stats.crosshair = c ?? null;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const reach = Math.hypot(this.cross.width, this.cross.height) + Math.hypot(c.x, c.y);
    const gap = 12 * dpr;
    g.lineWidth = Math.max(1, Math.round(dpr));
    for (const line of c.lines) {
      g.strokeStyle = PLANE_COLORS[line.viewport] ?? '#fff';
      g.beginPath();
      for (const sign of [1, -1]) {
        g.moveTo(c.x + sign * gap * line.dx, c.y + sign * gap * line.dy);
        g.lineTo(c.x + sign * reach * line.dx, c.y + sign * reach * line.dy);
      }
      g.stroke();
    }
  }
}

// ---- the viewports of this layout ----

const viewports = [];
if (!linked) {
  viewports.push(new Viewport(0, document.getElementById('image'), null, (id) => document.getElementById(id)));
} else {
  for (const id of ['image', 'overlay', 'edgeLeft', 'edgeRight', 'edgeTop', 'edgeBottom']) {
    document.getElementById(id).hidden = true;
  }
  const panes = document.getElementById('panes');
  panes.hidden = false;
  const template = document.getElementById('pane-template');
  for (let id = 0; id < 3; id++) {
    const pane = template.content.firstElementChild.cloneNode(true);
    pane.id = `pane-${id}`;
    pane.querySelector('.image').id = `image-${id}`;
    pane.querySelector('.cross').id = `cross-${id}`;
    pane.querySelector('.bar').style.background = PLANE_COLORS[id];
    panes.append(pane);
    viewports.push(new Viewport(id, pane.querySelector('.image'), pane.querySelector('.cross'),
      (f) => pane.querySelector(`[data-f="${f}"]`)));
  }
}

// Canvas sizes come from the start-up script (hello used the same); linked panes get its CSS width.
function viewportSize() {
  if (linked) {
    const cssWidth = boot.paneCssWidth();
    for (const v of viewports) {
      v.canvas.parentElement.style.width = `${cssWidth}px`;
      v.canvas.parentElement.style.height = `${innerHeight}px`;
    }
  }
  return boot.viewportSize();
}

function onBinary(buffer, receivedAt) {
  let f;
  try {
    f = parseFrame(buffer);
  } catch (err) {
    console.warn('ignoring bad frame:', err.message);
    return;
  }
  f.receivedAt = receivedAt;
  const v = viewports[f.viewport];
  if (!v) {
    console.warn(`ignoring a frame for viewport ${f.viewport}: this layout has ${viewports.length}`);
    return;
  }
  v.onFrame(f);
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
    const v = viewports[m.viewport ?? 0];
    if (!v) return;
    v.onState(m);
    // a missing slice outranks the lossy-source notice
    if (v.id === 0) showNotice(m.sliceError ?? stats.notice ?? null, v.find);
  } else if (m.type === 'progress') {
    stats.progress = {ready: m.ready, total: m.total};
    showProgress(m.ready, m.total, viewports[0].find);
  } else if (m.type === 'notice') {
    stats.notice = m.message;
    showNotice(m.message, viewports[0].find);
  } else if (m.type === 'error') {
    lastError = String(m.message ?? 'error');
    showError(lastError);
  }
}

/** Takes over the start-up script's socket; messages that came before are replayed first. */
function connect() {
  boot.attach({
    message(e, receivedAt) {
      if (typeof e.data === 'string') onText(e.data);
      else onBinary(e.data, receivedAt);
    },
    close(e) {
      if (leaving) return;
      const closed = `Connection closed (code ${e.code}${e.reason ? ': ' + e.reason : ''})`;
      showError(lastError ? `${lastError} — ${closed}` : closed);
    },
  });
}

// Resize and DPR changes arrive in bursts (window drags, zoom steps): act once they settle.
let resizeTimer = 0;
function scheduleResize() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const size = viewportSize();
    for (const v of viewports) {
      if (size.width === v.canvas.width && size.height === v.canvas.height) continue;
      v.setSize(size);
      sendFor(v.id, msg.resize(size));
    }
  }, 100);
}

// A DPR change (browser zoom, moving to another monitor) need not fire `resize`; a resolution
// media query matching the current DPR stops matching when it changes. Re-armed for the new DPR.
function watchDpr() {
  matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`)
    .addEventListener('change', () => { scheduleResize(); watchDpr(); }, {once: true});
}

/** Key l: the other layout, by reloading the viewer with ?layout= (the server opens a new session). */
function switchLayout() {
  const next = new URLSearchParams(location.search);
  next.set('layout', linked ? '1x1' : '1x3');
  location.search = next.toString();
}

const initialSize = viewportSize();
for (const v of viewports) {
  v.setSize(initialSize);
  showLossy(false, v.find);
}
if (!study) {
  showError('No study selected (the page URL needs ?study=...)');
} else {
  attachInput(viewports.map((v) => ({canvas: v.canvas, id: v.id})), sendFor, msg,
    {linked, onLayoutKey: switchLayout, stateOf: (id) => viewports[id]?.state ?? null});
  addEventListener('resize', scheduleResize);
  watchDpr();
  addEventListener('pagehide', () => { leaving = true; boot.socket?.close(1000); });
  // settled when hello goes out, before any frame
  Object.defineProperty(stats, 'h264Supported', {get: () => boot.h264, enumerable: true});
  connect();
}
