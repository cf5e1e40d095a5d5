package dev.lucent.cli;

/**
 * Output names of frame sequences: every run of {@code #} in the name is replaced by the frame number,
 * zero-padded to the run's length ({@code out/frame_####.png}, frame 7: {@code out/frame_0007.png}; a number
 * longer than the run is written in full).
 */
public final class FramePattern {
    private FramePattern() {}

    /** True if {@code pattern} has a {@code #} to replace. */
    public static boolean hasPlaceholder(String pattern) {
        return pattern.indexOf('#') >= 0;
    }

    /** {@code pattern} with every run of {@code #} replaced by {@code frame}, zero-padded to the run length. */
    public static String resolve(String pattern, int frame) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c != '#') {
                b.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < pattern.length() && pattern.charAt(j) == '#') j++;
            String digits = Integer.toString(frame);
            for (int k = digits.length(); k < j - i; k++) b.append('0');
            b.append(digits);
            i = j;
        }
        return b.toString();
    }
}
