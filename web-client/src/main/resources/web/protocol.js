// Radstream wire protocol v1, client side (docs/protocol.md).

export const HEADER_BYTES = 32;
const MAGIC = 0x52534631; // "RSF1"
const CODECS = {1: 'jpeg', 2: 'png', 3: 'h264'};
export const MIME = {jpeg: 'image/jpeg', png: 'image/png'};

/**
 * Parses a binary frame. Returns {id, viewport, codec, lossless, keyFrame, width, height,
 * renderUs, encodeUs, seq, payload} or throws on a malformed frame.
 * payload is a view into the same buffer (no copy).
 */
export function parseFrame(buffer) {
  if (buffer.byteLength < HEADER_BYTES) throw new Error(`frame too short: ${buffer.byteLength} bytes`);
  const v = new DataView(buffer); // DataView reads big-endian by default
  if (v.getUint32(0) !== MAGIC) throw new Error('bad frame magic');
  const codec = CODECS[v.getUint8(9)];
  if (!codec) throw new Error(`unknown codec ${v.getUint8(9)}`);
  const flags = v.getUint8(10);
  const length = v.getUint32(28);
  if (HEADER_BYTES + length > buffer.byteLength) throw new Error('truncated frame payload');
  return {
    id: v.getUint32(4),
    viewport: v.getUint8(8),
    codec,
    lossless: (flags & 1) !== 0,
    keyFrame: (flags & 2) !== 0,
    width: v.getUint16(12),
    height: v.getUint16(14),
    renderUs: v.getUint32(16),
    encodeUs: v.getUint32(20),
    seq: v.getUint32(24),
    payload: new Uint8Array(buffer, HEADER_BYTES, length),
  };
}

// Client -> server messages, one constructor each so field names live in one place. In a layout of
// several viewports the caller adds `viewport` (absent means 0, as for clients before layouts).
// `hello` is not here: viewer.html's inline start-up script sends it before these modules load.
export const msg = {
  resize: (size) => ({type: 'resize', ...size}),
  wheel: (delta) => ({type: 'input', kind: 'wheel', delta}),
  key: (key) => ({type: 'input', kind: 'key', key}),
  drag: (tool, dx, dy) => ({type: 'input', kind: 'drag', tool, dx, dy}),
  reset: () => ({type: 'input', kind: 'reset'}),
  view: (view) => ({type: 'input', kind: 'view', view}),
  slab: (mm, projection) => ({type: 'input', kind: 'slab', mm, projection}),
  crosshair: (x, y) => ({type: 'input', kind: 'crosshair', x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100}),
  ack: (frame, decodeMs) => ({type: 'ack', frame, decodeMs}),
};
