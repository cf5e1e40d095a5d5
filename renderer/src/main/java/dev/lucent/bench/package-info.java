/**
 * Backend-agnostic benchmark pieces behind {@code lucent bench}: the scenes measured ({@link
 * dev.lucent.bench.BenchScene}), the settings ({@link dev.lucent.bench.BenchSettings}), one probe per backend
 * ({@link dev.lucent.bench.BenchProbe}, found by name in {@link dev.lucent.bench.BenchProbes}) and the figures a
 * probe returns ({@link dev.lucent.bench.BenchResult}, {@link dev.lucent.bench.RayRate}, {@link
 * dev.lucent.bench.PathRate}). A comparison of backends runs several probes over the same scenes and settings
 * and lines up their results; a probe never prints the final table itself.
 */
package dev.lucent.bench;
