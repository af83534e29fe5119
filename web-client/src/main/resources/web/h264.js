// H.264 interactive frames through WebCodecs (docs/protocol.md, codec 3). The server sends
// Constrained Baseline Annex-B access units with SPS/PPS in every IDR, so no `description` is
// needed; the decoder is (re)configured on each IDR whose size or profile/level changed.

// What the server's encoders write at most: Constrained Baseline, level 5.1 (DBT-sized viewports).
// viewer.html's start-up script probes the browser for the same codec string before hello.
export const PROBE_CODEC = 'avc1.42E033';

/** 'avc1.PPCCLL' from the SPS in an Annex-B access unit, or null when it has none. */
export function codecFromAccessUnit(au) {
  for (let i = 0; i + 4 < au.length; i++) {
    // start code 00 00 01 (a 4-byte one ends the same way)
    if (au[i] === 0 && au[i + 1] === 0 && au[i + 2] === 1) {
      if ((au[i + 3] & 0x1f) === 7 && i + 6 < au.length) {
        const hex = (b) => b.toString(16).padStart(2, '0').toUpperCase();
        return `avc1.${hex(au[i + 4])}${hex(au[i + 5])}${hex(au[i + 6])}`;
      }
      i += 2;
    }
  }
  return null;
}

/**
 * One decoder per viewport. `paint(videoFrame, header)` is called for every decoded frame, in
 * order; it must not keep the VideoFrame (this module closes it right after). After a decode
 * error the decoder is dropped and delta frames are ignored until the next IDR, which the
 * server sends after any gap anyway (and at least every 120 frames).
 */
export class H264Stream {
  constructor(paint) {
    this.paint = paint;
    this.decoder = null;
    this.config = null;
    this.pending = new Map(); // frame id (chunk timestamp) -> parsed header
    this.errors = 0;
  }

  /** Decodes one parsed frame (codec 'h264'). */
  decode(f) {
    if (f.keyFrame) {
      const codec = codecFromAccessUnit(f.payload) ?? PROBE_CODEC;
      const c = this.config;
      if (!this.decoder || this.decoder.state === 'closed' || !c || c.codec !== codec
          || c.codedWidth !== f.width || c.codedHeight !== f.height) {
        this.reset();
        this.decoder = new VideoDecoder({
          output: (frame) => this.output(frame),
          error: (e) => this.fail(e),
        });
        this.config = {codec, codedWidth: f.width, codedHeight: f.height, optimizeForLatency: true};
        this.decoder.configure(this.config);
      }
    } else if (!this.decoder || this.decoder.state !== 'configured') {
      return; // waiting for an IDR
    }
    this.pending.set(f.id, f);
    try {
      this.decoder.decode(new EncodedVideoChunk({
        type: f.keyFrame ? 'key' : 'delta', timestamp: f.id, data: f.payload,
      }));
    } catch (e) {
      this.fail(e);
    }
  }

  output(frame) {
    try {
      const f = this.pending.get(frame.timestamp);
      // frames come out in order: anything older than this one will never come
      for (const id of this.pending.keys()) if (id <= frame.timestamp) this.pending.delete(id);
      if (f) this.paint(frame, f);
    } finally {
      frame.close();
    }
  }

  fail(e) {
    this.errors++;
    console.warn('H.264 decode failed; waiting for the next key frame:', e?.message ?? e);
    this.reset();
  }

  reset() {
    if (this.decoder && this.decoder.state !== 'closed') {
      try { this.decoder.close(); } catch { /* already closed */ }
    }
    this.decoder = null;
    this.config = null;
    this.pending.clear();
  }
}
