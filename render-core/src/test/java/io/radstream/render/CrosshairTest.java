package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linked-view geometry against values worked out by hand. The volume is axial with anisotropic
 * voxels: 100 columns × 0.5 mm, 50 rows × 0.8 mm, 20 slices × 2.5 mm from the patient origin, so
 * its extents (voxel boxes included) are 50 × 40 × 50 mm and the field of view is 50 mm. A
 * 200×100 viewport at zoom 1 then shows min(200, 100) / 50 = 2 pixels per mm.
 */
class CrosshairTest {
    private static final double EPS = 1e-9;
    private static final SeriesGeometry G = new SeriesGeometry(100, 50, 20, new double[]{1, 0, 0}, new double[]{0, 1, 0},
            new double[]{0, 0, 1}, 0.5, 0.8, 2.5, new double[]{0, 0, 0}, false);
    private static final Vec F = new Vec(10, 20, 30);
    private static final ViewState BASE = new ViewState(0, 40, 400, 1, 0, 0, 200, 100);

    private static ViewState plane(Plane p) {
        return Gestures.showPlane(BASE, p, F);
    }

    private static void assertVec(Vec expected, Vec actual) {
        assertEquals(expected.x(), actual.x(), 1e-9, "x of " + actual);
        assertEquals(expected.y(), actual.y(), 1e-9, "y of " + actual);
        assertEquals(expected.z(), actual.z(), 1e-9, "z of " + actual);
    }

    @Test
    void canvasCentreShowsTheFocalPointAndPixelsAreHalfAMillimetre() {
        ViewState axial = plane(Plane.AXIAL);
        assertVec(F, Crosshair.pointAt(G, axial, 100, 50));
        // 40 px right = 20 mm toward +x (L), 20 px up = 10 mm toward −y (A)
        assertVec(new Vec(30, 10, 30), Crosshair.pointAt(G, axial, 140, 30));
        // coronal: viewport down is −z, so 20 px up is 10 mm toward the head
        assertVec(new Vec(30, 20, 40), Crosshair.pointAt(G, plane(Plane.CORONAL), 140, 30));
        // sagittal: right is +y (P)
        assertVec(new Vec(10, 40, 40), Crosshair.pointAt(G, plane(Plane.SAGITTAL), 140, 30));
    }

    @Test
    void panAndZoomMoveTheMappingLikeTheImage() {
        // pan (10, −6) puts the focal point at canvas (110, 44); zoom 2 makes it 4 px per mm
        ViewState coronal = plane(Plane.CORONAL).withPan(10, -6).withZoom(2);
        assertVec(F, Crosshair.pointAt(G, coronal, 110, 44));
        assertVec(new Vec(10 + 30 / 4.0, 20, 30 + 14 / 4.0), Crosshair.pointAt(G, coronal, 140, 30));
        double[] back = Crosshair.canvasPosition(G, coronal, new Vec(10 + 30 / 4.0, 20, 30 + 14 / 4.0));
        assertEquals(140, back[0], EPS);
        assertEquals(30, back[1], EPS);
    }

    @Test
    void obliquePlaneMapsAlongItsTiltedAxes() {
        // axial tilted 20° about +x: right stays +x, down becomes (0, cos 20°, sin 20°)
        ViewState tilted = Gestures.rotatePlane(plane(Plane.AXIAL), Vec.X, 20);
        double c = Math.cos(Math.toRadians(20)), s = Math.sin(Math.toRadians(20));
        // 20 px down = 10 mm along the tilted down direction
        assertVec(new Vec(10, 20 + 10 * c, 30 + 10 * s), Crosshair.pointAt(G, tilted, 100, 70));
        // a point off the plane projects onto it: 7 mm along the normal changes nothing on screen
        Vec normal = tilted.mpr().normal();
        double[] at = Crosshair.canvasPosition(G, tilted, new Vec(10, 20 + 10 * c, 30 + 10 * s).plus(normal.times(7)));
        assertEquals(100, at[0], EPS);
        assertEquals(70, at[1], EPS);
    }

    @Test
    void orthogonalPlanesCutTheAxialViewInAHorizontalAndAVerticalLineThroughTheFocalPoint() {
        ViewState axial = plane(Plane.AXIAL);
        Crosshair.Line coronal = Crosshair.intersection(G, axial, plane(Plane.CORONAL).mpr()).orElseThrow();
        assertEquals(50, coronal.y(), EPS, "the coronal plane y = 20 is canvas row 50");
        assertEquals(0, coronal.dy(), EPS);
        assertEquals(1, Math.abs(coronal.dx()), EPS);
        Crosshair.Line sagittal = Crosshair.intersection(G, axial, plane(Plane.SAGITTAL).mpr()).orElseThrow();
        assertEquals(100, sagittal.x(), EPS, "the sagittal plane x = 10 is canvas column 100");
        assertEquals(0, sagittal.dx(), EPS);
        assertTrue(Crosshair.intersection(G, axial, plane(Plane.AXIAL).mpr()).isEmpty(), "parallel planes: no line");
    }

    @Test
    void anObliquePlaneCutsTheAxialViewAtItsAngle() {
        // coronal turned 30° about +z through F: normal (−sin 30°, cos 30°, 0); in the axial plane
        // it runs along z × n = (−cos 30°, −sin 30°, 0), i.e. 30° below the canvas x axis, through F
        ViewState axial = plane(Plane.AXIAL);
        Mpr oblique = Gestures.rotatePlane(plane(Plane.CORONAL), Vec.Z, 30).mpr();
        Crosshair.Line line = Crosshair.intersection(G, axial, oblique).orElseThrow();
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        assertEquals(0, line.dx() * s - line.dy() * c, EPS, "direction ±(cos 30°, sin 30°)");
        assertEquals(1, Math.hypot(line.dx(), line.dy()), EPS);
        // F is at canvas (100, 50); the line must pass through it
        double across = (line.x() - 100) * line.dy() - (line.y() - 50) * line.dx();
        assertEquals(0, across, 1e-7);
        // and through F + 10 mm along (cos 30°, sin 30°, 0), i.e. canvas (100 + 20 cos 30°, 50 + 20 sin 30°)
        double across2 = (line.x() - (100 + 20 * c)) * line.dy() - (line.y() - (50 + 20 * s)) * line.dx();
        assertEquals(0, across2, 1e-7);
    }

    @Test
    void scrollingTheAxialViewMovesOnlyItsPlaneAndTheOthersCrosshairLine() {
        LinkedViews linked = LinkedViews.orthogonal(BASE, F);
        LinkedViews scrolled = linked.scroll(0, 5);
        assertVec(new Vec(10, 20, 35), scrolled.focal());
        assertEquals(35, scrolled.view(0).mpr().position(), EPS);
        assertNotSame(linked.view(0), scrolled.view(0));
        assertSame(linked.view(1), scrolled.view(1), "the coronal plane still contains the focal point");
        assertSame(linked.view(2), scrolled.view(2), "so does the sagittal plane");
        // in the coronal view the focal point rises 5 mm = 10 px: the axial line is at canvas row 40
        LinkedViews.Cross cross = scrolled.crosshair(G, 1);
        assertEquals(100, cross.x(), EPS);
        assertEquals(40, cross.y(), EPS);
        assertEquals(2, cross.lines().size());
        LinkedViews.CrossLine axialLine = cross.lines().stream().filter(l -> l.viewport() == 0).findFirst().orElseThrow();
        assertEquals(0, axialLine.dy(), EPS, "the axial plane is horizontal in a coronal view");
        LinkedViews.CrossLine sagittalLine = cross.lines().stream().filter(l -> l.viewport() == 2).findFirst().orElseThrow();
        assertEquals(0, sagittalLine.dx(), EPS, "the sagittal plane is vertical in a coronal view");
    }

    @Test
    void aCrosshairClickMovesTheOtherPlanesThroughTheClickedPoint() {
        LinkedViews linked = LinkedViews.orthogonal(BASE, F);
        LinkedViews clicked = linked.pointAt(G, 1, 140, 30); // coronal: (30, 20, 40)
        assertVec(new Vec(30, 20, 40), clicked.focal());
        assertSame(linked.view(1), clicked.view(1), "the clicked view does not change");
        assertEquals(40, clicked.view(0).mpr().position(), EPS, "axial plane z = 40");
        assertEquals(-30, clicked.view(2).mpr().position(), EPS, "sagittal plane x = 30 (normal −x)");
        // the planes move along their normals only: the axial view stays centred on (10, 20)
        assertVec(new Vec(10, 20, 40), clicked.view(0).mpr().focal());
        LinkedViews.Cross inAxial = clicked.crosshair(G, 0);
        assertEquals(140, inAxial.x(), EPS);
        assertEquals(50, inAxial.y(), EPS);
    }

    @Test
    void rotatingALinkedViewTurnsItAboutTheFocalPointAndTiltsItsLineInTheOthers() {
        LinkedViews linked = LinkedViews.orthogonal(BASE, F).pointAt(G, 0, 140, 30); // focal (30, 10, 30)
        ViewState turned = Gestures.rotatePlane(linked.view(1), Vec.Z, 30); // about the view's own centre
        LinkedViews rotated = linked.replace(1, turned);
        Mpr m = rotated.view(1).mpr();
        assertEquals(0, rotated.focal().minus(m.focal()).dot(m.normal()), EPS, "the focal point stays on the turned plane");
        LinkedViews.CrossLine line = rotated.crosshair(G, 0).lines().stream().filter(l -> l.viewport() == 1).findFirst().orElseThrow();
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        assertEquals(0, line.dx() * s - line.dy() * c, EPS, "30° in the axial view");
    }

    @Test
    void windowIsSharedAndUnchangedViewsStayTheSameObjects() {
        LinkedViews linked = LinkedViews.orthogonal(BASE, F);
        LinkedViews w = linked.window(300, 1500);
        for (ViewState v : w.views()) {
            assertEquals(300, v.windowCenter());
            assertEquals(1500, v.windowWidth());
        }
        assertSame(w.view(2), w.window(300, 1500).view(2));
    }
}
