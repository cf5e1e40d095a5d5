package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The --frames syntax, shards and output patterns. */
class FrameListTest {

    @Test
    void rangesStepsAndLists() {
        assertEquals(List.of(7), FrameList.parse("7"));
        assertEquals(List.of(1, 2, 3, 4), FrameList.parse("1-4"));
        List<Integer> expected = new ArrayList<>();
        for (int f = 1; f <= 100; f += 5) expected.add(f);
        expected.add(120);
        assertEquals(expected, FrameList.parse("1-100:5,120"));
        assertEquals(96, FrameList.parse("1-100:5,120").get(19));
        assertEquals(List.of(10, 3, 4, 5), FrameList.parse("10, 3-5"), "order as written, spaces allowed");
        assertEquals(List.of(1, 2, 3, 5), FrameList.parse("1-3,2,5,1"), "repeats dropped");
        assertEquals(List.of(0, 3), FrameList.parse("0-4:3"));
        assertEquals(240, FrameList.parse("1-240").size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'' | empty frame list",
        "1,,2 | empty item",
        "5-2 | ends before it starts",
        "1-10:0 | step must be at least 1",
        "3:2 | a step needs a range",
        "a-3 | is not a whole number",
        "-3 | is not a whole number",
        "1-x | is not a whole number",
        "1-2-3 | is not a whole number",
        "0-999999999 | exceeds",
        "0-2000000 | more than 1000000 frames",
    })
    void malformedListsSayWhy(String spec, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameList.parse(spec));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void shardsPartitionTheList() {
        List<Integer> frames = FrameList.parse("1-10");
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) all.addAll(new ShardSpec(i, 3).select(frames));
        all.sort(null);
        assertEquals(frames, all, "every frame exactly once over the shards");
        assertEquals(List.of(2, 5, 8), ShardSpec.parse("1/3").select(frames));
        assertEquals(List.of(1, 3), ShardSpec.parse("0/2").select(List.of(1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> ShardSpec.parse("3/3"));
        assertThrows(IllegalArgumentException.class, () -> ShardSpec.parse("1"));
        assertThrows(IllegalArgumentException.class, () -> ShardSpec.parse("0/0"));
        assertThrows(IllegalArgumentException.class, () -> ShardSpec.parse("x/2"));
    }

    @Test
    void patternsPadTheFrameNumber() {
        assertEquals("out/frame_0007.png", FramePattern.resolve("out/frame_####.png", 7));
        assertEquals("f12345.exr", FramePattern.resolve("f###.exr", 12345), "longer numbers are kept whole");
        assertEquals("a07_b7.png", FramePattern.resolve("a##_b#.png", 7), "every run is replaced");
        assertEquals("plain.png", FramePattern.resolve("plain.png", 3));
        assertTrue(FramePattern.hasPlaceholder("x#.png"));
        assertTrue(!FramePattern.hasPlaceholder("x.png"));
    }
}
