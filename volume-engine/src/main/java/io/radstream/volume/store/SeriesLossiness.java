package io.radstream.volume.store;

import java.util.List;
import java.util.Locale;

/**
 * Whether a series' pixels are not the modality's originals, from the index alone: declared by
 * the images (Lossy Image Compression "01", with their stated ratios and methods), or implied by
 * a lossy transfer syntax at ingest, whose ratio the index can measure (decoded bytes over
 * encapsulated bytes).
 *
 * @param declared       some image has Lossy Image Compression "01"
 * @param minStatedRatio the smallest ratio the images state (an image compressed in several steps
 *                       states one ratio per step: its ratio is their product); NaN when none does
 * @param maxStatedRatio the largest; NaN when none does
 * @param methods        distinct Lossy Image Compression Method values
 * @param lossySyntax    the name of a lossy transfer syntax some image arrived in, or {@code null}
 * @param measuredRatio  decoded over stored bytes of the images in a lossy transfer syntax; NaN when none
 */
public record SeriesLossiness(boolean declared, double minStatedRatio, double maxStatedRatio, List<String> methods, String lossySyntax,
                              double measuredRatio) {

    public SeriesLossiness {
        methods = List.copyOf(methods);
    }

    public boolean lossy() {
        return declared || lossySyntax != null;
    }

    /**
     * The reader's notice, e.g. "Source images were lossy-compressed (ISO_10918_1, ratio 17.8:1)";
     * {@code null} when the series is not lossy. No patient data.
     */
    public String notice() {
        if (!lossy()) return null;
        StringBuilder what = new StringBuilder();
        if (!methods.isEmpty()) what.append(String.join(", ", methods));
        else if (lossySyntax != null) what.append(lossySyntax);
        if (Double.isFinite(minStatedRatio)) {
            if (!what.isEmpty()) what.append(", ");
            String lo = ratio(minStatedRatio), hi = ratio(maxStatedRatio);
            what.append("ratio ").append(lo.equals(hi) ? lo : lo + " to " + hi);
        } else if (Double.isFinite(measuredRatio)) {
            if (!what.isEmpty()) what.append(", ");
            what.append("ratio ").append(ratio(measuredRatio)).append(" measured");
        } else {
            if (!what.isEmpty()) what.append(", ");
            what.append("ratio not stated");
        }
        return "Source images are lossy-compressed (" + what + ")";
    }

    private static String ratio(double r) {
        String s = String.format(Locale.ROOT, r >= 100 ? "%.0f" : "%.1f", r);
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + ":1";
    }
}
