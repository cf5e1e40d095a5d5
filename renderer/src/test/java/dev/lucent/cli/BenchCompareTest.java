package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code lucent bench --compare}: argument checks (the agreement figures are FilmAgreementTest's). */
class BenchCompareTest {
    @Test
    void compareNeedsTwoDifferentGpuBackends() {
        CliRun r = CliRun.lucent("bench", "--compare", "cpu,vulkan");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("'cpu' is not cuda or vulkan"), r.err());
        r = CliRun.lucent("bench", "--compare", "vulkan,vulkan");
        assertTrue(r.err().contains("two different GPU backends"), r.err());
    }
}
