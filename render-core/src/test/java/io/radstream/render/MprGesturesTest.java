package io.radstream.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reformat gestures and orientation labels: pure functions, checked directly. */
class MprGesturesTest {
    private static final ViewState NATIVE = new ViewState(3, 40, 400, 1, 0, 0, 512, 512);

    private static void assertVec(Vec expected, Vec actual) {
        assertEquals(0, expected.minus(actual).norm(), 1e-9, expected + " vs " + actual);
    }

    @Test
    void oldConstructorAndWithMethodsStayNative() {
        assertEquals(ViewState.Mode.NATIVE, NATIVE.mode());
        assertNull(NATIVE.withZoom(2).withPan(1, 2).withWindow(1, 2).withSlice(4).withViewport(9, 9).mpr());
        ViewState m = Gestures.showPlane(NATIVE, Plane.CORONAL, new Vec(1, 2, 3));
        assertEquals(ViewState.Mode.MPR, m.mode());
        assertEquals(m.mpr(), m.withZoom(3).withWindow(0, 100).mpr(), "with-methods keep the plane");
        assertEquals(NATIVE, Gestures.showNative(m));
    }

    @Test
    void nativeStatesRefusePlaneGestures() {
        assertThrows(IllegalStateException.class, () -> Gestures.moveAlongNormal(NATIVE, 1));
        assertThrows(IllegalStateException.class, () -> Gestures.slab(NATIVE, 10, Mpr.Projection.MIP));
    }

    @Test
    void moveAlongNormalAndGotoPosition() {
        ViewState s = Gestures.showPlane(NATIVE, Plane.SAGITTAL, new Vec(10, 20, 30));
        assertVec(new Vec(-1, 0, 0), s.mpr().normal());
        assertEquals(-10, s.mpr().position(), 1e-12);
        ViewState moved = Gestures.moveAlongNormal(s, 4);
        assertVec(new Vec(6, 20, 30), moved.mpr().focal());
        assertEquals(-6, moved.mpr().position(), 1e-12, "4 mm toward the patient's right");
        assertEquals(50, Gestures.gotoPosition(s, 80, -50, 50).mpr().position(), 1e-12, "clamped");
    }

    @Test
    void rotationsKeepTheFocalPointAndAnOrthonormalFrame() {
        ViewState s = Gestures.showPlane(NATIVE, Plane.AXIAL, new Vec(5, 6, 7));
        ViewState q = Gestures.rotatePlane(s, Vec.X, 90); // axial tipped 90° about x: down (P) turns to H
        assertVec(Vec.X, q.mpr().right());
        assertVec(Vec.Z, q.mpr().down());
        assertVec(new Vec(5, 6, 7), q.mpr().focal());
        ViewState t = s;
        for (int n = 0; n < 1000; n++) t = Gestures.rotateDrag(t, 3.7, -2.1);
        Mpr m = t.mpr();
        assertEquals(1, m.right().norm(), 1e-9);
        assertEquals(1, m.down().norm(), 1e-9);
        assertEquals(0, m.right().dot(m.down()), 1e-9);
        // roll by 360° returns to the start
        ViewState r = s;
        for (int n = 0; n < 36; n++) r = Gestures.rollPlane(r, 10);
        assertVec(s.mpr().right(), r.mpr().right());
        assertEquals(Mpr.Projection.MIP, Gestures.slab(s, 12, Mpr.Projection.MIP).mpr().projection());
        assertEquals(0, Gestures.slab(s, -3, Mpr.Projection.AVG).mpr().slabMm());
    }

    @Test
    void orientationLabelsOfTheStandardPlanes() {
        assertEquals(new OrientationLabels.Edges("R", "L", "A", "P"), OrientationLabels.of(Mpr.of(Plane.AXIAL, Vec.X)));
        assertEquals(new OrientationLabels.Edges("R", "L", "H", "F"), OrientationLabels.of(Mpr.of(Plane.CORONAL, Vec.X)));
        assertEquals(new OrientationLabels.Edges("A", "P", "H", "F"), OrientationLabels.of(Mpr.of(Plane.SAGITTAL, Vec.X)));
    }

    @Test
    void orientationLabelsOfObliquePlanes() {
        ViewState s = Gestures.showPlane(NATIVE, Plane.AXIAL, Vec.X);
        // 30° about the head-foot axis: right edge points left and posterior
        OrientationLabels.Edges e = OrientationLabels.of(Gestures.rotatePlane(s, Vec.Z, 30).mpr());
        assertEquals("LP", e.right());
        assertEquals("RA", e.left());
        assertEquals("AL", e.top());
        assertEquals("PR", e.bottom());
        // 5° is below the threshold: still plain letters
        assertEquals("L", OrientationLabels.of(Gestures.rotatePlane(s, Vec.Z, 5).mpr()).right());
        assertEquals("LPH", OrientationLabels.label(new Vec(0.7, 0.5, 0.3)));
        assertEquals("FA", OrientationLabels.label(new Vec(0, -0.3, -0.9)));
    }
}
