package dev.reverbj.transport;

import java.lang.management.ManagementFactory;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How many TCP connections this process can hold, from its open-file limit. Helidon's listener stops for
 * good when {@code accept()} fails with "Too many open files", so the server never lets it get there: the
 * listener accepts at most {@link #tcpConnections()} sockets (more wait in the kernel's backlog), and
 * WebSocket clients beyond {@link #webSockets()} are refused with 4100 "Over capacity" (pusher-js backs off
 * and retries) while there is still room to tell them so.
 *
 * @param fileLimit the process's open-file limit (RLIMIT_NOFILE), or -1 when unknown
 */
public record ConnectionBudget(long fileLimit, int tcpConnections, int webSockets) {
    /** Descriptors kept for the JVM itself beyond those open at start: Redis, logs, TLS, class loading. */
    static final int RESERVED_FILES = 512;
    /** Sockets kept between the WebSocket cap and the listener cap: HTTP API calls and refusals in flight. */
    static final int HEADROOM = 128;

    public static ConnectionBudget ofThisProcess() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return of(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
        }
        return new ConnectionBudget(-1, -1, Integer.MAX_VALUE);
    }

    static ConnectionBudget of(long fileLimit, long openNow) {
        long tcp = fileLimit - openNow - RESERVED_FILES;
        if (fileLimit <= 0 || tcp > Integer.MAX_VALUE) {
            return new ConnectionBudget(fileLimit, -1, Integer.MAX_VALUE);
        }
        int tcpConnections = (int) Math.max(16, tcp);
        return new ConnectionBudget(fileLimit, tcpConnections, Math.max(8, tcpConnections - HEADROOM));
    }

    /** True when the open-file limit bounds the server at all. */
    public boolean bounded() {
        return tcpConnections > 0;
    }
}
