package dev.reverbj.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The listening socket and server-wide limits.
 *
 * @param path           prefix before {@code /app/{key}} and {@code /apps/...}; "" or "/something"
 * @param hostname       public host name (Reverb's {@code REVERB_HOST}), shown in the start line
 * @param maxRequestSize largest HTTP API body in bytes (413 beyond)
 * @param outboxLimit    bytes of frames a connection may fall behind before it is closed with 4100
 * @param tlsCertificate PEM certificate chain for wss:// and https://, or null for plain ws://
 * @param tlsPrivateKey  PEM (PKCS#8 or PKCS#1 RSA) private key of that certificate, or null
 * @param shutdownTimeout how long a graceful shutdown (SIGTERM, {@code restart}) may take before exit
 * @param metricsPort    a second port serving only {@code /metrics} and health, or 0 for none (then
 *                       {@code /metrics} is on the main port)
 * @param backlog        the listen backlog: connections the kernel queues before we accept them (capped by
 *                       {@code net.core.somaxconn}); ops/render.sh sets both
 * @param handoverTimeout zero: a second server cannot bind this port ("address already in use"). Above zero:
 *                       the port is bound with {@code SO_REUSEPORT}, a server starting on it takes over from the
 *                       one running there (which then closes its clients with 4200), and a server told on
 *                       SIGHUP that a successor is starting keeps serving for at most this long waiting for
 *                       it (ops/README.md, "Restart without a gap")
 * @param requestTimeout how long a TCP connection may take to send a complete request head (then it is closed)
 *                       and a request its body (then 408 and closed)
 * @param metricsHost    the address the metrics port binds to (e.g. 127.0.0.1); null or "" for {@code host}
 */
public record ServerConfig(String host, int port, String path, String hostname, int maxRequestSize,
                           int outboxLimit, boolean debug, Path tlsCertificate, Path tlsPrivateKey,
                           Duration shutdownTimeout, int metricsPort, int backlog, Duration handoverTimeout,
                           Duration requestTimeout, String metricsHost) {
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_BACKLOG = 1024;

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        path = normalizePath(path);
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("tls needs both certificate and private-key");
        }
        shutdownTimeout = shutdownTimeout == null ? DEFAULT_SHUTDOWN_TIMEOUT : shutdownTimeout;
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1");
        }
        handoverTimeout = handoverTimeout == null ? Duration.ZERO : handoverTimeout;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        metricsHost = metricsHost == null || metricsHost.isBlank() ? host : metricsHost;
    }

    public ServerConfig(String host, int port, String path, String hostname, int maxRequestSize, int outboxLimit,
                        boolean debug, Path tlsCertificate, Path tlsPrivateKey, Duration shutdownTimeout,
                        int metricsPort, int backlog) {
        this(host, port, path, hostname, maxRequestSize, outboxLimit, debug, tlsCertificate, tlsPrivateKey,
                shutdownTimeout, metricsPort, backlog, Duration.ZERO, DEFAULT_REQUEST_TIMEOUT, null);
    }

    public ServerConfig(String host, int port, String path, String hostname, int maxRequestSize, int outboxLimit,
                        boolean debug, Path tlsCertificate, Path tlsPrivateKey, Duration shutdownTimeout,
                        int metricsPort, int backlog, Duration handoverTimeout) {
        this(host, port, path, hostname, maxRequestSize, outboxLimit, debug, tlsCertificate, tlsPrivateKey,
                shutdownTimeout, metricsPort, backlog, handoverTimeout, DEFAULT_REQUEST_TIMEOUT, null);
    }

    public ServerConfig(String host, int port, String path, String hostname, int maxRequestSize, int outboxLimit,
                        boolean debug) {
        this(host, port, path, hostname, maxRequestSize, outboxLimit, debug, null, null, DEFAULT_SHUTDOWN_TIMEOUT, 0,
                DEFAULT_BACKLOG);
    }

    /** Whether the port is shared with a successor on restart ({@code reverb.server.handover-timeout} above 0). */
    public boolean handover() {
        return !handoverTimeout.isZero();
    }

    public boolean tls() {
        return tlsCertificate != null;
    }

    static String normalizePath(String path) {
        if (path == null) {
            return "";
        }
        String p = path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        return p;
    }
}
