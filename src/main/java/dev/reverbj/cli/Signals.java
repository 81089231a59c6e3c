package dev.reverbj.cli;

/**
 * SIGTERM and SIGINT as a graceful shutdown that ends with exit code 0. A shutdown hook alone cannot do
 * that: the JVM then exits with 143. Uses {@code sun.misc.Signal} (module jdk.unsupported, present on
 * every HotSpot JDK); without it the shutdown hook still shuts down gracefully.
 */
final class Signals {
    private Signals() {
    }

    /** @return false when signals cannot be handled on this JVM */
    @SuppressWarnings("removal")
    static boolean onTerminate(Runnable action) {
        try {
            sun.misc.SignalHandler handler = signal -> action.run();
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
            return true;
        } catch (Throwable e) {
            return false;
        }
    }
}
