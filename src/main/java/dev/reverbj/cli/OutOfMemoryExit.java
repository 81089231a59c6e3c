package dev.reverbj.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * A server that ran out of heap must die, so that its supervisor starts a fresh one: a JVM that lives on after an
 * {@link OutOfMemoryError} answers nothing and ignores SIGTERM. {@code ./run}, {@code bin/reverb} (its runtime is
 * linked with the option), the units of ops/render.sh and every documented {@code java} command pass
 * {@code -XX:+ExitOnOutOfMemoryError}. When the JVM runs without it (a plain {@code java -jar}), this says so at
 * start and installs a fallback: an {@code OutOfMemoryError} that ends any thread halts the process with exit
 * code 3, as the JVM option does. The fallback cannot see an error that some library catches; the option can.
 */
final class OutOfMemoryExit {
    static final String OPTION = "ExitOnOutOfMemoryError";

    private OutOfMemoryExit() {
    }

    static void ensure(PrintStream err) {
        if (enabled()) {
            return;
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                try {
                    System.err.println("reverb: OutOfMemoryError in thread " + thread.getName() + "; exiting with 3");
                } finally {
                    Runtime.getRuntime().halt(3);
                }
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                e.printStackTrace();
            }
        });
        err.println("reverb: warning: this JVM runs without -XX:+" + OPTION + "; add it (bin/reverb and ./run do) "
                + "so that the process always exits when the heap runs out");
    }

    /** Whether the JVM runs with {@code -XX:+ExitOnOutOfMemoryError} (false when it cannot be told). */
    static boolean enabled() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(OPTION).getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
