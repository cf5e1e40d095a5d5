package dev.lucent.viewer;

import static org.lwjgl.opengl.GL33C.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Shows {@link ViewerFrame}s in the current OpenGL 3.3 context: the floats are streamed through a pixel
 * buffer object into an RGB32F texture (the driver copies from the PBO; the buffer is orphaned each upload so
 * a frame still being read is never overwritten), and a fragment shader ({@code viewer/display.frag}) applies
 * exposure, tone map and the sRGB OETF while drawing a full-viewport triangle. Owns its GL objects; must be
 * used and closed on the thread whose context created it.
 */
public final class FilmDisplay implements AutoCloseable {
    private final int program, vao, texture, pbo;
    private final int uScale, uToneMap, uMode, uImage;
    private int texWidth, texHeight;
    private AovView.DisplayMode mode = AovView.DisplayMode.TONE_MAPPED;
    private long lastUploadNanos;

    public FilmDisplay() {
        program = link(compile(GL_VERTEX_SHADER, "viewer/display.vert"), compile(GL_FRAGMENT_SHADER, "viewer/display.frag"));
        uScale = glGetUniformLocation(program, "uScale");
        uToneMap = glGetUniformLocation(program, "uToneMap");
        uMode = glGetUniformLocation(program, "uMode");
        uImage = glGetUniformLocation(program, "uImage");
        vao = glGenVertexArrays();
        texture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindTexture(GL_TEXTURE_2D, 0);
        pbo = glGenBuffers();
        checkError("creating the display objects");
    }

    /** Width of the image uploaded last (0 before the first). */
    public int imageWidth() { return texWidth; }

    public int imageHeight() { return texHeight; }

    /** Wall time of the last {@link #upload} on the calling thread (map, copy, unmap, texture update), ns. */
    public long lastUploadNanos() { return lastUploadNanos; }

    /** Streams {@code f}'s floats into the texture through the PBO. */
    public void upload(ViewerFrame f) {
        long t0 = System.nanoTime();
        long bytes = 4L * f.rgb().length;
        glBindTexture(GL_TEXTURE_2D, texture);
        if (f.width() != texWidth || f.height() != texHeight) {
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB32F, f.width(), f.height(), 0, GL_RGB, GL_FLOAT, (ByteBuffer) null);
            texWidth = f.width();
            texHeight = f.height();
        }
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, pbo);
        glBufferData(GL_PIXEL_UNPACK_BUFFER, bytes, GL_STREAM_DRAW); // orphan: a new store for this frame
        ByteBuffer mapped = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, bytes,
                GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT);
        if (mapped == null) throw new IllegalStateException("glMapBufferRange of " + bytes + " bytes failed");
        mapped.asFloatBuffer().put(f.rgb());
        glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, f.width(), f.height(), GL_RGB, GL_FLOAT, 0L);
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
        glBindTexture(GL_TEXTURE_2D, 0);
        mode = f.mode();
        checkError("uploading the image");
        lastUploadNanos = System.nanoTime() - t0;
    }

    /**
     * Draws the image into the viewport (x, y, w, h) of the bound framebuffer (GL window coordinates, origin
     * bottom-left) with the given exposure (stops) and tone mapper index ({@link #toneMapIndex}); nearest
     * filtering when {@code nearest}, else linear.
     */
    public void draw(int x, int y, int w, int h, float exposureStops, int toneMap, boolean nearest) {
        if (texWidth == 0) return;
        glViewport(x, y, w, h);
        glUseProgram(program);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, texture);
        int filter = nearest ? GL_NEAREST : GL_LINEAR;
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
        glUniform1i(uImage, 0);
        glUniform1f(uScale, (float) Math.pow(2.0, exposureStops));
        glUniform1i(uToneMap, toneMap);
        glUniform1i(uMode, mode.shaderValue);
        glDisable(GL_BLEND);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_SCISSOR_TEST);
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glBindVertexArray(0);
        glBindTexture(GL_TEXTURE_2D, 0);
        glUseProgram(0);
        checkError("drawing the image");
    }

    /** The shader's index of a tone mapper name (neutral 0, aces 1, agx 2, clamp 3). */
    public static int toneMapIndex(String name) {
        switch (name) {
            case "neutral": return 0;
            case "aces": return 1;
            case "agx": return 2;
            case "clamp": return 3;
            default: throw new IllegalArgumentException("the display shader has no tone mapper '" + name + "'");
        }
    }

    private static int compile(int type, String resource) {
        String source;
        try (InputStream in = FilmDisplay.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("shader resource " + resource + " is missing from the jar");
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading " + resource + ": " + e.getMessage(), e);
        }
        int s = glCreateShader(type);
        glShaderSource(s, source);
        glCompileShader(s);
        if (glGetShaderi(s, GL_COMPILE_STATUS) != GL_TRUE) {
            String log = glGetShaderInfoLog(s);
            glDeleteShader(s);
            throw new IllegalStateException("compiling " + resource + ": " + log.strip());
        }
        return s;
    }

    private static int link(int vs, int fs) {
        int p = glCreateProgram();
        glAttachShader(p, vs);
        glAttachShader(p, fs);
        glLinkProgram(p);
        glDeleteShader(vs);
        glDeleteShader(fs);
        if (glGetProgrami(p, GL_LINK_STATUS) != GL_TRUE) {
            String log = glGetProgramInfoLog(p);
            glDeleteProgram(p);
            throw new IllegalStateException("linking the display shader: " + log.strip());
        }
        return p;
    }

    /** Throws naming {@code what} when the GL error flag is set. */
    static void checkError(String what) {
        int e = glGetError();
        if (e != GL_NO_ERROR) throw new IllegalStateException("OpenGL error 0x" + Integer.toHexString(e) + " " + what);
    }

    @Override
    public void close() {
        glDeleteBuffers(pbo);
        glDeleteTextures(texture);
        glDeleteVertexArrays(vao);
        glDeleteProgram(program);
    }
}
