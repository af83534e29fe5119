package io.radstream.volume.codec.jpeg;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * DCT JPEG against the JDK's own JPEG codec (its bundled IJG libjpeg 6b, islow IDCT and fancy
 * upsampling, like DCMTK and GDCM): images of awkward sizes encoded by ImageIO as baseline,
 * progressive, 4:2:0 colour and with restart intervals must decode to exactly the samples
 * ImageIO's {@code readRaster} returns (which does no colour conversion).
 */
class DctJpegTest {
    private static final int[][] SIZES = {{1, 1}, {3, 3}, {17, 9}, {9, 17}, {64, 48}, {37, 23}, {130, 70}};
    private final JpegDecoder decoder = new JpegDecoder();

    @Test
    void grayBaselineAndProgressiveEqualImageIo() throws Exception {
        for (int[] size : SIZES) {
            for (boolean progressive : new boolean[]{false, true}) {
                for (int restart : new int[]{0, 3}) {
                    BufferedImage img = image(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY, size[0] * 7L + size[1]);
                    byte[] jpeg = encode(img, progressive, restart);
                    PixelDescription d = new PixelDescription(size[1], size[0], 1, 1, 8, 8, 7, false, "MONOCHROME2", 0, Tag.PixelData);
                    assertArrayEquals(imageIoRaster(jpeg), decoder.decode(jpeg, d),
                            size[0] + "x" + size[1] + (progressive ? " progressive" : " baseline") + " restart " + restart);
                }
            }
        }
    }

    @Test
    void colour420BaselineAndProgressiveEqualImageIoWithoutColourConversion() throws Exception {
        for (int[] size : SIZES) {
            for (boolean progressive : new boolean[]{false, true}) {
                for (int restart : new int[]{0, 2}) {
                    BufferedImage img = image(size[0], size[1], BufferedImage.TYPE_3BYTE_BGR, size[0] * 13L + size[1]);
                    byte[] jpeg = encode(img, progressive, restart);
                    PixelDescription d = new PixelDescription(size[1], size[0], 1, 3, 8, 8, 7, false, "YBR_FULL_422", 0, Tag.PixelData);
                    assertArrayEquals(imageIoRaster(jpeg), decoder.decode(jpeg, d),
                            size[0] + "x" + size[1] + (progressive ? " progressive" : " baseline") + " restart " + restart);
                }
            }
        }
    }

    /** Smooth shapes, edges and noise, so that every coefficient band is used. */
    static BufferedImage image(int w, int h, int type, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (x * 255 / Math.max(1, w - 1) + (x / 5 + y / 4) % 2 * 60) & 0xFF;
                int g = Math.clamp(base + r.nextInt(41) - 20, 0, 255);
                int rgb = type == BufferedImage.TYPE_BYTE_GRAY ? g * 0x010101
                        : g << 16 | Math.clamp(255 - base + r.nextInt(21) - 10, 0, 255) << 8 | (y * 255 / Math.max(1, h - 1));
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** ImageIO's JPEG writer: JFIF, 4:2:0 for colour, quality 0.75, optionally progressive and with a restart interval. */
    static byte[] encode(BufferedImage img, boolean progressive, int restartInterval) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.75f);
        if (progressive) param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        if (restartInterval > 0) {
            String format = "javax_imageio_jpeg_image_1.0";
            Node tree = meta.getAsTree(format);
            Node markers = ((Element) tree).getElementsByTagName("markerSequence").item(0);
            Element dri = new javax.imageio.metadata.IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restartInterval));
            markers.insertBefore(dri, markers.getFirstChild());
            meta.setFromTree(format, tree);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        if (restartInterval > 0) LosslessJpegTest.indexOf(jpeg, (byte) 0xDD); // the DRI made it into the stream
        return jpeg;
    }

    /** ImageIO's decoded samples, interleaved, without colour conversion. */
    static byte[] imageIoRaster(byte[] jpeg) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            int n = raster.getNumBands();
            byte[] out = new byte[raster.getWidth() * raster.getHeight() * n];
            raster.getDataElements(0, 0, raster.getWidth(), raster.getHeight(), out);
            if (raster.getDataBuffer() instanceof DataBufferByte) return out;
            throw new AssertionError("unexpected raster type");
        } finally {
            reader.dispose();
        }
    }

}
