package io.radstream.server.encode;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Lossy 8-bit grayscale or colour JPEG for interactive frames (JDK ImageIO baseline encoder; colour as JFIF YCbCr). */
public final class JpegEncoder {
    private final float quality;

    public JpegEncoder(float quality) {
        this.quality = quality;
    }

    public byte[] encodeGray(int width, int height, byte[] gray) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(gray, 0, target, 0, gray.length);
        return write(img, width * height / 8);
    }

    /** @param rgb R, G, B bytes per pixel, row-major */
    public byte[] encodeRgb(int width, int height, byte[] rgb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i + 2 < bgr.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return write(img, width * height / 4);
    }

    private byte[] write(BufferedImage img, int sizeHint) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, sizeHint));
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                writer.write(null, new IIOImage(img, null, null), p);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory: cannot happen short of a JDK bug
        } finally {
            writer.dispose();
        }
    }
}
