package dev.lucent.viewer;

/**
 * Thrown from a render pass's progress callback when the view changed during the pass: the backend stops
 * early and the film, now partly updated, is discarded. Carries no stack trace (it is control flow).
 */
final class PassCancelledException extends RuntimeException {
    PassCancelledException() {
        super("render pass cancelled: the view changed", null, false, false);
    }
}
