package io.radstream.volume.frames;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDataException;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@link FrameAttributes} of every frame of an image.
 *
 * <p>Enhanced multi-frame objects (PS3.3 §C.7.6.16, Multi-frame Functional Groups) keep a
 * functional group macro either in the Shared Functional Groups Sequence, for all frames, or in
 * each item of the Per-frame Functional Groups Sequence (§C.7.6.16.1). A value is therefore looked
 * up in the frame's own item first, then in the shared item, then at the top level, where classic
 * single-frame and classic multi-frame objects keep it. The macros read are Plane Position
 * (§C.7.6.16.2.3), Plane Orientation (§C.7.6.16.2.4), Pixel Measures (§C.7.6.16.2.1), Pixel Value
 * Transformation (§C.7.6.16.2.9), Frame VOI LUT (§C.7.6.16.2.10), Frame Content (§C.7.6.16.2.2),
 * Cardiac Synchronization (§C.7.6.16.2.7) and the modality's frame type macro.
 *
 * <p>Classic multi-frame objects without per-frame positions but with a Grid Frame Offset Vector
 * (RT Dose, PS3.3 §C.8.8.3.2) get one plane per offset along the normal. Other classic
 * multi-frame objects (ultrasound, XA cine) have one plane or none for all frames: a frame stack
 * in time, not a volume.
 */
public final class FrameAttributesReader {
    /** Frame type macros (Frame Type lives inside one of these, PS3.3 §C.8.13.5.1, §C.8.15.3.1, ...). */
    private static final int[] FRAME_TYPE_SEQUENCES = {Tag.CTImageFrameTypeSequence, Tag.MRImageFrameTypeSequence,
            Tag.XRay3DFrameTypeSequence, Tag.PETFrameTypeSequence, Tag.MRSpectroscopyFrameTypeSequence,
            Tag.ParametricMapFrameTypeSequence};

    private FrameAttributesReader() {}

    /**
     * One entry per frame, in frame order.
     *
     * @throws PixelDataException when the functional groups contradict Number of Frames
     */
    public static List<FrameAttributes> read(Attributes ds) throws PixelDataException {
        int frames = numberOfFrames(ds);
        List<Attributes> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        if (!perFrame.isEmpty() && perFrame.size() != frames) {
            // PS3.3 §C.7.6.16.1: one item per frame; guessing which item is which frame would misplace slices
            throw new PixelDataException("Per-frame Functional Groups Sequence has " + perFrame.size()
                    + " items but Number of Frames is " + frames);
        }
        Attributes shared = ds.getItem(Tag.SharedFunctionalGroupsSequence);
        double[] gridOffsets = ds.getDoubles(Tag.GridFrameOffsetVector);
        List<FrameAttributes> out = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            Groups g = new Groups(perFrame.isEmpty() ? null : perFrame.get(i), shared, ds);
            double[] orientation = vector(g.doubles(Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient), 6);
            double[] position = vector(g.doubles(Tag.PlanePositionSequence, Tag.ImagePositionPatient), 3);
            if (frames > 1 && gridOffsets.length == frames && !g.inFunctionalGroup(Tag.PlanePositionSequence, Tag.ImagePositionPatient)) {
                position = offsetAlongNormal(position, orientation, gridOffsets[i]);
            }
            Attributes content = g.item(Tag.FrameContentSequence);
            Attributes cardiac = g.item(Tag.CardiacSynchronizationSequence);
            Integer temporal = content != null ? integer(content, Tag.TemporalPositionIndex) : integer(ds, Tag.TemporalPositionIdentifier);
            Double trigger = cardiac != null ? decimal(cardiac, Tag.NominalCardiacTriggerDelayTime) : decimal(ds, Tag.TriggerTime);
            out.add(new FrameAttributes(i + 1, position, orientation,
                    vector(g.doubles(Tag.PixelMeasuresSequence, Tag.PixelSpacing), 2),
                    first(g.doubles(Tag.PixelMeasuresSequence, Tag.SliceThickness)),
                    orDefault(first(g.doubles(Tag.PixelValueTransformationSequence, Tag.RescaleSlope)), 1),
                    orDefault(first(g.doubles(Tag.PixelValueTransformationSequence, Tag.RescaleIntercept)), 0),
                    finite(g.doubles(Tag.FrameVOILUTSequence, Tag.WindowCenter)),
                    finite(g.doubles(Tag.FrameVOILUTSequence, Tag.WindowWidth)),
                    frameType(g, ds),
                    content == null ? null : content.getString(Tag.StackID),
                    content == null ? null : integer(content, Tag.InStackPositionNumber),
                    temporal, integer(ds, Tag.AcquisitionNumber), trigger));
        }
        return out;
    }

    /** Number of Frames (PS3.3 §C.7.6.6), 1 when absent. */
    public static int numberOfFrames(Attributes ds) throws PixelDataException {
        String nf = ds.getString(Tag.NumberOfFrames);
        if (nf == null) return 1;
        try {
            int n = Integer.parseInt(nf.trim());
            if (n < 1) throw new PixelDataException("Number of Frames is " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new PixelDataException("Number of Frames '" + nf + "' is not an integer string");
        }
    }

    /** Where one frame's values are found: its own functional groups, the shared ones, the top level. */
    private record Groups(Attributes perFrame, Attributes shared, Attributes top) {
        Attributes item(int macro) {
            Attributes own = perFrame == null ? null : perFrame.getItem(macro);
            return own != null ? own : shared == null ? null : shared.getItem(macro);
        }

        boolean inFunctionalGroup(int macro, int tag) {
            Attributes m = item(macro);
            return m != null && m.hasValue(tag);
        }

        double[] doubles(int macro, int tag) {
            Attributes m = item(macro);
            if (m != null && m.hasValue(tag)) return m.getDoubles(tag);
            return top.getDoubles(tag);
        }
    }

    private static String frameType(Groups g, Attributes ds) {
        for (int seq : FRAME_TYPE_SEQUENCES) {
            Attributes m = g.item(seq);
            if (m != null && m.hasValue(Tag.FrameType)) return String.join("\\", m.getStrings(Tag.FrameType));
        }
        String[] type = ds.getStrings(Tag.ImageType);
        return type.length == 0 ? null : String.join("\\", type);
    }

    /** PS3.3 §C.8.8.3.2: offsets (mm) of each frame's plane along the normal from Image Position (Patient). */
    private static double[] offsetAlongNormal(double[] position, double[] o, double offset) {
        if (position.length != 3 || o.length != 6) return position;
        double nx = o[1] * o[5] - o[2] * o[4], ny = o[2] * o[3] - o[0] * o[5], nz = o[0] * o[4] - o[1] * o[3];
        return new double[]{position[0] + offset * nx, position[1] + offset * ny, position[2] + offset * nz};
    }

    private static double[] vector(double[] v, int count) {
        if (v.length != count) return new double[0];
        for (double x : v) if (!Double.isFinite(x)) return new double[0];
        return v;
    }

    private static double[] finite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return new double[0];
        return v;
    }

    private static Double first(double[] v) {
        return v.length == 0 || !Double.isFinite(v[0]) ? null : v[0];
    }

    private static double orDefault(Double v, double def) {
        return v == null ? def : v;
    }

    private static Integer integer(Attributes ds, int tag) {
        double[] d = ds.getDoubles(tag);
        return d.length == 0 || !Double.isFinite(d[0]) ? null : (int) d[0];
    }

    private static Double decimal(Attributes ds, int tag) {
        return first(ds.getDoubles(tag));
    }
}
