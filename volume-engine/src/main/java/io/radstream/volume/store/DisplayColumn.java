package io.radstream.volume.store;

import io.radstream.volume.frames.DisplayAttributes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance's {@link DisplayAttributes} as one BLOB column (schema version 4): what the index
 * needs to open a series at its own VOI presets without parsing a header. A small versioned binary
 * form (LUTs can hold 65536 entries, which text would triple); {@code null} for an instance with
 * nothing beyond rescale. Public because the open plan ({@code series.OpenPlan}) stores the same form.
 */
public final class DisplayColumn {
    private static final int FORMAT = 1;

    private DisplayColumn() {}

    public static byte[] encode(DisplayAttributes d) {
        if (d == null || d.equals(DisplayAttributes.NONE)) return null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeBoolean(d.modalityLut() != null);
            if (d.modalityLut() != null) lut(out, d.modalityLut());
            out.writeInt(d.windows().size());
            for (DisplayAttributes.Window w : d.windows()) {
                out.writeDouble(w.center());
                out.writeDouble(w.width());
                text(out, w.explanation());
            }
            text(out, d.voiLutFunction());
            out.writeInt(d.voiLuts().size());
            for (DisplayAttributes.Lut l : d.voiLuts()) lut(out, l);
            text(out, d.presentationLutShape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /** Decodes a column value; {@code null} (no value, or an index of an older release) is NONE. */
    public static DisplayAttributes decode(byte[] blob) {
        if (blob == null) return DisplayAttributes.NONE;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) throw new IllegalStateException("display attributes format " + format + " is not supported");
            DisplayAttributes.Lut modality = in.readBoolean() ? lut(in) : null;
            int n = in.readInt();
            List<DisplayAttributes.Window> windows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) windows.add(new DisplayAttributes.Window(in.readDouble(), in.readDouble(), text(in)));
            String function = text(in);
            int luts = in.readInt();
            List<DisplayAttributes.Lut> voiLuts = new ArrayList<>(luts);
            for (int i = 0; i < luts; i++) voiLuts.add(lut(in));
            return new DisplayAttributes(modality, windows, function, voiLuts, text(in));
        } catch (IOException e) {
            throw new IllegalStateException("corrupt display attributes in the index: " + e.getMessage(), e);
        }
    }

    private static void lut(DataOutputStream out, DisplayAttributes.Lut l) throws IOException {
        int[] d = l.descriptor();
        for (int v : d) out.writeInt(v);
        out.writeInt(l.words().length);
        for (int w : l.words()) out.writeShort(w);
        text(out, l.explanation());
    }

    private static DisplayAttributes.Lut lut(DataInputStream in) throws IOException {
        int[] d = {in.readInt(), in.readInt(), in.readInt()};
        int[] words = new int[in.readInt()];
        for (int i = 0; i < words.length; i++) words[i] = in.readUnsignedShort();
        return new DisplayAttributes.Lut(d, words, text(in));
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
