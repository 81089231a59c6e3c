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
    static boolean onTerminate(Runnable action) {
        return handle(action, "TERM", "INT");
    }

    /** SIGHUP ({@link Handover}: a successor is starting); @return false when it cannot be handled */
    static boolean onHangup(Runnable action) {
        return handle(action, "HUP");
    }

    @SuppressWarnings("removal")
    private static boolean handle(Runnable action, String... names) {
        try {
            sun.misc.SignalHandler handler = signal -> action.run();
            for (String name : names) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), handler);
            }
            return true;
        } catch (Throwable e) {
            return false;
        }
    }
}
