// Turns browser gestures into protocol `input` messages. The server owns all view state; the
// client only reports what the user did.

const STACK_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);
// 1: native stack, 2/3/4: axial/coronal/sagittal reformat, 5: full-volume MIP (r spins it)
const VIEW_KEYS = {'1': 'native', '2': 'axial', '3': 'coronal', '4': 'sagittal', '5': 'volume'};
// v cycles the data set's VOI presets (its windows and VOI LUTs); a W/L drag leaves them for a user window
// m cycles the slab of a reformat: thin → 10 mm MIP → 10 mm MinIP → 10 mm average → thin
const SLABS = [[0, 'MIP'], [10, 'MIP'], [10, 'MINIP'], [10, 'AVG']];

/**
 * Wires input on the viewports' canvases. `targets` is [{canvas, id}]; `send(id, message)`
 * receives protocol messages built by `msg` for viewport `id`. Pointer input goes to the canvas
 * under the pointer; keys go to the viewport the pointer was last over (or pressed in).
 * Options: `linked` (a layout with a crosshair: key x toggles the crosshair tool),
 * `onLayoutKey` (key l), `stateOf(id)` (the viewport's last `state`, for cine).
 */
export function attachInput(targets, send, msg, {linked = false, onLayoutKey = null, stateOf = () => null} = {}) {
  let active = targets[0].id;
  let crosshairTool = false;
  const slabs = new Map(); // viewport id -> index into SLABS
  const cine = startCine((m) => send(active, m), msg, () => stateOf(active));
  const spin = startSpin((m) => send(active, m), msg);
  window.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'c' || e.key === 'C') return cine.toggle();
    if (e.key === 'r' || e.key === 'R') return spin.toggle();
    if (e.key === '+' || e.key === '=') return cine.faster();
    if (e.key === '-') return cine.slower();
    if ((e.key === 'l' || e.key === 'L') && onLayoutKey) return onLayoutKey();
    if ((e.key === 'x' || e.key === 'X') && linked) {
      crosshairTool = !crosshairTool;
      if (window.radstreamStats) window.radstreamStats.crosshairTool = crosshairTool;
      for (const {canvas} of targets) canvas.classList.toggle('crosshair-tool', crosshairTool);
      return;
    }
    if (VIEW_KEYS[e.key]) {
      slabs.set(active, 0);
      send(active, msg.view(VIEW_KEYS[e.key]));
      return;
    }
    if (e.key === 'v' || e.key === 'V') {
      send(active, {type: 'input', kind: 'voi'});
      return;
    }
    if (e.key === 'm' || e.key === 'M') {
      const slab = ((slabs.get(active) ?? 0) + 1) % SLABS.length;
      slabs.set(active, slab);
      send(active, msg.slab(...SLABS[slab]));
      return;
    }
    if (!STACK_KEYS.has(e.key)) return;
    e.preventDefault(); // otherwise the keys would also scroll the document
    send(active, msg.key(e.key));
  });
  for (const {canvas, id} of targets) attachPointer(canvas, (m) => send(id, m), msg, () => crosshairTool, () => { active = id; });
}

/**
 * Pointer input on one canvas. Drags: the tool is fixed at pointerdown. Moves are accumulated and
 * flushed at most once per animation frame, since the server can't render faster than the display
 * anyway. Sub-pixel remainders are carried over so the sum of sent dx/dy equals the pointer's
 * total motion. The crosshair tool sends absolute canvas positions (device pixels) instead.
 */
function attachPointer(canvas, send, msg, crosshairTool, activate) {
  // One slice per wheel event whatever the device reports (trackpads send many small deltas,
  // mice a few large ones); passive:false so preventDefault stops page zoom/scroll.
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    activate();
    if (e.deltaY !== 0) send(msg.wheel(Math.sign(e.deltaY)));
  }, {passive: false});
  canvas.addEventListener('pointerenter', activate);

  canvas.addEventListener('dblclick', (e) => { e.preventDefault(); send(msg.reset()); });
  canvas.addEventListener('contextmenu', (e) => e.preventDefault()); // right-drag is zoom

  let drag = null; // {pointerId, tool, lastX, lastY, dx, dy, raf}

  // canvas coordinates in device pixels (the canvas has one bitmap pixel per device pixel)
  const canvasPoint = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
  };

  const flush = () => {
    if (!drag) return;
    drag.raf = 0;
    if (drag.tool === 'crosshair') {
      if (drag.at) send(msg.crosshair(...drag.at));
      drag.at = null;
      return;
    }
    const dx = Math.round(drag.dx), dy = Math.round(drag.dy);
    if (dx === 0 && dy === 0) return;
    drag.dx -= dx;
    drag.dy -= dy;
    send(msg.drag(drag.tool, dx, dy));
  };

  canvas.addEventListener('pointerdown', (e) => {
    if (drag) return; // a second button during a drag changes nothing
    activate();
    const tool = e.button === 1 || (e.button === 0 && e.shiftKey) ? 'pan'
      : e.button === 2 ? 'zoom'
      : e.button === 0 && (e.ctrlKey || e.altKey) ? 'rotate' // tilts a reformatted plane
      : e.button === 0 && crosshairTool() ? 'crosshair' // moves the linked views' focal point
      : e.button === 0 ? 'windowLevel' : null;
    if (!tool) return;
    e.preventDefault(); // no middle-click autoscroll, no text selection
    try {
      canvas.setPointerCapture(e.pointerId); // keep receiving moves outside the canvas
    } catch {
      // synthetic events (tests, assistive tools) have no capturable pointer; drag still works
    }
    const dpr = window.devicePixelRatio || 1;
    drag = {pointerId: e.pointerId, tool, lastX: e.clientX * dpr, lastY: e.clientY * dpr, dx: 0, dy: 0, raf: 0, at: null};
    if (tool === 'crosshair') send(msg.crosshair(...canvasPoint(e)));
  });

  canvas.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    if (drag.tool === 'crosshair') {
      drag.at = canvasPoint(e);
    } else {
      // protocol deltas are device pixels; clientX/Y are CSS pixels
      const dpr = window.devicePixelRatio || 1;
      const x = e.clientX * dpr, y = e.clientY * dpr;
      drag.dx += x - drag.lastX;
      drag.dy += y - drag.lastY;
      drag.lastX = x;
      drag.lastY = y;
    }
    if (!drag.raf) drag.raf = requestAnimationFrame(flush);
  });

  const end = (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    if (drag.raf) cancelAnimationFrame(drag.raf);
    flush(); // don't lose the last partial frame of motion
    drag = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}

/**
 * Cine: steps through the stack (or moves a reformat) at a chosen rate, bouncing at the ends. The
 * server still renders every step; the client only sends wheel steps on a timer. Reads the
 * position from the viewport's last state (`stateNow()`) to notice the end of the stack.
 */
function startCine(send, msg, stateNow) {
  let timer = 0, fps = 10, direction = 1, last = null;
  const where = () => {
    const s = stateNow();
    return s ? `${s.slice}|${s.positionMm}` : null;
  };
  const tick = () => {
    const now = where();
    if (now !== null && now === last) direction = -direction; // did not move: at an end
    last = now;
    send(msg.wheel(direction));
  };
  const restart = () => {
    if (timer) clearInterval(timer);
    timer = setInterval(tick, 1000 / fps);
    if (window.radstreamStats) window.radstreamStats.cineFps = fps;
  };
  return {
    toggle() {
      if (timer) {
        clearInterval(timer);
        timer = 0;
        if (window.radstreamStats) window.radstreamStats.cineFps = 0;
      } else {
        last = null;
        restart();
      }
    },
    faster() { fps = Math.min(30, fps + 2); if (timer) restart(); },
    slower() { fps = Math.max(2, fps - 2); if (timer) restart(); },
  };
}

/**
 * Spin: turns a reformat (the full-volume MIP, key 5) about the viewport's vertical axis, 3° per
 * step at 15 steps per second, by sending the same rotate drags as ctrl-drag. Like cine, the
 * server renders every step; a slow view comes back smaller while it turns and full size and
 * lossless once it stops.
 */
function startSpin(send, msg) {
  const STEP_PX = 6; // 3° at the server's 0.5° per pixel of rotate drag
  let timer = 0;
  return {
    toggle() {
      if (timer) {
        clearInterval(timer);
        timer = 0;
      } else {
        timer = setInterval(() => send(msg.drag('rotate', STEP_PX, 0)), 1000 / 15);
      }
      if (window.radstreamStats) window.radstreamStats.spinning = timer !== 0;
    },
  };
}
