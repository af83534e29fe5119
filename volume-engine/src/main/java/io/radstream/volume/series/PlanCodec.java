package io.radstream.volume.series;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The open plan's value encodings, shared by its writer and reader (big-endian, as DataOutputStream). */
final class PlanCodec {
    private PlanCodec() {}

    static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String text(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0) return null;
        String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }

    static void doubles(DataOutputStream out, double[] v) throws IOException {
        out.writeByte(v.length);
        for (double d : v) out.writeDouble(d);
    }

    static double[] doubles(ByteBuffer in) {
        double[] v = new double[in.get()];
        for (int i = 0; i < v.length; i++) v[i] = in.getDouble();
        return v;
    }

    static void nullableInt(DataOutputStream out, Integer v) throws IOException {
        out.writeBoolean(v != null);
        out.writeInt(v == null ? 0 : v); // fixed size: slice records are addressed by index
    }

    static Integer nullableInt(ByteBuffer in) {
        boolean present = in.get() != 0;
        int v = in.getInt();
        return present ? v : null;
    }

    static void nullableDouble(DataOutputStream out, Double v) throws IOException {
        out.writeBoolean(v != null);
        out.writeDouble(v == null ? 0 : v);
    }

    static Double nullableDouble(ByteBuffer in) {
        boolean present = in.get() != 0;
        double v = in.getDouble();
        return present ? v : null;
    }
}
