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
 * exposure, tone map and the sRGB OETF, drawing a full-viewport triangle into an RGBA8 texture of the image's
 * size. That display image is redrawn only when the image or the display settings change; every frame just
 * blits it into the window (1:1 with nearest filtering, or scaled), which keeps the per-frame cost low on
 * software OpenGL. Owns its GL objects; must be used and closed on the thread whose context created it.
 *
 * <p>Where the driver cannot map the pixel buffer (seen with NVIDIA's GLX under Xvfb in contexts created after
 * another context of the process was destroyed, which {@link GlfwSession} now avoids), or with
 * {@code -Dlucent.viewer.pbo=false}, frames are uploaded straight from the Java array with glTexSubImage2D
 * instead; {@link #uploadPath()} says which path is in use and why.
 */
public final class FilmDisplay implements AutoCloseable {
    private final int program, vao, texture, pbo, displayTexture, displayFbo;
    private boolean displayValid;
    private float shownExposure = Float.NaN;
    private int shownToneMap = -1;
    private final int uScale, uToneMap, uMode, uImage;
    private int texWidth, texHeight;
    private AovView.DisplayMode mode = AovView.DisplayMode.TONE_MAPPED;
    private long lastUploadNanos;
    private boolean pixelBuffer;
    private String directReason;

    public FilmDisplay() {
        this(!"false".equalsIgnoreCase(System.getProperty("lucent.viewer.pbo")));
    }

    /** A display that streams frames through a pixel buffer object when {@code pixelBuffer}, else directly. */
    FilmDisplay(boolean pixelBuffer) {
        this.pixelBuffer = pixelBuffer;
        directReason = pixelBuffer ? null : "pixel buffer turned off";
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
        displayTexture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, displayTexture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindTexture(GL_TEXTURE_2D, 0);
        displayFbo = glGenFramebuffers();
        checkError("creating the display objects");
    }

    /** Width of the image uploaded last (0 before the first). */
    public int imageWidth() { return texWidth; }

    public int imageHeight() { return texHeight; }

    /** Wall time of the last {@link #upload} on the calling thread (map, copy, unmap, texture update), ns. */
    public long lastUploadNanos() { return lastUploadNanos; }

    /** How frames reach the texture: "pixel buffer", or "direct (reason)". */
    public String uploadPath() {
        return pixelBuffer ? "pixel buffer" : "direct (" + directReason + ")";
    }

    /** Streams {@code f}'s floats into the texture through the PBO (or directly: see the class comment). */
    public void upload(ViewerFrame f) {
        long t0 = System.nanoTime();
        ensureSize(f.width(), f.height());
        if (!pixelBuffer || !uploadThroughPixelBuffer(f)) {
            glBindTexture(GL_TEXTURE_2D, texture);
            glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, f.width(), f.height(), GL_RGB, GL_FLOAT, f.rgb());
            glBindTexture(GL_TEXTURE_2D, 0);
        }
        mode = f.mode();
        displayValid = false;
        checkError("uploading the image");
        lastUploadNanos = System.nanoTime() - t0;
    }

    /**
     * Uploads through the PBO; when the driver will not map it, clears the GL errors, switches this display to
     * direct uploads for good (saying so once on stderr) and returns false.
     */
    private boolean uploadThroughPixelBuffer(ViewerFrame f) {
        long bytes = 4L * f.rgb().length;
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, pbo);
        glBufferData(GL_PIXEL_UNPACK_BUFFER, bytes, GL_STREAM_DRAW); // orphan: a new store for this frame
        ByteBuffer mapped = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, bytes,
                GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT);
        if (mapped == null) {
            int error = glGetError();
            while (glGetError() != GL_NO_ERROR) {
                // drain: the direct upload must start with a clear error flag
            }
            glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
            pixelBuffer = false;
            directReason = "glMapBufferRange of " + bytes + " bytes failed, OpenGL error 0x" + Integer.toHexString(error);
            System.err.println("lucent view: " + directReason + "; frames are uploaded without the pixel buffer");
            return false;
        }
        mapped.asFloatBuffer().put(f.rgb());
        glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
        fillTextureFromBoundBuffer(f.width(), f.height());
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
        return true;
    }

    /**
     * Fills the texture from pixel buffer {@code buffer} holding width x height x 3 floats, rows top to bottom
     * (written there by CUDA-OpenGL interop, so the image stays on the GPU), shown in {@code mode}.
     */
    public void uploadFromPixelBuffer(int buffer, int width, int height, AovView.DisplayMode mode) {
        long t0 = System.nanoTime();
        ensureSize(width, height);
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, buffer);
        fillTextureFromBoundBuffer(width, height);
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
        this.mode = mode;
        displayValid = false;
        checkError("filling the texture from the interop buffer");
        lastUploadNanos = System.nanoTime() - t0;
    }

    private void fillTextureFromBoundBuffer(int width, int height) {
        glBindTexture(GL_TEXTURE_2D, texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGB, GL_FLOAT, 0L);
        glBindTexture(GL_TEXTURE_2D, 0);
    }

    /** (Re)allocates the float texture, the display image and its framebuffer for a width x height image. */
    private void ensureSize(int width, int height) {
        if (width == texWidth && height == texHeight) return;
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB32F, width, height, 0, GL_RGB, GL_FLOAT, (ByteBuffer) null);
        glBindTexture(GL_TEXTURE_2D, displayTexture);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, (ByteBuffer) null);
        glBindTexture(GL_TEXTURE_2D, 0);
        glBindFramebuffer(GL_FRAMEBUFFER, displayFbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, displayTexture, 0);
        int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        if (status != GL_FRAMEBUFFER_COMPLETE) {
            throw new IllegalStateException("display framebuffer incomplete: 0x" + Integer.toHexString(status));
        }
        texWidth = width;
        texHeight = height;
    }

    /**
     * Draws the image into the rectangle (x, y, w, h) of the default framebuffer (GL window coordinates, origin
     * bottom-left) with the given exposure (stops) and tone mapper index ({@link #toneMapIndex}); nearest
     * filtering when {@code nearest}, else linear. Tone-maps into the display image first when the image, the
     * exposure or the tone mapper changed since the last draw.
     */
    public void draw(int x, int y, int w, int h, float exposureStops, int toneMap, boolean nearest) {
        if (texWidth == 0) return;
        if (!displayValid || exposureStops != shownExposure || toneMap != shownToneMap) {
            toneMapIntoDisplayImage(exposureStops, toneMap);
            shownExposure = exposureStops;
            shownToneMap = toneMap;
            displayValid = true;
        }
        glBindFramebuffer(GL_READ_FRAMEBUFFER, displayFbo);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
        glDisable(GL_SCISSOR_TEST);
        glBlitFramebuffer(0, 0, texWidth, texHeight, x, y, x + w, y + h, GL_COLOR_BUFFER_BIT,
                nearest ? GL_NEAREST : GL_LINEAR);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        checkError("drawing the image");
    }

    /** Runs the display shader over the whole image into the RGBA8 display image. */
    private void toneMapIntoDisplayImage(float exposureStops, int toneMap) {
        glBindFramebuffer(GL_FRAMEBUFFER, displayFbo);
        glViewport(0, 0, texWidth, texHeight);
        glUseProgram(program);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, texture);
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
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        checkError("tone-mapping the image");
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
        glDeleteFramebuffers(displayFbo);
        glDeleteTextures(displayTexture);
        glDeleteBuffers(pbo);
        glDeleteTextures(texture);
        glDeleteVertexArrays(vao);
        glDeleteProgram(program);
    }
}
