package io.radstream.server.encode;

import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.codecs.h264.io.model.VUIParameters;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * H.264 interactive frames with jcodec 0.2.5 (pure Java): Constrained Baseline, Annex-B, 4:2:0 with
 * the gray image as Y and neutral chroma. The SPS carries a VUI with {@code video_full_range_flag=1}
 * so decoders map Y 0..255 to 0..255 (without it a browser treats Y as 16..235 and grays shift),
 * and a level chosen from the frame size so DBT-sized viewports stay within the level's frame-size
 * limit. A new GOP (SPS, PPS, IDR) starts on the first frame, after {@link #restart()}, when the
 * size changes, and every {@link #MAX_GOP} frames; every other frame is a P frame.
 *
 * <p>Quality maps to a constant QP per frame (ladder 0.85 → QP 24 … 0.4 → QP 35). One instance per
 * viewport; not thread-safe.
 */
public final class H264Encoder implements InteractiveEncoder {
    /**
     * Bounds how long a client whose decoder failed waits for the next IDR. {@code -Dradstream.h264.gop=1}
     * makes every frame an IDR (all-intra): with jcodec that is cheaper than P frames for about the
     * same bytes on CT content (docs/benchmarks.md).
     */
    public static final int MAX_GOP = Math.max(1, Integer.getInteger("radstream.h264.gop", 120));

    private final ConstantQp rc = new ConstantQp();
    private Jcodec encoder;
    private Picture picture;
    private int width = -1, height = -1;
    private int sinceKey;
    private int frameNum;
    private boolean restart = true;
    private ByteBuffer out;

    @Override
    public int codecId() {
        return H264;
    }

    @Override
    public void restart() {
        restart = true;
    }

    @Override
    public Encoded encode(int width, int height, byte[] gray, float quality) {
        if (gray.length < width * height) throw new IllegalArgumentException("gray buffer smaller than " + width + "x" + height);
        boolean key = restart || width != this.width || height != this.height || sinceKey >= MAX_GOP - 1;
        if (width != this.width || height != this.height) {
            this.width = width;
            this.height = height;
            // a fresh encoder per size: jcodec sizes its row buffers on the first frame it sees
            encoder = new Jcodec(rc);
            // jcodec wants even plane sizes: an odd last row/column is repeated and cropped away by the SPS
            picture = Picture.create((width + 1) & ~1, (height + 1) & ~1, ColorSpace.YUV420J);
            Arrays.fill(picture.getPlaneData(1), (byte) 0); // jcodec samples are value − 128: neutral chroma
            Arrays.fill(picture.getPlaneData(2), (byte) 0);
            out = ByteBuffer.allocate(Math.max(64 * 1024, width * height * 2));
        }
        fillLuma(width, height, gray);
        rc.qp = qpFor(quality);
        out.clear();
        // jcodec's encodePFrame repeats SPS/PPS and flags the slice as IDR; call the core directly
        frameNum = key ? 0 : frameNum + 1;
        ByteBuffer frame = key ? encoder.encodeIDRFrame(picture, out)
                : encoder.doEncodeFrame(picture, out, false, frameNum, SliceType.P);
        byte[] data = new byte[frame.remaining()];
        frame.get(data);
        restart = false;
        sinceKey = key ? 0 : sinceKey + 1;
        return new Encoded(data, key);
    }

    private void fillLuma(int width, int height, byte[] gray) {
        byte[] y = picture.getPlaneData(0);
        int pw = picture.getWidth();
        for (int row = 0; row < picture.getHeight(); row++) {
            int src = Math.min(row, height - 1) * width;
            int dst = row * pw;
            for (int x = 0; x < width; x++) y[dst + x] = (byte) ((gray[src + x] & 0xff) - 128);
            if (pw > width) y[dst + width] = y[dst + width - 1];
        }
    }

    /** Rate-ladder quality to QP: 0.85 → 24, 0.6 → 30, 0.4 → 35 (bounded 18..40). */
    static int qpFor(float quality) {
        return Math.max(18, Math.min(40, Math.round(45 - 25 * quality)));
    }

    /**
     * Smallest level whose MaxFS (frame size in macroblocks, H.264 Table A-1) holds the frame; 3.1
     * at least (what every decoder supports), 5.1 for DBT-sized viewports, 6.0 beyond that.
     */
    static int levelFor(int width, int height) {
        int mbs = ((width + 15) / 16) * ((height + 15) / 16);
        if (mbs <= 3600) return 31;
        if (mbs <= 8192) return 40;
        if (mbs <= 22080) return 50;
        if (mbs <= 36864) return 51;
        return 60;
    }

    /** jcodec's encoder with our SPS: Constrained Baseline, a VUI with full range, a size-fit level. */
    private static final class Jcodec extends org.jcodec.codecs.h264.H264Encoder {
        Jcodec(RateControl rc) {
            super(rc);
        }

        @Override
        public SeqParameterSet initSPS(Size size) {
            SeqParameterSet sps = super.initSPS(size);
            sps.constraintSet0Flag = true; // no FMO/ASO/redundant slices: Constrained Baseline (avc1.42E0xx)
            sps.constraintSet1Flag = true;
            sps.levelIdc = levelFor(size.getWidth(), size.getHeight());
            VUIParameters vui = new VUIParameters();
            vui.videoSignalTypePresentFlag = true;
            vui.videoFormat = 5; // unspecified
            vui.videoFullRangeFlag = true;
            vui.colourDescriptionPresentFlag = true;
            vui.colourPrimaries = 1; // BT.709
            vui.transferCharacteristics = 13; // sRGB: the gray values are display values
            vui.matrixCoefficients = 1; // BT.709 (irrelevant with neutral chroma)
            sps.vuiParams = vui;
            return sps;
        }
    }

    /** A constant QP per frame, no per-macroblock adaptation: quality follows the rate ladder. */
    private static final class ConstantQp implements RateControl {
        int qp = 26;

        @Override
        public int startPicture(Size size, int maxSize, SliceType sliceType) {
            return qp;
        }

        @Override
        public int initialQpDelta() {
            return 0;
        }

        @Override
        public int accept(int bits) {
            return 0;
        }
    }
}
