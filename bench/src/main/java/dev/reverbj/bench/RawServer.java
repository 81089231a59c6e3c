package dev.reverbj.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * The raw transport baseline: the same Helidon 4.5 WebSocket stack with no protocol work. Clients connect to
 * {@code /app/{anything}} and get one fixed greeting frame; {@code POST /publish} hands the body, as is, to
 * every socket through a per-connection bounded queue drained by that connection's writer virtual thread —
 * the minimum a real server needs so one slow socket cannot stall a broadcast.
 * <p>Run: {@code java -cp ... dev.reverbj.bench.RawServer --host 127.0.0.1 --port 8090}
 */
public final class RawServer {
    private static final String GREETING =
            "{\"event\":\"pusher:connection_established\",\"data\":\"{\\\"socket_id\\\":\\\"0.0\\\",\\\"activity_timeout\\\":30}\"}";
    private static final long LIMIT_BYTES = 4L << 20;
    private static final Map<WsSession, Outbox> SOCKETS = new ConcurrentHashMap<>();
    private static final AtomicLong DROPPED = new AtomicLong();

    private RawServer() {
    }

    public static void main(String[] argv) {
        Args args = Args.parse(argv, 0);
        WebServer server = WebServer.builder()
                .host(args.str("host", "127.0.0.1"))
                .port(args.integer("port", 8090))
                .shutdownHook(false)
                .idleConnectionTimeout(Duration.ofMinutes(10))
                .connectionOptions(o -> o.tcpNoDelay(true))
                .maxPayloadSize(1 << 20)
                .addProtocol(WsConfig.builder().name("websocket").maxFrameLength(1 << 20).build())
                .routing(HttpRouting.builder()
                        .post("/publish", (req, res) -> {
                            // One frame per line (a burst sends several per request, as batch_events does).
                            for (String frame : req.content().as(String.class).split("\n")) {
                                for (Outbox o : SOCKETS.values()) {
                                    o.send(frame);
                                }
                            }
                            res.send("{}");
                        })
                        .get("/up", (req, res) -> res.send("{\"health\":\"OK\",\"sockets\":" + SOCKETS.size()
                                + ",\"dropped\":" + DROPPED.get() + "}")))
                .addRouting(WsRouting.builder().endpoint("/app/{key}", Listener::new))
                .build()
                .start();
        System.out.println("raw baseline listening on " + args.str("host", "127.0.0.1") + ":" + server.port());
    }

    private static final class Listener implements WsListener {
        @Override
        public void onOpen(WsSession ws) {
            Outbox o = new Outbox(ws);
            SOCKETS.put(ws, o);
            o.send(GREETING);
        }

        @Override
        public void onClose(WsSession ws, int status, String reason) {
            SOCKETS.remove(ws);
        }

        @Override
        public void onError(WsSession ws, Throwable t) {
            SOCKETS.remove(ws);
        }
    }

    /** Bounded queue + writer virtual thread started on demand (the pattern of the real server). */
    private static final class Outbox {
        private final WsSession ws;
        private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong queued = new AtomicLong();
        private final AtomicBoolean draining = new AtomicBoolean();

        Outbox(WsSession ws) {
            this.ws = ws;
        }

        void send(String frame) {
            if (queued.addAndGet(frame.length()) > LIMIT_BYTES) {
                queued.addAndGet(-frame.length());
                DROPPED.incrementAndGet();
                return;
            }
            queue.add(frame);
            if (draining.compareAndSet(false, true)) {
                Thread.ofVirtual().start(this::drain);
            }
        }

        private void drain() {
            try {
                while (true) {
                    String f;
                    while ((f = queue.poll()) != null) {
                        queued.addAndGet(-f.length());
                        ws.send(f, true);
                    }
                    draining.set(false);
                    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                SOCKETS.remove(ws);
                draining.set(false);
            }
        }
    }
}
