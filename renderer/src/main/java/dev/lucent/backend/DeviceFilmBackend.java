package dev.lucent.backend;

import dev.lucent.image.Film;

/**
 * A {@link RenderBackend} for the viewer that keeps the accumulation on its GPU between passes and leaves the
 * film it is given untouched: {@code render(film, first, n, progress)} adds samples first .. first + n - 1 to the
 * device accumulation of a {@code film.width() x film.height()} image, where {@code first} must be 0 (which clears
 * it) or {@link #deviceSpp}. The host film is brought up to date only on request ({@link #syncFilm}).
 */
public interface DeviceFilmBackend extends RenderBackend {
    /** Samples per pixel in the device accumulation; -1 when it holds none or a failed pass left it invalid. */
    int deviceSpp();

    /**
     * Merges the whole device accumulation into {@code film}, a new film of the image size: the result equals the
     * film of a batch render of {@link #deviceSpp} samples.
     */
    void syncFilm(Film film);
}
