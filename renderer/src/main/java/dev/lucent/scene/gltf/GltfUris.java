package dev.lucent.scene.gltf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * glTF URI references (specification section 3.1.2): base64 data URIs, or paths relative to the glTF file
 * with percent-encoding. Remote schemes (http, https, ...) are not fetched.
 */
final class GltfUris {
    private GltfUris() {}

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    static boolean isDataUri(String uri) { return uri.regionMatches(true, 0, "data:", 0, 5); }

    /** A scheme other than data: or file: (a two-letter minimum keeps "C:\..." a path). */
    static boolean isRemote(String uri) {
        return SCHEME.matcher(uri).matches() && !isDataUri(uri) && !uri.regionMatches(true, 0, "file:", 0, 5);
    }

    /** Decodes "data:[mediatype];base64,DATA" into a little-endian heap buffer. */
    static ByteBuffer decodeDataUri(String uri) {
        int comma = uri.indexOf(',');
        if (comma < 0) throw new IllegalArgumentException("data URI has no ',' before its data");
        String header = uri.substring(5, comma);
        if (!header.toLowerCase().endsWith(";base64")) {
            throw new IllegalArgumentException("data URI is not base64 (header '" + header + "')");
        }
        byte[] bytes = Base64.getMimeDecoder().decode(uri.substring(comma + 1));
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The file a relative (or file:) URI names, resolved against {@code dir}.
     *
     * @throws IllegalArgumentException when the URI cannot name a file here
     */
    static Path resolve(Path dir, String uri) {
        if (uri.regionMatches(true, 0, "file:", 0, 5)) return Path.of(java.net.URI.create(uri));
        return dir.resolve(percentDecode(uri)).normalize();
    }

    /** Decodes %XX escapes as UTF-8 bytes; '+' stays '+' (URI, not form encoding). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(utf8);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A short form of a URI for messages: data URIs are cut after their header. */
    static String describe(String uri) {
        if (isDataUri(uri)) {
            int comma = uri.indexOf(',');
            return (comma > 0 ? uri.substring(0, comma) : "data:") + ",... (" + uri.length() + " characters)";
        }
        return uri;
    }
}
