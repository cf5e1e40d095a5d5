package dev.lucent.scene;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every glTF extension or notable feature met while loading, with how Lucent treats it (shown by `info`). */
public final class FeatureReport {
    public enum Support { SUPPORTED, APPROXIMATED, IGNORED }

    public record Entry(String feature, Support support, String note) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public void add(String feature, Support support, String note) {
        entries.putIfAbsent(feature, new Entry(feature, support, note));
    }

    public Iterable<Entry> entries() { return entries.values(); }
    public boolean contains(String feature) { return entries.containsKey(feature); }
    public Entry get(String feature) { return entries.get(feature); }
}
