package dev.reverbj.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A client process: opens its share of connections, then obeys line commands on stdin and answers on stdout.
 * Roles: {@code subscribers} (idle or receiving publishes), {@code pairs} (client events back and forth on
 * private channels), {@code presence} (watchers plus churners joining and leaving one presence channel).
 * <pre>
 *   -> READY {json}        once every connection is ready or failed
 *   <- GO / HALT           start / stop generating traffic (pairs, presence)
 *   <- COUNT  -> COUNT n   deliveries so far in this phase
 *   <- SNAP   -> STATS {json}  phase statistics, then reset
 *   <- STOP                close everything and exit
 * </pre>
 */
final class Worker implements WsClient.Handler {
    private final Args args;
    private final String role;
    private final boolean raw;
    private final String key;
    private final String secret;
    private final int n;
    private final int channels;
    private final String prefix;
    private final int window;
    private final int watchers;
    private final WsClient.Loop[] loops;
    private final Stats[] stats;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();
    private final List<WsClient.Conn> conns = new ArrayList<>();
    private volatile boolean generating;
    private volatile boolean connectPhase = true;
    /** Presence: when churner i last sent its subscribe / unsubscribe (epoch micros). */
    private AtomicLongArray joinSent;
    private AtomicLongArray leaveSent;
    private final AtomicLong joins = new AtomicLong();
    private final AtomicLong leaves = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    /** Per loop thread; touched only by its thread, read through {@link #snapshot}. */
    static final class Stats {
        final Histogram latency = new Histogram();
        long received;
        long firstMicros;
        long lastMicros;
        long errors;
        long closedAfterReady;
        String lastError;
        final Map<String, Integer> closeReasons = new TreeMap<>();
    }

    private final long startCpu = cpuNanos();
    private final long startWall = System.nanoTime();

    private Worker(Args args) throws Exception {
        this.args = args;
        role = args.str("role", "subscribers");
        raw = args.str("mode", "pusher").equals("raw");
        key = args.str("key", "bench-key");
        secret = args.str("secret", "bench-secret");
        n = args.integer("n", 100);
        channels = Math.max(1, args.integer("channels", 1));
        prefix = args.str("prefix", "fan");
        window = args.integer("window", 1);
        watchers = args.integer("watchers", 0);
        int loopCount = args.integer("loops", 2);
        loops = new WsClient.Loop[loopCount];
        stats = new Stats[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = new WsClient.Loop("ws-loop-" + i, args.integer("handshake-timeout", 10_000));
            stats[i] = new Stats();
        }
        joinSent = new AtomicLongArray(n);
        leaveSent = new AtomicLongArray(n);
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, 0);
        Worker w = new Worker(args);
        w.connectAll();
        w.commands();
    }

    private void connectAll() {
        String host = args.str("host", "127.0.0.1");
        int port = args.integer("port", 8080);
        int ipBase = args.integer("ip-base", 2);
        int ipCount = args.integer("ip-count", 1);
        int concurrency = args.integer("connect-concurrency", 200);
        int failStop = args.integer("fail-stop", 1000);
        InetSocketAddress remote = new InetSocketAddress(host, port);
        String path = "/app/" + key + "?protocol=7&client=reverb-bench&version=1";
        long t0 = System.nanoTime();
        int started = 0;
        String stoppedBy = "all connected";
        while (started < n) {
            if (consecutiveFailures.get() >= failStop) {
                stoppedBy = "stopped after " + failStop + " consecutive failures";
                break;
            }
            if (inFlight.get() >= concurrency) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            inFlight.incrementAndGet();
            InetSocketAddress local = host.startsWith("127.")
                    ? new InetSocketAddress("127.0." + ((ipBase + started % ipCount) / 250) + "."
                    + (1 + (ipBase + started % ipCount) % 250), 0)
                    : null;
            conns.add(loops[started % loops.length].connect(started, local, remote, path, this));
            started++;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        connectPhase = false;
        StringBuilder json = new StringBuilder("{\"attempted\":").append(started)
                .append(",\"ready\":").append(ready.get())
                .append(",\"failed\":").append(failed.get())
                .append(",\"pending\":").append(inFlight.get())
                .append(",\"seconds\":").append(String.format("%.2f", seconds))
                .append(",\"stoppedBy\":").append(Json.quote(stoppedBy))
                .append(",\"reasons\":").append(Json.counts(reasons))
                .append('}');
        System.out.println("READY " + json);
        System.out.flush();
    }

    private void commands() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // The first SNAP covers the connect phase too.
        long cpu0 = startCpu;
        long wall0 = startWall;
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "GO" -> {
                    generating = true;
                    for (WsClient.Conn c : conns) {
                        c.loop.execute(() -> startTraffic(c));
                    }
                }
                case "HALT" -> generating = false;
                case "COUNT" -> {
                    long total = 0;
                    for (Stats s : snapshot(false)) {
                        total += s.received;
                    }
                    System.out.println("COUNT " + total);
                }
                case "SNAP" -> {
                    long cpu = cpuNanos();
                    long wall = System.nanoTime();
                    System.out.println("STATS " + statsJson(snapshot(true), (cpu - cpu0) / 1e9, (wall - wall0) / 1e9));
                    cpu0 = cpu;
                    wall0 = wall;
                }
                case "STOP" -> {
                    for (WsClient.Loop l : loops) {
                        l.stop();
                    }
                    Thread.sleep(200);
                    System.out.flush();
                    System.exit(0);
                }
                default -> System.err.println("worker: unknown command " + line);
            }
            System.out.flush();
        }
        System.exit(0);
    }

    private String statsJson(List<Stats> snaps, double cpu, double wall) {
        Histogram h = new Histogram();
        long received = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        long errors = 0;
        long closed = 0;
        String lastError = null;
        Map<String, AtomicInteger> closes = new TreeMap<>();
        for (Stats s : snaps) {
            h.add(s.latency);
            received += s.received;
            if (s.received > 0) {
                first = Math.min(first, s.firstMicros);
                last = Math.max(last, s.lastMicros);
            }
            errors += s.errors;
            closed += s.closedAfterReady;
            if (s.lastError != null) {
                lastError = s.lastError;
            }
            s.closeReasons.forEach((k, v) -> closes.computeIfAbsent(k, x -> new AtomicInteger()).addAndGet(v));
        }
        return "{\"received\":" + received + ",\"first\":" + (received > 0 ? first : 0) + ",\"last\":" + last
                + ",\"sent\":" + sent.getAndSet(0) + ",\"joins\":" + joins.getAndSet(0) + ",\"leaves\":"
                + leaves.getAndSet(0) + ",\"errors\":" + errors + ",\"lastError\":" + Json.quote(lastError)
                + ",\"closed\":" + closed + ",\"closeReasons\":" + Json.counts(closes)
                + ",\"cpuSeconds\":" + String.format("%.3f", cpu) + ",\"wallSeconds\":" + String.format("%.3f", wall)
                + ",\"hist\":\"" + h.encode() + "\"}";
    }

    /** Copies (and optionally resets) each loop's stats on its own thread. */
    private List<Stats> snapshot(boolean reset) throws InterruptedException {
        List<Stats> out = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(loops.length);
        for (int i = 0; i < loops.length; i++) {
            Stats s = stats[i];
            loops[i].execute(() -> {
                Stats copy = new Stats();
                copy.latency.add(s.latency);
                copy.received = s.received;
                copy.firstMicros = s.firstMicros;
                copy.lastMicros = s.lastMicros;
                copy.errors = s.errors;
                copy.lastError = s.lastError;
                copy.closedAfterReady = s.closedAfterReady;
                copy.closeReasons.putAll(s.closeReasons);
                if (reset) {
                    s.latency.reset();
                    s.received = 0;
                    s.errors = 0;
                    s.closedAfterReady = 0;
                    s.closeReasons.clear();
                    s.lastError = null;
                }
                synchronized (out) {
                    out.add(copy);
                }
                done.countDown();
            });
        }
        done.await(10, TimeUnit.SECONDS);
        synchronized (out) {
            return new ArrayList<>(out);
        }
    }

    private Stats stats(WsClient.Conn c) {
        return stats[c.index % loops.length];
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // ---- connection callbacks (loop thread) ----

    /** Per-connection role state. */
    private static final class State {
        boolean ready;
        boolean member;
        boolean subscribing;
    }

    @Override
    public void onOpen(WsClient.Conn c) {
        c.attachment = new State();
    }

    @Override
    public void onText(WsClient.Conn c, byte[] buf, int off, int len) {
        long stamp = WsClient.stamp(buf, off, len);
        if (stamp >= 0) {
            long now = WsClient.nowMicros();
            Stats s = stats(c);
            if (s.received == 0 || now < s.firstMicros) {
                s.firstMicros = now;
            }
            s.received++;
            s.lastMicros = Math.max(s.lastMicros, now);
            s.latency.record(now - stamp);
            if (role.equals("pairs") && generating) {
                sendClientEvent(c);
            }
            return;
        }
        String text = new String(buf, off, len, StandardCharsets.UTF_8);
        String event = Json.field(text, "event");
        if (event == null) {
            return;
        }
        State st = (State) c.attachment;
        switch (event) {
            case "pusher:connection_established" -> {
                c.socketId = Json.field(text.replace("\\\"", "\""), "socket_id");
                if (raw) {
                    ready(c, st);
                } else if (role.equals("presence") && c.index >= watchers) {
                    ready(c, st); // a churner: joins on GO
                } else {
                    subscribe(c, channelOf(c), userIdOf(c));
                }
            }
            case "pusher_internal:subscription_succeeded" -> {
                if (!st.ready) {
                    ready(c, st);
                } else if (role.equals("presence") && c.index >= watchers) {
                    joins.incrementAndGet();
                    st.member = true;
                    st.subscribing = false;
                    leave(c);
                }
            }
            case "pusher_internal:member_added", "pusher_internal:member_removed" -> {
                String user = Json.field(text.replace("\\\"", "\""), "user_id");
                if (c.index < watchers && user != null && user.startsWith("c")) {
                    int i = Integer.parseInt(user.substring(1));
                    long sentAt = event.endsWith("added") ? joinSent.get(i) : leaveSent.get(i);
                    long now = WsClient.nowMicros();
                    Stats s = stats(c);
                    if (s.received == 0) {
                        s.firstMicros = now;
                    }
                    s.received++;
                    s.lastMicros = now;
                    s.latency.record(now - sentAt);
                }
            }
            case "pusher:error", "pusher:subscription_error" -> {
                Stats s = stats(c);
                s.errors++;
                s.lastError = text.length() > 300 ? text.substring(0, 300) : text;
            }
            default -> {
                // pings are answered below; other frames are not measured
            }
        }
        if (event.equals("pusher:ping")) {
            c.sendText("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Override
    public void onClosed(WsClient.Conn c, String reason) {
        State st = (State) c.attachment;
        String r = reason == null ? "closed by bench" : reason.replaceAll("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+:[0-9]+", "ADDR");
        if (st != null && st.ready) {
            if (reason != null) {
                Stats s = stats(c);
                s.closedAfterReady++;
                s.closeReasons.merge(r, 1, Integer::sum);
            }
            return;
        }
        if (connectPhase) {
            reasons.computeIfAbsent(r, x -> new AtomicInteger()).incrementAndGet();
            failed.incrementAndGet();
            consecutiveFailures.incrementAndGet();
            inFlight.decrementAndGet();
        }
    }

    private void ready(WsClient.Conn c, State st) {
        st.ready = true;
        c.settled = true;
        ready.incrementAndGet();
        consecutiveFailures.set(0);
        inFlight.decrementAndGet();
    }

    private String channelOf(WsClient.Conn c) {
        return switch (role) {
            case "pairs" -> "private-" + prefix + "-" + (c.index / 2);
            case "presence" -> "presence-" + prefix;
            default -> prefix + "-" + (c.index % channels);
        };
    }

    private String userIdOf(WsClient.Conn c) {
        return c.index < watchers ? "w" + c.index : "c" + c.index;
    }

    private void subscribe(WsClient.Conn c, String channel, String userId) {
        String auth = null;
        String channelData = null;
        if (channel.startsWith("presence-")) {
            channelData = "{\"user_id\":\"" + userId + "\"}";
            auth = key + ":" + Sign.hmacHex(secret, c.socketId + ":" + channel + ":" + channelData);
        } else if (channel.startsWith("private-")) {
            auth = key + ":" + Sign.hmacHex(secret, c.socketId + ":" + channel);
        }
        StringBuilder sb = new StringBuilder("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":")
                .append(Json.quote(channel));
        if (auth != null) {
            sb.append(",\"auth\":").append(Json.quote(auth));
        }
        if (channelData != null) {
            sb.append(",\"channel_data\":").append(Json.quote(channelData));
        }
        c.sendText(sb.append("}}").toString());
    }

    private void startTraffic(WsClient.Conn c) {
        State st = (State) c.attachment;
        if (c.closed || st == null || !st.ready) {
            return;
        }
        if (role.equals("pairs")) {
            for (int i = 0; i < window; i++) {
                sendClientEvent(c);
            }
        } else if (role.equals("presence") && c.index >= watchers) {
            join(c);
        }
    }

    private void sendClientEvent(WsClient.Conn c) {
        c.sendText("{\"event\":\"client-bench\",\"channel\":\"" + channelOf(c) + "\",\"data\":\"#T"
                + WsClient.nowMicros() + "#\"}");
        sent.incrementAndGet();
    }

    private void join(WsClient.Conn c) {
        State st = (State) c.attachment;
        if (!generating || c.closed || st.subscribing) {
            return;
        }
        st.subscribing = true;
        joinSent.set(c.index, WsClient.nowMicros());
        subscribe(c, channelOf(c), userIdOf(c));
    }

    private void leave(WsClient.Conn c) {
        leaveSent.set(c.index, WsClient.nowMicros());
        c.sendText("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":" + Json.quote(channelOf(c)) + "}}");
        leaves.incrementAndGet();
        ((State) c.attachment).member = false;
        // Leave a moment before joining again so watchers see the removal first.
        Thread.ofVirtual().start(() -> {
            LockSupport.parkNanos(2_000_000);
            c.loop.execute(() -> join(c));
        });
    }
}
