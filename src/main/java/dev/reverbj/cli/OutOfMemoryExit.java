package dev.reverbj.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * A server that ran out of heap must die, so that its supervisor starts a fresh one: a JVM that lives on after an
 * {@link OutOfMemoryError} answers nothing and ignores SIGTERM. {@code ./run}, {@code bin/reverb} (its runtime is
 * linked with the option), the units of ops/render.sh and every documented {@code java} command pass
 * {@code -XX:+ExitOnOutOfMemoryError}; a JVM started without it (a bare {@code java -jar}) is told so at start.
 *
 * <p>Why a warning and not an in-process fallback: an uncaught-exception handler that halts was tried and does not
 * hold (with the heap full, the JVM itself fails to dispatch to it, and libraries catch the error on their own
 * threads); re-executing the JVM with the option would leave an orphan behind a supervisor that kills only the
 * parent. The option is the one reliable way, so the docs and the launchers always pass it.
 */
final class OutOfMemoryExit {
    static final String OPTION = "ExitOnOutOfMemoryError";

    private OutOfMemoryExit() {
    }

    /** Prints one warning line when the JVM runs without {@code -XX:+ExitOnOutOfMemoryError}. */
    static void ensure(PrintStream err) {
        if (!enabled()) {
            err.println("reverb: warning: this JVM runs without -XX:+" + OPTION + ", so it may live on, serving "
                    + "nothing, after running out of heap; add the option (bin/reverb, ./run and ops/render.sh units do)");
        }
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
