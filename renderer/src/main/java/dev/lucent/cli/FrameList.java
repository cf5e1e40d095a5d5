package dev.lucent.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code --frames}: a comma-separated list of items, each a frame {@code N}, a range {@code A-B}
 * (A to B inclusive, A &lt;= B) or a stepped range {@code A-B:S} (A, A+S, ... up to B, S &gt;= 1). Frames are
 * integers from 0 to {@value #MAX_FRAME}. The result keeps the order written, without repeats (a frame
 * listed twice is rendered once, at its first position): {@code 1-100:5,120} is 1, 6, 11, ..., 96, 120.
 */
public final class FrameList {
    /** Largest frame number accepted. */
    public static final int MAX_FRAME = 99_999_999;
    /** Most frames one list may hold. */
    public static final int MAX_FRAMES = 1_000_000;

    private FrameList() {}

    /** The frames of {@code spec}; IllegalArgumentException with a one-line reason when it is malformed. */
    public static List<Integer> parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty frame list");
        Set<Integer> frames = new LinkedHashSet<>();
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) throw new IllegalArgumentException("empty item in frame list '" + spec + "'");
            int colon = item.indexOf(':');
            String range = colon < 0 ? item : item.substring(0, colon);
            int step = 1;
            if (colon >= 0) {
                step = number(item.substring(colon + 1), item, "step");
                if (step < 1) throw new IllegalArgumentException("step must be at least 1 in '" + item + "'");
            }
            int dash = range.indexOf('-', 1);
            int first, last;
            if (dash < 0) {
                if (colon >= 0) throw new IllegalArgumentException("a step needs a range (A-B:S) in '" + item + "'");
                first = last = number(range, item, "frame");
            } else {
                first = number(range.substring(0, dash), item, "first frame");
                last = number(range.substring(dash + 1), item, "last frame");
                if (last < first) {
                    throw new IllegalArgumentException("range '" + item + "' ends before it starts");
                }
            }
            for (long f = first; f <= last; f += step) {
                frames.add((int) f);
                if (frames.size() > MAX_FRAMES) {
                    throw new IllegalArgumentException("more than " + MAX_FRAMES + " frames in '" + spec + "'");
                }
            }
        }
        return List.copyOf(new ArrayList<>(frames));
    }

    private static int number(String text, String item, String what) {
        String t = text.strip();
        if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(what + " '" + t + "' in '" + item + "' is not a whole number >= 0");
        }
        if (t.length() > 9 || Integer.parseInt(t) > MAX_FRAME) {
            throw new IllegalArgumentException(what + " " + t + " in '" + item + "' exceeds " + MAX_FRAME);
        }
        return Integer.parseInt(t);
    }
}
