package io.radstream.render.gl;

import io.radstream.render.DisplayTables;
import io.radstream.render.GridAlignedSlab;
import io.radstream.render.MprSampling;
import io.radstream.render.display.DisplayFunction;
import io.radstream.render.UnsupportedViewException;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.StackGeometry;
import io.radstream.volume.series.Volume;
import org.lwjgl.system.MemoryUtil;

import java.nio.DoubleBuffer;

import static org.lwjgl.opengl.GL45C.*;

/**
 * The reformat shader ({@code mpr.frag}): planes and MIP / MinIP / AVG slabs, sampled exactly like
 * {@code CpuMpr} — the same {@link MprSampling} doubles as uniforms, the same incremental index
 * arithmetic, trilinear interpolation in double precision from {@code texelFetch} of the 8
 * neighbours, per-slice rescale (a storage buffer of slope, intercept, offset and origin per slice),
 * sheared and irregular stacks through the per-slice origins.
 *
 * <p>A volume with more slices than one array texture holds (GL_MAX_ARRAY_TEXTURE_LAYERS, 2048 on
 * most drivers) is sampled across up to {@link #MAX_BRICKS} textures of consecutive slices; beyond
 * that the pass throws {@link UnsupportedViewException} and the CPU renders the view. The VOI is {@link DisplayTables#reformatFunction}'s, evaluated in the shader (a VOI LUT's entries
 * in a storage buffer); a MinIP slab skips samples touching the volume's Pixel Padding Value, as
 * {@code CpuMpr} does with {@link io.radstream.render.PixelPadding#OF_VOLUME}. A {@link GridAlignedSlab}
 * is projected, then resampled, by the same shader in two draws (a reduction per voxel column into a
 * storage buffer, then bilinear per pixel), as the CPU's {@code SlabProjection} and
 * {@code ProjectedSlab} define it.
 */
final class MprPass implements AutoCloseable {
    /** Array textures the shader can sample in one draw (units 0 and 2–8). */
    static final int MAX_BRICKS = 8;
    private static final int[] BRICK_UNITS = {0, 2, 3, 4, 5, 6, 7, 8};
    private final GlProgram program;
    private final int size, signedValues, samples, projection, regular, tile, base, dx, dy, dn, topLeft, stepX, stepY,
            normal, slabStart, slabStep, rowDir, colDir, gridNormal, spacing, center, width, invert, voiKind, lutFirst,
            lutEntries, lutMax, hasPadding, padding, gridSlab, slabAxis, uAxis, vAxis, planeFirst, planeLast, nu, nv,
            uMap, vMap, rawReduce, layersPerTexture, gridStage;
    private final int sliceBuffer, lutBuffer, projectionBuffer, projectionFramebuffer;
    private long projectionCapacity;
    private int[] uploadedLut; // the VOI LUT now in lutBuffer
    private DoubleBuffer scratch;

    MprPass() {
        program = new GlProgram("fullscreen.vert", "mpr.frag");
        size = program.uniform("size");
        signedValues = program.uniform("signedValues");
        samples = program.uniform("samples");
        projection = program.uniform("projection");
        regular = program.uniform("regular");
        tile = program.uniform("tile");
        base = program.uniform("base");
        dx = program.uniform("dx");
        dy = program.uniform("dy");
        dn = program.uniform("dn");
        topLeft = program.uniform("topLeft");
        stepX = program.uniform("stepX");
        stepY = program.uniform("stepY");
        normal = program.uniform("normal");
        slabStart = program.uniform("slabStart");
        slabStep = program.uniform("slabStep");
        rowDir = program.uniform("rowDir");
        colDir = program.uniform("colDir");
        gridNormal = program.uniform("gridNormal");
        spacing = program.uniform("spacing");
        center = program.uniform("center");
        width = program.uniform("width");
        invert = program.uniform("invert");
        voiKind = program.uniform("voiKind");
        lutFirst = program.uniform("lutFirst");
        lutEntries = program.uniform("lutEntries");
        lutMax = program.uniform("lutMax");
        hasPadding = program.uniform("hasPadding");
        padding = program.uniform("padding");
        gridSlab = program.uniform("gridSlab");
        slabAxis = program.uniform("slabAxis");
        uAxis = program.uniform("uAxis");
        vAxis = program.uniform("vAxis");
        planeFirst = program.uniform("planeFirst");
        planeLast = program.uniform("planeLast");
        nu = program.uniform("nu");
        nv = program.uniform("nv");
        uMap = program.uniform("uMap");
        vMap = program.uniform("vMap");
        rawReduce = program.uniform("rawReduce");
        layersPerTexture = program.uniform("layersPerTexture");
        gridStage = program.uniform("gridStage");
        sliceBuffer = glCreateBuffers();
        projectionBuffer = glCreateBuffers();
        glNamedBufferData(projectionBuffer, 8, GL_DYNAMIC_COPY);
        projectionCapacity = 8;
        // the projection stage writes a storage buffer only: a framebuffer without attachments, sized per draw
        projectionFramebuffer = glCreateFramebuffers();
        lutBuffer = glCreateBuffers();
        glNamedBufferData(lutBuffer, new int[]{0}, GL_DYNAMIC_DRAW); // bound even when unused
    }

    /**
     * Draws into the bound framebuffer: the reformat of {@code source} (its display attributes, its
     * viewport placement), sampling {@code v} — the source itself or its MIP pyramid level
     * ({@link MprSampling#sampledVolume}) — whose textures are {@code textures}.
     */
    void draw(ViewState s, Volume source, Volume v, VolumeTextures textures) {
        if (textures.textureCount() > MAX_BRICKS) {
            throw new UnsupportedViewException("gl", "MPR of a volume with " + v.slices() + " slices (more than "
                    + MAX_BRICKS + " array textures of " + textures.layersPerTexture() + " layers)");
        }
        DisplayFunction voi = DisplayTables.reformatFunction(source, s, "gl");
        textures.prepareAll(v);
        SeriesGeometry g = v.geometry();
        StackGeometry stack = v.stackGeometry();
        MprSampling m = MprSampling.of(g, stack, s, io.radstream.render.MprMapping.of(source.geometry(), s));
        uploadSlices(v, stack);

        glUseProgram(program.id);
        // every unit gets a texture (unused ones the first brick): no sampler is left incomplete
        for (int b = 0; b < MAX_BRICKS; b++) {
            glBindTextureUnit(BRICK_UNITS[b], textures.texture(Math.min(b, textures.textureCount() - 1)));
        }
        glUniform1i(layersPerTexture, textures.layersPerTexture());
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, sliceBuffer);
        uploadLut(voi);
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 1, lutBuffer);
        glUniform3i(size, g.columns(), g.rows(), g.slices());
        glUniform1i(signedValues, v.signed() ? 1 : 0);
        glUniform1i(samples, m.samples());
        glUniform1i(projection, s.mpr().projection().ordinal());
        glUniform1i(regular, m.regular() ? 1 : 0);
        glUniform1i(tile, MprSampling.TILE);
        glUniform3d(base, m.i0(), m.j0(), m.k0());
        glUniform3d(dx, m.dxi(), m.dxj(), m.dxk());
        glUniform3d(dy, m.dyi(), m.dyj(), m.dyk());
        glUniform3d(dn, m.dni(), m.dnj(), m.dnk());
        vec(topLeft, m.topLeft());
        vec(stepX, m.stepX());
        vec(stepY, m.stepY());
        vec(normal, m.normal());
        glUniform1d(slabStart, m.slabStart());
        glUniform1d(slabStep, m.slabStep());
        double[] r = g.rowDirection(), c = g.columnDirection(), n = g.normal();
        glUniform3d(rowDir, r[0], r[1], r[2]);
        glUniform3d(colDir, c[0], c[1], c[2]);
        glUniform3d(gridNormal, n[0], n[1], n[2]);
        glUniform3d(spacing, g.columnSpacing(), g.rowSpacing(), g.sliceSpacing());
        glUniform1i(voiKind, voi.kind().ordinal());
        glUniform1d(center, voi.center());
        glUniform1d(width, voi.width());
        if (voi.lut() != null) {
            glUniform1i(lutFirst, voi.lut().firstMapped());
            glUniform1i(lutEntries, voi.lut().data().length);
            glUniform1d(lutMax, voi.lut().maxOutput());
        }
        glUniform1i(invert, voi.inverse() ? 1 : 0);
        // as CpuMpr: padding counts for MinIP only (v.pixelPadding() is what PixelPadding.OF_VOLUME reads)
        boolean pad = s.mpr().projection() == io.radstream.render.Mpr.Projection.MINIP && source.pixelPadding().isPresent();
        glUniform1i(hasPadding, pad ? 1 : 0);
        glUniform1i(padding, pad ? source.pixelPadding().getAsInt() : 0);
        GridAlignedSlab aligned = v == source ? GridAlignedSlab.of(s, v) : null;
        gridSlab(aligned, v);
        if (aligned != null && aligned.hasPlanes()) project(aligned, s.viewportWidth(), s.viewportHeight());
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }

    /**
     * Stage 1 of a grid-aligned slab: one fragment per voxel column (nu × nv) reduces the slab's
     * planes into a storage buffer of doubles (NaN: a padding-only MinIP column), so stage 2, the
     * viewport draw, resamples four stored values per pixel instead of reducing four columns
     * (on an H200 a full-volume MIP took 85–600 ms that way). Restores the caller's framebuffer.
     */
    private void project(GridAlignedSlab a, int vw, int vh) {
        long bytes = 8L * a.nu() * a.nv();
        if (projectionCapacity < bytes) {
            glNamedBufferData(projectionBuffer, bytes, GL_DYNAMIC_COPY);
            projectionCapacity = bytes;
        }
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 2, projectionBuffer);
        int target = glGetInteger(GL_DRAW_FRAMEBUFFER_BINDING);
        glNamedFramebufferParameteri(projectionFramebuffer, GL_FRAMEBUFFER_DEFAULT_WIDTH, a.nu());
        glNamedFramebufferParameteri(projectionFramebuffer, GL_FRAMEBUFFER_DEFAULT_HEIGHT, a.nv());
        glBindFramebuffer(GL_FRAMEBUFFER, projectionFramebuffer);
        glViewport(0, 0, a.nu(), a.nv());
        // the previous frame's stage 2 may still read the buffer this stage rewrites
        glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
        glUniform1i(gridStage, 1);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
        glBindFramebuffer(GL_FRAMEBUFFER, target);
        glViewport(0, 0, vw, vh);
        glUniform1i(gridStage, 2);
    }

    /** The grid-aligned slab's uniforms, or the switch off for every other view. */
    private void gridSlab(GridAlignedSlab a, Volume v) {
        glUniform1i(gridSlab, a != null ? 1 : 0);
        if (a == null) return;
        glUniform1i(slabAxis, a.axis());
        glUniform1i(uAxis, a.uAxis());
        glUniform1i(vAxis, a.vAxis());
        glUniform1i(planeFirst, a.first());
        glUniform1i(planeLast, a.last());
        glUniform1i(nu, a.nu());
        glUniform1i(nv, a.nv());
        glUniform3d(uMap, a.u0(), a.ux(), a.uy());
        glUniform3d(vMap, a.v0(), a.vx(), a.vy());
        glUniform1i(rawReduce, a.oneRescale(v) ? 1 : 0);
    }

    private void uploadLut(DisplayFunction voi) {
        if (voi.lut() == null || voi.lut().data() == uploadedLut) return;
        glNamedBufferData(lutBuffer, voi.lut().data(), GL_DYNAMIC_DRAW);
        uploadedLut = voi.lut().data();
    }

    private static void vec(int location, Vec p) {
        glUniform3d(location, p.x(), p.y(), p.z());
    }

    /** Per slice: (slope, intercept, offset along the normal, 0), (origin, 0); 64 bytes a slice, uploaded per frame. */
    private void uploadSlices(Volume v, StackGeometry stack) {
        int n = v.slices();
        if (scratch == null || scratch.capacity() < n * 8) {
            if (scratch != null) MemoryUtil.memFree(scratch);
            scratch = MemoryUtil.memAllocDouble(n * 8);
        }
        scratch.clear();
        double[][] origins = stack.origins();
        for (int k = 0; k < n; k++) {
            scratch.put(v.rescaleSlope(k)).put(v.rescaleIntercept(k)).put(stack.offsetAlongNormal(k)).put(0);
            scratch.put(origins[k][0]).put(origins[k][1]).put(origins[k][2]).put(0);
        }
        scratch.flip();
        glNamedBufferData(sliceBuffer, scratch, GL_DYNAMIC_DRAW);
    }

    @Override
    public void close() {
        program.close();
        glDeleteBuffers(sliceBuffer);
        glDeleteBuffers(lutBuffer);
        glDeleteBuffers(projectionBuffer);
        glDeleteFramebuffers(projectionFramebuffer);
        if (scratch != null) MemoryUtil.memFree(scratch);
        scratch = null;
    }
}
