package dev.lucent.backend.cuda;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link CudaContext} on device 0 for a test class: registered on a static field with
 * {@code @RegisterExtension}, it skips the class with {@link CudaTestDevice}'s reason where CUDA cannot run, else
 * opens the context before the class's own {@code @BeforeAll} methods (on the thread that runs the tests, which the
 * context is current on) and closes it after its {@code @AfterAll} methods.
 */
public final class CudaContextExtension implements BeforeAllCallback, AfterAllCallback {
    private CudaContext context;

    @Override
    public void beforeAll(ExtensionContext extensionContext) {
        CudaTestDevice.assumeAvailable();
        context = CudaContext.open(0);
    }

    @Override
    public void afterAll(ExtensionContext extensionContext) {
        if (context != null) context.close();
        context = null;
    }

    /** The open context; only between the class's first and last callbacks. */
    public CudaContext context() {
        if (context == null) throw new IllegalStateException("no CUDA context: the test class is not running");
        return context;
    }
}
