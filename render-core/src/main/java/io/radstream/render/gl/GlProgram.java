package io.radstream.render.gl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.lwjgl.opengl.GL45C.*;

/** A linked vertex + fragment program from shader sources on the class path; context thread only. */
final class GlProgram implements AutoCloseable {
    final int id;

    GlProgram(String vertexResource, String fragmentResource) {
        int vs = compile(GL_VERTEX_SHADER, vertexResource);
        int fs = compile(GL_FRAGMENT_SHADER, fragmentResource);
        id = glCreateProgram();
        glAttachShader(id, vs);
        glAttachShader(id, fs);
        glLinkProgram(id);
        glDeleteShader(vs);
        glDeleteShader(fs);
        if (glGetProgrami(id, GL_LINK_STATUS) != GL_TRUE) {
            String log = glGetProgramInfoLog(id);
            glDeleteProgram(id);
            throw new IllegalStateException("linking " + fragmentResource + " failed: " + log);
        }
    }

    int uniform(String name) {
        int u = glGetUniformLocation(id, name);
        if (u < 0) throw new IllegalStateException("uniform '" + name + "' not found (optimised away?)");
        return u;
    }

    private static int compile(int type, String resource) {
        String source;
        try (InputStream in = GlProgram.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("shader " + resource + " not on the class path");
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int s = glCreateShader(type);
        glShaderSource(s, source);
        glCompileShader(s);
        if (glGetShaderi(s, GL_COMPILE_STATUS) != GL_TRUE) {
            String log = glGetShaderInfoLog(s);
            glDeleteShader(s);
            throw new IllegalStateException("compiling " + resource + " failed: " + log);
        }
        return s;
    }

    @Override
    public void close() {
        glDeleteProgram(id);
    }
}
