package io.radstream.render.gl;

import io.radstream.render.ViewState;
import io.radstream.volume.series.Volume;

import static org.lwjgl.opengl.GL45C.*;

/**
 * The native-slice shader ({@code native-slice.frag}): one slice, nearest neighbour, rescale and
 * VOI LINEAR. One pass class and one shader per view mode; MPR and slabs get their own.
 */
final class NativeSlicePass implements AutoCloseable {
    private final GlProgram program;
    private final int layer, signedValues, slope, intercept, center, width, invert;

    NativeSlicePass() {
        program = new GlProgram("fullscreen.vert", "native-slice.frag");
        layer = program.uniform("layer");
        signedValues = program.uniform("signedValues");
        slope = program.uniform("slope");
        intercept = program.uniform("intercept");
        center = program.uniform("center");
        width = program.uniform("width");
        invert = program.uniform("invert");
    }

    /** Draws into the bound framebuffer; the mapping texture is already on unit 1. */
    void draw(ViewState s, Volume v, VolumeTextures textures) {
        int k = Math.max(0, Math.min(v.slices() - 1, s.slice()));
        int texture = textures.prepare(v, k);
        glUseProgram(program.id);
        glBindTextureUnit(0, texture);
        glUniform1i(layer, textures.layer(k));
        glUniform1i(signedValues, v.signed() ? 1 : 0);
        glUniform1d(slope, v.rescaleSlope(k));
        glUniform1d(intercept, v.rescaleIntercept(k));
        glUniform1d(center, s.windowCenter());
        glUniform1d(width, s.windowWidth());
        glUniform1i(invert, "MONOCHROME1".equals(v.photometric()) ? 1 : 0);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }

    @Override
    public void close() {
        program.close();
    }
}
