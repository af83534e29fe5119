package io.radstream.volume.dicom;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random access to the bytes of a data set. The parser reads headers through a small window; pixel
 * data is read only when a frame is asked for, so opening a 1 GB tomosynthesis object touches a few
 * kilobytes.
 */
public sealed abstract class DicomInput implements Closeable permits DicomInput.OfChannel, DicomInput.OfArray {

    public abstract long length();

    /** Reads exactly {@code len} bytes at {@code pos}; fails with EOFException past the end. */
    public abstract void read(long pos, byte[] dst, int off, int len) throws IOException;

    public byte[] read(long pos, int len) throws IOException {
        byte[] b = new byte[len];
        read(pos, b, 0, len);
        return b;
    }

    /** Reads a bulk data value; values of 2 GB or more cannot be held in one array. */
    public byte[] read(DicomValue.BulkData bulk) throws IOException {
        if (bulk.length() > Integer.MAX_VALUE - 16) {
            throw new IOException("bulk data of " + bulk.length() + " bytes is too large for one read");
        }
        return read(bulk.offset(), (int) bulk.length());
    }

    public static DicomInput open(Path file) throws IOException {
        return new OfChannel(FileChannel.open(file, StandardOpenOption.READ));
    }

    public static DicomInput of(byte[] bytes) {
        return new OfArray(bytes);
    }

    /** A file, read through a 64 KB window for headers and directly for large reads. */
    public static final class OfChannel extends DicomInput {
        private static final int WINDOW = 64 * 1024;
        private final FileChannel channel;
        private final long length;
        private final byte[] window = new byte[WINDOW];
        private long windowStart = -1;
        private int windowLength;

        OfChannel(FileChannel channel) throws IOException {
            this.channel = channel;
            this.length = channel.size();
        }

        @Override
        public long length() { return length; }

        @Override
        public synchronized void read(long pos, byte[] dst, int off, int len) throws IOException {
            if (pos < 0 || pos + len > length) {
                throw new EOFException("read of " + len + " bytes at " + pos + " past end of file (" + length + ")");
            }
            if (len > WINDOW / 2) {
                readDirect(pos, ByteBuffer.wrap(dst, off, len));
                return;
            }
            if (windowStart < 0 || pos < windowStart || pos + len > windowStart + windowLength) {
                windowStart = pos;
                windowLength = (int) Math.min(WINDOW, length - pos);
                readDirect(pos, ByteBuffer.wrap(window, 0, windowLength));
            }
            System.arraycopy(window, (int) (pos - windowStart), dst, off, len);
        }

        private void readDirect(long pos, ByteBuffer buf) throws IOException {
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos);
                if (n < 0) throw new EOFException("unexpected end of file at " + pos);
                pos += n;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Bytes in memory: an inflated deflate data set, or test input. */
    public static final class OfArray extends DicomInput {
        private final byte[] bytes;

        OfArray(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long length() { return bytes.length; }

        @Override
        public void read(long pos, byte[] dst, int off, int len) throws IOException {
            if (pos < 0 || pos + len > bytes.length) {
                throw new EOFException("read of " + len + " bytes at " + pos + " past end of data (" + bytes.length + ")");
            }
            System.arraycopy(bytes, (int) pos, dst, off, len);
        }

        @Override
        public void close() {}
    }
}
