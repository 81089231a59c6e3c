package dev.reverbj.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ReverbConfig;
import dev.reverbj.config.ServerConfig;
import dev.reverbj.protocol.Apps;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerFeature;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;

/** The Helidon web server: Pusher WebSockets at {@code {path}/app/{key}} and the HTTP routes given. */
public final class ReverbServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReverbServer.class.getName());
    private static final String ADMIN = "admin";
    private static final WsListener NO_LISTENER = new WsListener() {
    };
    /** Sockets kept free below the listener's cap: when this close, idle never-upgraded sockets are shed. */
    private static final int SHED_MARGIN = 32;
    private static final Duration MIN_DRAIN_GRACE = Duration.ofMillis(500);
    private final WebServer server;
    private final boolean hasAdmin;
    private final RequestDeadlines deadlines;
    /** Set by {@link #drain}: Helidon's stop then closes each WebSocket with 4200 instead of cutting it. */
    private final AtomicBoolean draining;

    private ReverbServer(WebServer server, boolean hasAdmin, RequestDeadlines deadlines, AtomicBoolean draining) {
        this.server = server;
        this.hasAdmin = hasAdmin;
        this.deadlines = deadlines;
        this.draining = draining;
    }

    /**
     * Starts listening.
     *
     * @param http adds the HTTP routes (health, API) to the routing
     */
    public static ReverbServer start(ReverbConfig config, Apps apps, Consumer<HttpRouting.Builder> http) {
        return start(config, apps, http, null, null);
    }

    /**
     * Starts listening; with {@code reverb.server.metrics-port} set, also on that port with the
     * {@code admin} routes only.
     *
     * @param admin   adds the routes of the admin port (health); used only when a metrics port is set
     * @param metrics the feature serving metrics on the listener it is given the name of: the admin port when a
     *                metrics port is set, else the main port; null for none
     */
    public static ReverbServer start(ReverbConfig config, Apps apps, Consumer<HttpRouting.Builder> http,
                                     Consumer<HttpRouting.Builder> admin, Function<String, ServerFeature> metrics) {
        ServerConfig server = config.server();
        ensurePortFree(server);
        int maxMessage = config.apps().stream().mapToInt(AppConfig::maxMessageSize).max().orElse(10_000);
        long longestPing = config.apps().stream().mapToLong(a -> a.pingInterval().toMillis()).max().orElse(60_000);
        WsConfig ws = WsConfig.builder()
                .name("websocket")
                // Our own per-app limit closes with 1009; Helidon's frame cap only guards memory.
                .maxFrameLength(Math.max(1 << 20, maxMessage))
                .build();
        FrameLog frameLog = new FrameLog(server.debug());
        AtomicBoolean draining = new AtomicBoolean();
        ConnectionBudget budget = ConnectionBudget.ofThisProcess();
        if (budget.bounded()) {
            apps.limitConnections(budget.webSockets());
            LOG.log(System.Logger.Level.INFO, "open-file limit {0}: at most {1} WebSocket connections (4100 beyond), "
                    + "{2} TCP connections", Long.toString(budget.fileLimit()), Integer.toString(budget.webSockets()),
                    Integer.toString(budget.tcpConnections()));
        }
        HttpRouting.Builder routing = HttpRouting.builder().addFilter(new ConnectionCloseFilter())
                .addFilter(TrackedSocket::endBodyDeadlineOnRead);
        http.accept(routing);
        RequestDeadlines deadlines = RequestDeadlines.start(server.requestTimeout(),
                budget.bounded() ? Math.max(1, budget.tcpConnections() - SHED_MARGIN) : 0);
        WebServerConfig.Builder builder = WebServer.builder();
        if (server.tls()) {
            builder.tls(PemTls.load(server.tlsCertificate(), server.tlsPrivateKey()));
        }
        if (server.metricsPort() > 0 && admin != null) {
            HttpRouting.Builder adminRouting = HttpRouting.builder();
            admin.accept(adminRouting);
            builder.putSocket(ADMIN, socket -> socket.host(server.metricsHost()).port(server.metricsPort())
                    .addRouting(adminRouting)
                    .addListenerSocketOptions(reusePort(server)));
        }
        // Only the features given here: none found on the class path (Helidon's would add /observe/... endpoints).
        builder.featuresDiscoverServices(false);
        if (metrics != null) {
            builder.addFeature(metrics.apply(server.metricsPort() > 0 && admin != null ? ADMIN : WebServer.DEFAULT_SOCKET_NAME));
        }
        WebServer webServer = builder
                .addListenerSocketOptions(reusePort(server))
                .host(server.host())
                .port(server.port())
                .shutdownHook(false)
                // How long drain() waits for clients to answer their 4200 close; a second of the shutdown timeout
                // is kept for the rest of the stop.
                .shutdownGracePeriod(drainGrace(server))
                // Helidon's idle timer counts inbound frames only; our ping/prune sweep owns liveness, so keep
                // Helidon's well beyond two ping intervals (HELIDON-NOTES.md).
                .idleConnectionTimeout(Duration.ofMillis(Math.max(Duration.ofMinutes(10).toMillis(), longestPing * 4)))
                .connectionOptions(o -> o.tcpNoDelay(true))
                // Helidon's own refusals (505 for HTTP/1.0, 400 for a broken request head) carry their reason.
                .errorHandling(e -> e.includeEntity(true))
                .backlog(server.backlog())
                // Never let accept() run out of file descriptors: Helidon stops the listener for good when it does.
                .maxTcpConnections(budget.bounded() ? budget.tcpConnections() : -1)
                // Helidon's PlainSocket: one 8 KB read buffer per socket and writes straight to the socket stream,
                // instead of NioSocket's 8 KB read + 8 KB write buffers and a copy of every write into the latter.
                // Measured with 4,000 idle subscribed connections: 16.9 KB heap per connection instead of 24.4 KB
                // (docs/operations.md). TLS works the same way (SSLSocket instead of SSLEngine).
                .useNio(false)
                // No discovered HTTP/1 selector next to ours: with two, Helidon waits for the first bytes before
                // choosing, so a socket that never sends one would never reach RequestDeadlines.
                .protocolsDiscoverServices(false)
                .addProtocol(ws)
                .addConnectionSelector(deadlines.selector(new Http10Answered(Http1ConnectionSelector.builder()
                        .config(Http1Config.builder()
                                .addReceiveListener(deadlines)
                                .addSendListener(deadlines)
                                .build())
                        .addUpgrader(new PusherUpgrader(ws, apps, server.outboxLimit(), frameLog, draining::get))
                        .build())))
                .routing(routing)
                // Only the route: the upgrader hands the socket to a PusherConnection, never to this listener.
                .addRouting(WsRouting.builder().endpoint(server.path() + "/app/{appKey}", () -> NO_LISTENER))
                .build()
                .start();
        if (!webServer.isRunning() || webServer.port() <= 0) {
            webServer.stop();
            deadlines.stop();
            throw new IllegalStateException("the web server did not start (see the log above)");
        }
        return new ReverbServer(webServer, server.metricsPort() > 0 && admin != null, deadlines, draining);
    }

    private static Duration drainGrace(ServerConfig server) {
        Duration grace = server.shutdownTimeout().minusSeconds(1);
        return grace.compareTo(MIN_DRAIN_GRACE) < 0 ? MIN_DRAIN_GRACE : grace;
    }

    /** With handover, a successor binds the same ports while this server still listens (ops/README.md, restart). */
    private static Map<SocketOption<?>, Object> reusePort(ServerConfig server) {
        return server.handover() ? Map.of(StandardSocketOptions.SO_REUSEPORT, true) : Map.of();
    }

    /** Helidon logs a failed bind and carries on stopped; check first so the user gets one clear line. */
    private static void ensurePortFree(ServerConfig server) {
        if (server.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            if (server.handover()) {
                probe.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            probe.bind(new InetSocketAddress(InetAddress.getByName(server.host()), server.port()));
        } catch (IOException e) {
            throw new IllegalStateException("address " + server.host() + ":" + server.port() + " is not available ("
                    + e.getMessage() + ")", e);
        }
    }

    public int port() {
        return server.port();
    }

    /** The admin (metrics) port, or -1 when there is none. */
    public int adminPort() {
        return hasAdmin ? server.port(ADMIN) : -1;
    }

    /**
     * Graceful stop. Helidon first closes the listening sockets, so a client told to reconnect can no longer reach
     * this server (with {@code SO_REUSEPORT} it reaches the successor; nginx or a load balancer, another node). Then
     * each WebSocket is closed with 4200 "Server restarting, reconnect now", and Helidon waits up to the shutdown
     * grace ({@code reverb.server.shutdown-timeout} less a second) for their close handshakes before cutting the
     * rest.
     */
    public void drain() {
        draining.set(true);
        close();
    }

    /** Stops at once: open sockets are cut. */
    @Override
    public void close() {
        server.stop();
        deadlines.stop();
    }
}
