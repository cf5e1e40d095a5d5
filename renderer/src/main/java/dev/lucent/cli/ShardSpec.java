package dev.lucent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --shard i/N}: this machine renders the frames whose position in the frame list (0-based) is
 * congruent to i modulo N, 0 &lt;= i &lt; N. N machines given 0/N ... (N-1)/N render every frame exactly once.
 */
public record ShardSpec(int index, int count) {
    public ShardSpec {
        if (count < 1) throw new IllegalArgumentException("shard count must be at least 1, got " + count);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be 0 to " + (count - 1) + ", got " + index);
        }
    }

    /** Parses "i/N"; IllegalArgumentException with a one-line reason when malformed. */
    public static ShardSpec parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        int slash = s.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("shard '" + s + "' is not of the form i/N (e.g. 0/4)");
        try {
            return new ShardSpec(Integer.parseInt(s.substring(0, slash).strip()),
                    Integer.parseInt(s.substring(slash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + s + "' is not of the form i/N (e.g. 0/4)");
        }
    }

    /** The items of {@code frames} at positions congruent to {@link #index} modulo {@link #count}. */
    public <T> List<T> select(List<T> frames) {
        List<T> out = new ArrayList<>();
        for (int i = index; i < frames.size(); i += count) out.add(frames.get(i));
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
