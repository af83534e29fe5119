package io.radstream.volume.store;

/**
 * Multi-valued numbers stored as DICOM writes them, backslash-separated ("x\y\z"), so a row reads
 * like the header it came from. Values are written with {@link Double#toString} and read back
 * bit-for-bit.
 */
final class DecimalList {
    private DecimalList() {}

    /** {@code null} for no values, so that SQL sees an absent value as NULL. */
    static String encode(double[] values) {
        if (values == null || values.length == 0) return null;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append('\\');
            sb.append(values[i]);
        }
        return sb.toString();
    }

    static double[] decode(String text) {
        if (text == null || text.isEmpty()) return new double[0];
        String[] parts = text.split("\\\\");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = Double.parseDouble(parts[i]);
        return values;
    }
}
