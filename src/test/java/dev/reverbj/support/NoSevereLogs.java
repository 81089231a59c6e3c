package dev.reverbj.support;

import java.util.logging.Level;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A SEVERE (System.Logger ERROR) line from the in-JVM server means a bug in us, so it fails the test that caused it:
 * registered for every test class through {@code META-INF/services} with extension autodetection
 * ({@code junit-platform.properties}). Lines logged while a class starts or stops its server fail the class.
 * Tests that inject a bug on purpose carry {@link InjectsBugs}.
 */
public final class NoSevereLogs implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoSevereLogs.class);

    /** One per test class; stores are inherited, so every test of the class finds it. */
    private static final class ClassState {
        final LogCapture capture = LogCapture.attach(Level.SEVERE);
        volatile int accounted;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put(ClassState.class, new ClassState());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ClassState state = context.getStore(NS).get(ClassState.class, ClassState.class);
        if (state != null) {
            state.accounted = state.capture.records().size();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ClassState state = context.getStore(NS).get(ClassState.class, ClassState.class);
        if (state == null) {
            return;
        }
        int before = state.accounted;
        int now = state.capture.records().size();
        // Whatever this test logged is its own; the class check must not count it again.
        state.accounted = now;
        if (now > before && !injectsBugs(context)) {
            throw new AssertionError("SEVERE logged during " + context.getDisplayName() + " (a bug in the server):\n"
                    + state.capture.summaryFrom(before));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClassState state = context.getStore(NS).remove(ClassState.class, ClassState.class);
        if (state == null) {
            return;
        }
        state.capture.close();
        if (state.capture.records().size() > state.accounted && !injectsBugs(context)) {
            throw new AssertionError("SEVERE logged while " + context.getDisplayName()
                    + " started or stopped its server (a bug in the server):\n" + state.capture.summaryFrom(state.accounted));
        }
    }

    private static boolean injectsBugs(ExtensionContext context) {
        return context.getElement().map(e -> e.isAnnotationPresent(InjectsBugs.class)).orElse(false)
                || context.getTestClass().map(c -> c.isAnnotationPresent(InjectsBugs.class)).orElse(false);
    }
}
