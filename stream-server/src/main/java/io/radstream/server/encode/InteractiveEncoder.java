package io.radstream.server.encode;

/**
 * Encodes the lossy interactive frames of one viewport. JPEG is stateless; H.264 keeps a reference
 * picture, so an instance belongs to one viewport and is called by one thread at a time.
 */
public interface InteractiveEncoder {

    /** Wire codec ids of docs/protocol.md. */
    int JPEG = 1;
    int H264 = 3;

    /** One encoded frame: {@code keyFrame} is true for every JPEG and for an H.264 IDR access unit. */
    record Encoded(byte[] data, boolean keyFrame) {}

    /** The codec id written into the frame header. */
    int codecId();

    /**
     * @param quality 0..1 from the rate ladder (JPEG quality; H.264 maps it to a QP)
     */
    Encoded encode(int width, int height, byte[] gray, float quality);

    /**
     * Encodes a rendered frame. Gray frames go to {@link #encode(int, int, byte[], float)}; colour
     * frames only to encoders that override this (JPEG): H.264 here carries gray as luma only.
     */
    default Encoded encode(io.radstream.render.Frame frame, float quality) {
        if (frame.isColor()) throw new UnsupportedOperationException(getClass().getSimpleName() + " encodes gray frames only");
        return encode(frame.width(), frame.height(), frame.gray(), quality);
    }

    /**
     * The next frame must decode on its own (a frame was not delivered, a still went in between):
     * H.264 starts a new GOP with an IDR; JPEG ignores it.
     */
    default void restart() {}
}
