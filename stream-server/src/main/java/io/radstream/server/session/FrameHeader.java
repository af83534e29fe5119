package io.radstream.server.session;

import io.netty.buffer.ByteBuf;

/** The 32-byte binary frame header of docs/protocol.md, big-endian. */
public record FrameHeader(int frameId, int viewport, Codec codec, boolean lossless, boolean keyFrame, int width,
                          int height, int renderMicros, int encodeMicros, int stateSeq, int payloadLength) {
    public static final int MAGIC = 0x52534631; // "RSF1"
    public static final int SIZE = 32;

    public enum Codec {
        JPEG(1), PNG(2), H264(3);
        public final int id;

        Codec(int id) {
            this.id = id;
        }

        public static Codec of(int id) {
            for (Codec c : values()) if (c.id == id) return c;
            throw new IllegalArgumentException("codec " + id);
        }
    }

    public void writeTo(ByteBuf buf) {
        buf.writeInt(MAGIC);
        buf.writeInt(frameId);
        buf.writeByte(viewport);
        buf.writeByte(codec.id);
        buf.writeByte((lossless ? 1 : 0) | (keyFrame ? 2 : 0));
        buf.writeByte(0);
        buf.writeShort(width);
        buf.writeShort(height);
        buf.writeInt(renderMicros);
        buf.writeInt(encodeMicros);
        buf.writeInt(stateSeq);
        buf.writeInt(payloadLength);
    }
}
