package io.radstream.render.gl;

import io.radstream.render.DisplayTables;
import io.radstream.render.ViewState;
import io.radstream.volume.series.Volume;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;

import static org.lwjgl.opengl.GL45C.*;

/**
 * The native-slice shader ({@code native-slice.frag}): one slice, nearest neighbour, then the
 * slice's display table from {@link DisplayTables} (modality transform, selected VOI, presentation
 * inversion) as a 256 × 256 R8UI texture, uploaded only when the table changes. One pass class and
 * one shader per view mode; MPR and slabs get their own.
 */
final class NativeSlicePass implements AutoCloseable {
    private final GlProgram program;
    private final int layer;
    private final int displayTexture;
    private final ByteBuffer upload = MemoryUtil.memAlloc(65536);
    private byte[] uploaded; // the table now in displayTexture (DisplayTables' cached arrays are immutable)

    NativeSlicePass() {
        program = new GlProgram("fullscreen.vert", "native-slice.frag");
        layer = program.uniform("layer");
        displayTexture = glCreateTextures(GL_TEXTURE_2D);
        glTextureStorage2D(displayTexture, 1, GL_R8UI, 256, 256);
        glTextureParameteri(displayTexture, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTextureParameteri(displayTexture, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }

    /** Draws into the bound framebuffer; the mapping texture is already on unit 1. */
    void draw(ViewState s, Volume v, VolumeTextures textures) {
        int k = Math.max(0, Math.min(v.slices() - 1, s.slice()));
        int texture = textures.prepare(v, k);
        byte[] table = DisplayTables.table(v, k, s);
        if (table != uploaded) {
            upload.clear();
            upload.put(table).flip();
            glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
            glTextureSubImage2D(displayTexture, 0, 0, 0, 256, 256, GL_RED_INTEGER, GL_UNSIGNED_BYTE, upload);
            uploaded = table;
        }
        glUseProgram(program.id);
        glBindTextureUnit(0, texture);
        glBindTextureUnit(2, displayTexture);
        glUniform1i(layer, textures.layer(k));
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }

    @Override
    public void close() {
        program.close();
        glDeleteTextures(displayTexture);
        MemoryUtil.memFree(upload);
    }
}
