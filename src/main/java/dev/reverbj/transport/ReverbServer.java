package dev.reverbj.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ReverbConfig;
import dev.reverbj.config.ServerConfig;
import dev.reverbj.protocol.Apps;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

/** The Helidon web server: Pusher WebSockets at {@code {path}/app/{key}} and the HTTP routes given. */
public final class ReverbServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReverbServer.class.getName());
    private static final String ADMIN = "admin";
    private final WebServer server;
    private final boolean hasAdmin;

    private ReverbServer(WebServer server, boolean hasAdmin) {
        this.server = server;
        this.hasAdmin = hasAdmin;
    }

    /**
     * Starts listening.
     *
     * @param http adds the HTTP routes (health, API) to the routing
     */
    public static ReverbServer start(ReverbConfig config, Apps apps, Consumer<HttpRouting.Builder> http) {
        return start(config, apps, http, null);
    }

    /**
     * Starts listening; with {@code reverb.server.metrics-port} set, also on that port with the
     * {@code admin} routes only.
     *
     * @param admin adds the routes of the admin port (metrics, health); used only when a metrics port is set
     */
    public static ReverbServer start(ReverbConfig config, Apps apps, Consumer<HttpRouting.Builder> http,
                                     Consumer<HttpRouting.Builder> admin) {
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
        ConnectionBudget budget = ConnectionBudget.ofThisProcess();
        if (budget.bounded()) {
            apps.limitConnections(budget.webSockets());
            LOG.log(System.Logger.Level.INFO, "open-file limit {0}: at most {1} WebSocket connections (4100 beyond), "
                    + "{2} TCP connections", Long.toString(budget.fileLimit()), Integer.toString(budget.webSockets()),
                    Integer.toString(budget.tcpConnections()));
        }
        HttpRouting.Builder routing = HttpRouting.builder().addFilter(new ConnectionCloseFilter());
        http.accept(routing);
        WebServerConfig.Builder builder = WebServer.builder();
        if (server.tls()) {
            builder.tls(PemTls.load(server.tlsCertificate(), server.tlsPrivateKey()));
        }
        if (server.metricsPort() > 0 && admin != null) {
            HttpRouting.Builder adminRouting = HttpRouting.builder();
            admin.accept(adminRouting);
            builder.putSocket(ADMIN, socket -> socket.host(server.host()).port(server.metricsPort())
                    .addRouting(adminRouting)
                    .addListenerSocketOptions(reusePort(server)));
        }
        WebServer webServer = builder
                .addListenerSocketOptions(reusePort(server))
                .host(server.host())
                .port(server.port())
                .shutdownHook(false)
                // Helidon's idle timer counts inbound frames only; our ping/prune sweep owns liveness, so keep
                // Helidon's well beyond two ping intervals (HELIDON-NOTES.md).
                .idleConnectionTimeout(Duration.ofMillis(Math.max(Duration.ofMinutes(10).toMillis(), longestPing * 4)))
                .connectionOptions(o -> o.tcpNoDelay(true))
                // Helidon's own refusals (505 for HTTP/1.0, 400 for a broken request head) carry their reason.
                .errorHandling(e -> e.includeEntity(true))
                .backlog(server.backlog())
                // Never let accept() run out of file descriptors: Helidon stops the listener for good when it does.
                .maxTcpConnections(budget.bounded() ? budget.tcpConnections() : -1)
                .addProtocol(ws)
                .addConnectionSelector(new Http10Answered(Http1ConnectionSelector.builder()
                        .config(Http1Config.create())
                        .addUpgrader(new AnyOriginUpgrader(ws))
                        .build()))
                .routing(routing)
                .addRouting(WsRouting.builder()
                        .endpoint(server.path() + "/app/{appKey}",
                                () -> new PusherEndpoint(apps, server.outboxLimit(), frameLog)))
                .build()
                .start();
        if (!webServer.isRunning() || webServer.port() <= 0) {
            webServer.stop();
            throw new IllegalStateException("the web server did not start (see the log above)");
        }
        return new ReverbServer(webServer, server.metricsPort() > 0 && admin != null);
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

    @Override
    public void close() {
        server.stop();
    }
}
