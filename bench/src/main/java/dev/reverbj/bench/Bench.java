package dev.reverbj.bench;

import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonObject;

/**
 * Runs the benchmark scenarios against Reverb/J (started here from the repository's target/reverb.jar) or any
 * Pusher-compatible server ({@code --server external --host --port --app-id --key --secret}), plus the raw
 * Helidon WebSocket baseline ({@link RawServer}) for fan-out. Prints one JSON line per measurement and a Markdown
 * table; writes the table to {@code --results FILE}. See bench/README.md.
 */
public final class Bench {
    private final Args args;
    private final Path out;
    private final Path repo;
    private final boolean quick;
    private final boolean external;
    /** soketi 1.6.1 runs next to Reverb/J in the same run unless --no-soketi (never against an external server). */
    private final boolean soketi;
    private final String host;
    private final String appId;
    private final String key;
    private final String secret;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Double> fanoutRate = new LinkedHashMap<>();
    private String profile = "";
    private String capacityHeap = "";
    private int nextIp = 2;
    private final long started = System.currentTimeMillis();

    private Bench(Args args) throws Exception {
        this.args = args;
        this.repo = Path.of(args.str("repo", ".")).toAbsolutePath().normalize();
        this.out = Path.of(args.str("out", repo.resolve("bench/out").toString()));
        Files.createDirectories(out);
        this.quick = args.flag("quick");
        this.external = args.str("server", "reverb").equals("external");
        this.soketi = !external && !args.flag("no-soketi");
        this.host = args.str("host", "127.0.0.1");
        this.appId = args.str("app-id", "bench");
        this.key = args.str("key", "bench-key");
        this.secret = args.str("secret", "bench-secret");
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && argv[0].equals("raw-server")) {
            RawServer.main(java.util.Arrays.copyOfRange(argv, 1, argv.length));
            return;
        }
        Bench bench = new Bench(Args.parse(argv, 0));
        int code = bench.runAll();
        System.exit(code);
    }

    private int runAll() throws Exception {
        String scenarios = args.str("scenarios", "capacity,fanout,channels,client-events,presence,cluster");
        for (String s : scenarios.split(",")) {
            long t0 = System.currentTimeMillis();
            log("=== scenario " + s + " ===");
            try {
                switch (s.trim()) {
                    case "capacity" -> capacity();
                    case "fanout" -> fanout();
                    case "channels" -> manyChannels();
                    case "client-events" -> clientEvents();
                    case "presence" -> presence();
                    case "cluster" -> cluster();
                    default -> throw new IllegalArgumentException("unknown scenario " + s);
                }
            } catch (Exception e) {
                e.printStackTrace();
                Map<String, Object> row = row(s, "failed to run");
                row.put("error", e.toString());
                emit(row);
            } finally {
                Procs.ALL.forEach(p -> {
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                });
            }
            log("=== " + s + " took " + (System.currentTimeMillis() - t0) / 1000 + " s ===");
        }
        String table = markdown();
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("RESULTS.md"), table);
        if (args.values().containsKey("results")) {
            Files.writeString(Path.of(args.str("results", "")), table);
        }
        return 0;
    }

    // ---------------------------------------------------------------- scenarios

    /** One batch of client processes opening idle subscribed connections. */
    private final class Wave {
        final List<Procs.WorkerProc> workers = new ArrayList<>();
        int ready;
        int failed;
        double seconds;
        final Map<String, Integer> reasons = new LinkedHashMap<>();
        final List<String> stoppedBy = new ArrayList<>();

        Wave(String name, Procs.Server server, int n, int perProcess) throws Exception {
            this(name, server, n, perProcess, false);
        }

        Wave(String name, Procs.Server server, int n, int perProcess, boolean raw) throws Exception {
            int processes = Math.max(1, (n + perProcess - 1) / perProcess);
            for (int i = 0; i < processes; i++) {
                int share = n / processes + (i < n % processes ? 1 : 0);
                List<String> extra = new ArrayList<>(List.of("--channels",
                        Integer.toString(Math.max(1, share / 100)), "--prefix", name + i, "--connect-concurrency", "200",
                        "--fail-stop", "300", "--handshake-timeout", "5000"));
                if (raw) {
                    extra.addAll(List.of("--mode", "raw"));
                }
                workers.add(worker(name + "-" + i, server, "subscribers", share, extra, 20));
            }
            for (Procs.WorkerProc w : workers) {
                JsonObject r = parse(w.await("READY", 300_000));
                ready += r.getInt("ready");
                failed += r.getInt("failed");
                seconds = Math.max(seconds, Double.parseDouble(r.get("seconds").toString()));
                r.getJsonObject("reasons").forEach((k, v) -> reasons.merge(k, Integer.parseInt(v.toString()), Integer::sum));
                stoppedBy.add(r.getString("stoppedBy"));
            }
        }

        /** Connections of this wave closed since the last call (SNAP of every worker). */
        long closed(Map<String, Object> row) throws Exception {
            long closed = 0;
            List<Double> cores = new ArrayList<>();
            for (Procs.WorkerProc w : workers) {
                w.send("SNAP");
                JsonObject st = parse(w.await("STATS", 15_000));
                closed += st.getJsonNumber("closed").longValue();
                cores.add(round(st.getJsonNumber("cpuSeconds").doubleValue()
                        / Math.max(0.001, st.getJsonNumber("wallSeconds").doubleValue())));
                if (row != null) {
                    addErrors(row, st);
                }
            }
            if (row != null) {
                row.put("clientCpuCoresPerProcess", cores);
            }
            return closed;
        }
    }

    private void capacity() throws Exception {
        int n = args.integer("connections", quick ? 2_000 : 24_000);
        int perProcess = args.integer("per-process", 12_000);
        Procs.Server server = startServer("capacity", false);
        long rss0 = -1;
        long heap0 = -1;
        int safe = n;
        if (server != null) {
            heap0 = server.heapUsedKbAfterGc();
            rss0 = server.rssKb();
            long fdLimit = server.openFileLimit();
            if (fdLimit > 0 && !args.flag("no-limit-probe")) {
                // Measure just under the server's open-file limit, then push past it in a second wave to see what
                // stops it (reaching the limit may take the listener down, so memory is measured first).
                safe = (int) Math.min(n, fdLimit - server.openFiles() - 300);
            }
        }
        Wave wave = new Wave("cap", server, safe, perProcess);
        Map<String, Object> row = row("capacity", String.format("%,d idle connections requested: up to %,d (300 under the "
                + "server's open-file limit) measured, then the rest to find the limit; %d client processes per wave, "
                + "public channels of 100", n, safe, wave.workers.size()));
        row.put("requested", n);
        row.put("measuredAt", safe);
        row.put("connected", wave.ready);
        row.put("failed", wave.failed);
        row.put("connectSeconds", round(wave.seconds));
        row.put("connectsPerSecond", round(wave.ready / Math.max(0.001, wave.seconds)));
        row.put("failureReasons", wave.reasons);
        Thread.sleep(2_000);
        int ready = wave.ready;
        if (server != null) {
            long rss1 = server.rssKb();
            long heap1 = server.heapUsedKbAfterGc();
            long rss1AfterGc = server.rssKb();
            row.put("serverRssKb", rss1AfterGc);
            row.put("serverRssKbBeforeGc", rss1);
            row.put("serverRssBaselineKb", rss0);
            row.put("serverHeapUsedKb", heap1);
            row.put("serverHeapBaselineKb", heap0);
            row.put("serverThreads", server.threads());
            row.put("rssPerConnectionKb", ready == 0 ? 0 : round((rss1AfterGc - rss0) / (double) ready));
            row.put("rssPerConnectionKbBeforeGc", ready == 0 ? 0 : round((rss1 - rss0) / (double) ready));
            row.put("heapPerConnectionKb", ready == 0 ? 0 : round((heap1 - heap0) / (double) ready));
            row.put("serverOpenFiles", server.openFiles());
            row.put("serverOpenFileLimit", server.openFileLimit());
            final int live = ready;
            String histo = Procs.run(List.of(Procs.jdkTool("jcmd"), Long.toString(server.pid()), "GC.class_histogram"));
            Files.writeString(out.resolve("capacity-class-histogram.txt"), histo);
            StringBuilder top = new StringBuilder("Largest live classes in the server heap with ")
                    .append(String.format("%,d", ready)).append(" idle connections (`jcmd GC.class_histogram`, "
                            + "full list in bench/out/capacity-class-histogram.txt):\n\n| Instances | Bytes | "
                            + "Per connection | Class |\n|---:|---:|---:|---|\n");
            histo.lines().filter(l -> l.matches("\\s*\\d+:\\s+\\d+\\s+\\d+\\s+.*")).limit(12).forEach(l -> {
                String[] f = l.trim().split("\\s+");
                top.append("| ").append(String.format("%,d", Long.parseLong(f[1]))).append(" | ")
                        .append(String.format("%,d", Long.parseLong(f[2]))).append(" | ")
                        .append(live == 0 ? "-" : String.format("%.0f B", Long.parseLong(f[2]) / (double) live))
                        .append(" | `").append(f[3]).append("` |\n");
            });
            capacityHeap = top.toString();
        }
        long closedEarly = wave.closed(row);
        String limit;
        if (ready >= n) {
            limit = "none: all requested connections are open (ask for more with --connections)";
        } else if (server == null) {
            limit = "unknown (external server): " + String.join("; ", wave.stoppedBy) + "; reasons " + wave.reasons;
        } else {
            // Push past where the first wave stopped: what stops the server, and does it stay healthy?
            Wave probe = new Wave("cap-probe", server, n - ready, perProcess);
            Thread.sleep(3_000);
            boolean listening;
            try (java.net.Socket sock = new java.net.Socket(host, server.port)) {
                listening = true;
            } catch (java.io.IOException e) {
                listening = false;
            }
            long dropped = wave.closed(null);
            long fds = server.openFiles();
            long emfile = countInLog(server.log, "Too many open files");
            Map<String, Integer> all = new LinkedHashMap<>(wave.reasons);
            probe.reasons.forEach((k, v) -> all.merge(k, v, Integer::sum));
            long refused = all.entrySet().stream().filter(e -> e.getKey().contains("4100"))
                    .mapToLong(Map.Entry::getValue).sum();
            row.put("probeRequested", n - ready);
            row.put("probeConnected", probe.ready);
            row.put("probeFailed", probe.failed);
            row.put("probeFailureReasons", probe.reasons);
            row.put("maxConnected", ready + probe.ready);
            row.put("serverLogTooManyOpenFiles", emfile);
            row.put("listeningAfterProbe", listening);
            row.put("measuredConnectionsDroppedByProbe", dropped);
            row.put("serverOpenFilesAfterProbe", fds);
            String what;
            if (emfile > 0) {
                what = "accept() failed with EMFILE (\"Too many open files\") and Helidon's ServerListener logged "
                        + "\"this server socket is terminating now\"";
            } else if (refused > 0) {
                what = String.format("the server refused %,d further clients with 4100 \"Over capacity\" (its own cap "
                        + "just under the open-file limit)", refused);
            } else {
                what = "connections failed: " + all;
            }
            limit = String.format("server open-file limit (RLIMIT_NOFILE %d, the hard limit on this box): max %,d "
                            + "connections at once, then %s; afterwards the port is %s and %,d of the %,d measured "
                            + "connections were dropped (%,d fds open)",
                    server.openFileLimit(), ready + probe.ready, what,
                    listening ? "still listening" : "**no longer listening**", dropped, ready, fds);
            probe.workers.forEach(Procs.WorkerProc::stop);
        }
        if (closedEarly > 0) {
            row.put("closedBeforeProbe", closedEarly);
        }
        row.put("stoppedBy", limit);
        emit(row);
        wave.workers.forEach(Procs.WorkerProc::stop);
        stopServer(server);
        if (server != null && !args.flag("no-baseline")) {
            otherCapacity("raw", ready);
        }
        if (server != null && soketi) {
            otherCapacity("soketi", ready);
        }
    }

    /**
     * The same idle connections on the raw Helidon baseline (the transport's own memory floor) or on soketi
     * (public channels of 100, like ours).
     */
    private void otherCapacity(String target, int n) throws Exception {
        boolean isRaw = target.equals("raw");
        Procs.Server raw = startTarget(target, "capacity", false);
        long heap0 = isRaw ? raw.heapUsedKbAfterGc() : -1;
        long rss0 = raw.rssKb();
        Wave wave = new Wave(target + "cap", raw, n, args.integer("per-process", 12_000), isRaw);
        Thread.sleep(2_000);
        long heap1 = isRaw ? raw.heapUsedKbAfterGc() : -1;
        long rss1 = raw.rssKb();
        Map<String, Object> row = row("capacity-" + target, String.format("%s, %,d idle connections",
                isRaw ? "raw Helidon baseline" : "soketi " + Soketi.VERSION, n));
        row.put("target", target);
        row.put("requested", n);
        row.put("connected", wave.ready);
        row.put("failed", wave.failed);
        row.put("connectsPerSecond", round(wave.ready / Math.max(0.001, wave.seconds)));
        row.put("failureReasons", wave.reasons);
        row.put("serverRssKb", rss1);
        row.put("serverRssBaselineKb", rss0);
        row.put("serverHeapUsedKb", heap1);
        row.put("serverThreads", raw.threads());
        row.put("rssPerConnectionKb", wave.ready == 0 ? 0 : round((rss1 - rss0) / (double) wave.ready));
        row.put("heapPerConnectionKb", wave.ready == 0 ? 0 : round((heap1 - heap0) / (double) wave.ready));
        row.put("stoppedBy", wave.ready >= n ? "none (same count as Reverb/J)" : String.join("; ", wave.stoppedBy)
                + " " + wave.reasons);
        wave.closed(row);
        emit(row);
        wave.workers.forEach(Procs.WorkerProc::stop);
        raw.stop();
    }

    private void fanout() throws Exception {
        List<Integer> sizes = parseInts(args.str("fanout-subscribers", quick ? "100,1000" : "100,1000,5000,10000"));
        List<Integer> payloads = parseInts(args.str("payloads", "100,5120"));
        List<String> targets = new ArrayList<>(List.of("reverb"));
        if (!args.flag("no-baseline")) {
            targets.add("raw");
        }
        if (soketi) {
            targets.add("soketi");
        }
        for (int s : sizes) {
            for (String target : targets) {
                boolean raw = target.equals("raw");
                boolean jfr = target.equals("reverb") && s == sizes.get(sizes.size() - 1) && !args.flag("no-jfr");
                Procs.Server server = startTarget(target, "fanout-" + s, jfr);
                int port = server != null ? server.port : args.integer("port", 8080);
                Procs.WorkerProc w = worker("fanout-" + target + "-" + s, server, "subscribers", s,
                        raw ? List.of("--mode", "raw", "--prefix", "fan") : List.of("--prefix", "fan"), 10);
                Publisher pub = new Publisher(host, port, raw, appId, key, secret, 16);
                int subs = awaitSubscribers(target, s, w, pub);
                if (jfr && server != null) {
                    server.jfrStart();
                }
                fanoutPhases(target, s, subs, payloads, pub, w, server == null ? List.of() : List.of(server));
                Path file = out.resolve("fanout-" + s + ".jfr");
                if (jfr && server != null) {
                    server.jfrStop(file);
                }
                w.stop();
                stopServer(server);
                if (jfr) {
                    if (Files.exists(file)) {
                        profile = "### Fan-out\n\nJFR of the Reverb/J server during the " + s + "-subscriber fan-out (steady and burst, "
                                + payloads + " B payloads), `" + repo.relativize(file) + "`:\n\n" + Profile.summarize(file, 15);
                    }
                }
            }
        }
    }

    /** Waits for the subscribers to connect, then warms the publish and send paths up (not measured). */
    private int awaitSubscribers(String target, int s, Procs.WorkerProc w, Publisher pub) throws Exception {
        JsonObject ready = parse(w.await("READY", 120_000));
        if (ready.getInt("ready") < s) {
            notes.add("fan-out " + target + " S=" + s + ": only " + ready.getInt("ready") + " of " + s
                    + " subscribers connected: " + ready);
        }
        int subs = ready.getInt("ready");
        pub.run(new String[] {"fan-0"}, 100, Math.max(20, 100_000 / Math.max(1, s)), 200);
        pub.drain(16);
        awaitDeliveries(w, pub.ok.get() * subs, 2_000, 20_000);
        return subs;
    }

    /** Steady (100/s at ≤ 100 subscribers, 50/s at ≤ 1,000, else 10/s) then burst phases for each payload size. */
    private void fanoutPhases(String target, int s, int subs, List<Integer> payloads, Publisher pub, Procs.WorkerProc w,
                              List<Procs.Server> servers) throws Exception {
        for (int size : payloads) {
            double rate = s <= 100 ? 100 : s <= 1000 ? 50 : 10;
            int seconds = quick ? 3 : 5;
            phase(target, "fanout-steady", s, size, subs, pub, w, servers, (int) (rate * seconds), rate);
            int maxDeliveries = quick ? 50_000 : 300_000;
            int frame = size + 50;
            int burst = Math.max(1, Math.min(maxDeliveries / s, (2 << 20) / frame));
            phase(target, "fanout-burst", s, size, subs, pub, w, servers, burst, 0);
        }
    }

    private void phase(String target, String scenario, int s, int size, int subs, Publisher pub, Procs.WorkerProc w,
                       List<Procs.Server> servers, int count, double rate) throws Exception {
        w.send("SNAP");
        w.await("STATS", 15_000);
        pub.reset();
        // Bursts are short: repeat them and keep the median rate (the box is shared; one stall skews one burst).
        int reps = rate > 0 ? 1 : args.integer("burst-reps", 5);
        Histogram h = new Histogram();
        long received = 0;
        long expected = 0;
        double clientCpu = 0;
        double clientWall = 0;
        List<Double> rates = new ArrayList<>();
        JsonObject st = null;
        CpuWindow window = new CpuWindow(servers);
        for (int rep = 0; rep < reps; rep++) {
            long ok0 = pub.ok.get();
            long firstSend = WsClient.nowMicros();
            pub.run(new String[] {"fan-0"}, size, count, rate);
            pub.drain(16);
            long repExpected = (pub.ok.get() - ok0) * subs;
            awaitDeliveries(w, repExpected, 3_000, 60_000);
            w.send("SNAP");
            st = parse(w.await("STATS", 15_000));
            h.add(Histogram.decode(st.getString("hist")));
            long repReceived = st.getJsonNumber("received").longValue();
            received += repReceived;
            expected += repExpected;
            clientCpu += st.getJsonNumber("cpuSeconds").doubleValue();
            clientWall += st.getJsonNumber("wallSeconds").doubleValue();
            long last = st.getJsonNumber("last").longValue();
            double span = Math.max(1e-6, (last - firstSend) / 1e6);
            rates.add(round(repReceived / (rate > 0 ? Math.max(span, count / rate) : span)));
        }
        List<Double> sorted = new ArrayList<>(rates);
        sorted.sort(null);
        double dps = sorted.get(sorted.size() / 2);
        Map<String, Object> row = row(scenario, String.format("%s, %,d subscribers on 1 channel, %,d B payload, %s",
                TARGET_NAMES.getOrDefault(target, target), s, size,
                rate > 0 ? String.format("%.0f events/s", rate) : reps + " × " + count + " events back to back, "
                        + Publisher.perRequest(size) + " per request"));
        row.put("target", target);
        row.put("subscribers", subs);
        row.put("payloadBytes", size);
        row.put("publishRate", rate);
        row.put("published", pub.ok.get());
        row.put("publishFailed", pub.failed.get());
        if (pub.lastFailure.get() != null) {
            row.put("publishError", pub.lastFailure.get());
        }
        row.put("expected", expected);
        row.put("delivered", received);
        // (fan-out phase)
        row.put("deliveriesPerSecond", round(dps));
        if (rates.size() > 1) {
            row.put("deliveriesPerSecondEachBurst", rates);
        }
        latency(row, h);
        window.finish(row, clientCpu / Math.max(0.001, clientWall));
        if (!servers.isEmpty() && received > 0) {
            row.put("serverCpuUsPerDelivery", round(((Number) row.get("serverCpuSeconds")).doubleValue() * 1e6 / received));
            row.put("serverKernelUsPerDelivery", round(((Number) row.get("serverKernelCpuSeconds")).doubleValue() * 1e6 / received));
        }
        addErrors(row, st);
        if (scenario.equals("fanout-burst")) {
            String k = s + "/" + size;
            if (target.equals("raw")) {
                Double reverb = fanoutRate.get(k);
                if (reverb != null) {
                    row.put("reverbOverRaw", round(reverb / dps));
                    for (Map<String, Object> r : rows) {
                        if ("fanout-burst".equals(r.get("scenario")) && "reverb".equals(r.get("target"))
                                && Integer.valueOf(s).equals(r.get("subscribers")) && Integer.valueOf(size).equals(r.get("payloadBytes"))) {
                            r.put("reverbOverRaw", round(reverb / dps));
                        }
                    }
                }
            } else if (target.equals("reverb")) {
                fanoutRate.put(k, dps);
            }
        }
        emit(row);
    }

    private void manyChannels() throws Exception {
        int n = args.integer("channel-connections", quick ? 1_000 : 10_000);
        int channels = args.integer("channels", quick ? 100 : 1_000);
        double rate = args.integer("channel-rate", quick ? 200 : 1_000);
        int seconds = quick ? 3 : 5;
        boolean jfr = !args.flag("no-jfr");
        Procs.Server server = startServer("channels", jfr);
        Procs.WorkerProc w = worker("channels", server, "subscribers", n,
                List.of("--channels", Integer.toString(channels), "--prefix", "many"), 10);
        JsonObject ready = parse(w.await("READY", 120_000));
        int subs = ready.getInt("ready");
        int port = server != null ? server.port : args.integer("port", 8080);
        Publisher pub = new Publisher(host, port, false, appId, key, secret, 32);
        String[] names = new String[channels];
        for (int i = 0; i < channels; i++) {
            names[i] = "many-" + i;
        }
        w.send("SNAP");
        w.await("STATS", 15_000);
        if (jfr && server != null) {
            server.jfrStart();
        }
        CpuWindow window = new CpuWindow(server);
        int count = (int) (rate * seconds);
        pub.run(names, 100, count, rate);
        pub.drain(32);
        // Subscribers of channel j: connections i < subs with i % channels == j (assumes the first `subs` opened).
        long expected = 0;
        long published = pub.ok.get();
        for (int j = 0; j < Math.min(count, published); j++) {
            int ch = j % channels;
            expected += subs / channels + (ch < subs % channels ? 1 : 0);
        }
        awaitDeliveries(w, expected, 3_000, 60_000);
        w.send("SNAP");
        JsonObject st = parse(w.await("STATS", 15_000));
        Map<String, Object> row = row("many-channels", String.format("%,d connections on %,d public channels, "
                + "%.0f events/s of 100 B spread round-robin", subs, channels, rate));
        row.put("connections", subs);
        row.put("channels", channels);
        row.put("published", published);
        row.put("publishFailed", pub.failed.get());
        if (pub.lastFailure.get() != null) {
            row.put("publishError", pub.lastFailure.get());
        }
        row.put("expected", expected);
        emitDeliveries(row, st, window, seconds);
        Path file = out.resolve("channels.jfr");
        if (jfr && server != null) {
            server.jfrStop(file);
        }
        w.stop();
        stopServer(server);
        if (jfr && Files.exists(file)) {
            profile += "\n### Many channels: the HTTP API publish path\n\nJFR of the Reverb/J server during the "
                    + "measured many-channels phase (" + count + " publishes, " + subs / channels + " recipients each), `"
                    + repo.relativize(file) + "`:\n\n" + Profile.summarize(file, 12);
        }
    }

    private void clientEvents() throws Exception {
        int pairs = args.integer("pairs", quick ? 100 : 1_000);
        int window = args.integer("window", 1);
        int seconds = quick ? 3 : 5;
        Procs.Server server = startServer("client-events", false);
        Procs.WorkerProc w = worker("client-events", server, "pairs", pairs * 2,
                List.of("--prefix", "pair", "--window", Integer.toString(window)), 10);
        JsonObject ready = parse(w.await("READY", 120_000));
        w.send("SNAP");
        w.await("STATS", 15_000);
        CpuWindow cpuWindow = new CpuWindow(server);
        w.send("GO");
        Thread.sleep(seconds * 1000L);
        w.send("HALT");
        long received = awaitQuiet(w, 2_000, 30_000);
        w.send("SNAP");
        JsonObject st = parse(w.await("STATS", 15_000));
        Map<String, Object> row = row("client-events", String.format("%,d pairs on private channels, each side "
                + "answers every event it gets (%d in flight per side), %d s", ready.getInt("ready") / 2, window, seconds));
        row.put("connections", ready.getInt("ready"));
        row.put("expected", st.getJsonNumber("sent").longValue());
        row.put("delivered", st.getJsonNumber("received").longValue());
        row.put("deliveriesPerSecond", round(received / (double) seconds));
        latency(row, Histogram.decode(st.getString("hist")));
        cpuWindow.finish(row, st.getJsonNumber("cpuSeconds").doubleValue()
                / Math.max(0.001, st.getJsonNumber("wallSeconds").doubleValue()));
        addErrors(row, st);
        emit(row);
        w.stop();
        stopServer(server);
    }

    private void presence() throws Exception {
        int watchers = args.integer("watchers", 50);
        int churners = args.integer("churners", 40);
        int seconds = quick ? 3 : 5;
        Procs.Server server = startServer("presence", false);
        Procs.WorkerProc w = worker("presence", server, "presence", watchers + churners,
                List.of("--prefix", "bench", "--watchers", Integer.toString(watchers)), 10);
        parse(w.await("READY", 120_000));
        w.send("SNAP");
        w.await("STATS", 15_000);
        CpuWindow window = new CpuWindow(server);
        w.send("GO");
        Thread.sleep(seconds * 1000L);
        w.send("HALT");
        awaitQuiet(w, 2_000, 30_000);
        w.send("SNAP");
        JsonObject st = parse(w.await("STATS", 15_000));
        long joins = st.getJsonNumber("joins").longValue();
        long leaves = st.getJsonNumber("leaves").longValue();
        Map<String, Object> row = row("presence-churn", String.format("%d watchers on one presence channel, %d clients "
                + "joining and leaving in a loop for %d s", watchers, churners, seconds));
        row.put("joins", joins);
        row.put("leaves", leaves);
        row.put("joinsPerSecond", round(joins / (double) seconds));
        row.put("expected", watchers * (joins + leaves));
        emitDeliveries(row, st, window, seconds);
        w.stop();
        stopServer(server);
    }

    /**
     * Two Reverb/J nodes sharing a redis-server started here: subscribers on node B, every event published through
     * node A's HTTP API, so each delivery crosses Redis. Rows sit next to the one-node fan-out rows of the same size.
     */
    private void cluster() throws Exception {
        if (external) {
            return;
        }
        List<Integer> sizes = parseInts(args.str("cluster-subscribers", quick ? "1000" : "1000,10000"));
        int redisPort = freePort();
        Process redis = Procs.start(List.of("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"), out.resolve("redis-cluster.log"));
        try {
            Procs.Server probe = new Procs.Server(redis, redisPort, out.resolve("redis-cluster.log"));
            probe.awaitPort(host, 10_000);
            String scaling = """
                      scaling: { enabled: true, channel: bench, redis: { url: "redis://127.0.0.1:%d" } }
                    """.formatted(redisPort);
            for (int s : sizes) {
                Procs.Server a = startServer("cluster-a-" + s, scaling);
                Procs.Server b = startServer("cluster-b-" + s, scaling);
                Procs.WorkerProc w = worker("cluster-" + s, b, "subscribers", s, List.of("--prefix", "fan"), 10);
                Publisher pub = new Publisher(host, a.port, false, appId, key, secret, 16);
                // Node A learns of B's subscribers over Redis; the warm-up waits until they get events.
                int subs = awaitSubscribers("cluster", s, w, pub);
                // Server CPU is both nodes': A answers the API and publishes to Redis, B delivers.
                fanoutPhases("cluster", s, subs, List.of(100), pub, w, List.of(a, b));
                w.stop();
                stopServer(a);
                stopServer(b);
            }
        } finally {
            redis.destroy();
        }
    }

    // ---------------------------------------------------------------- processes

    private static final Map<String, String> TARGET_NAMES = Map.of("reverb", "Reverb/J", "raw", "raw baseline",
            "soketi", "soketi " + Soketi.VERSION, "cluster", "Reverb/J 2 nodes (publish to A, subscribers on B)");

    /** Starts the server of one target: {@code reverb}, {@code raw} (the Helidon baseline) or {@code soketi}. */
    private Procs.Server startTarget(String target, String name, boolean jfr) throws Exception {
        return switch (target) {
            case "raw" -> startRaw(name);
            case "soketi" -> Soketi.start(out.resolve("soketi"), host, freePort(), freePort(), appId, key, secret,
                    out.resolve("server-soketi-" + name + ".log"));
            default -> startServer(name, jfr);
        };
    }

    private Procs.Server startServer(String name, boolean jfr) throws Exception {
        return startServer(name, "");
    }

    /** Starts a Reverb/J node; {@code extraYaml} is added under {@code reverb:} (indented two spaces). */
    private Procs.Server startServer(String name, String extraYaml) throws Exception {
        if (external) {
            return null;
        }
        int port = freePort();
        Path config = out.resolve("reverb-bench-" + name + ".yaml");
        Files.writeString(config, """
                reverb:
                  server: { host: %s, port: %d, outbox-limit: 4194304, max-request-size: 100000 }
                  apps:
                    - { app-id: %s, key: %s, secret: %s, ping-interval: 60, max-message-size: 10000, accept-client-events-from: members }
                """.formatted(host, port, appId, key, secret) + extraYaml);
        List<String> cmd = new ArrayList<>(List.of(Procs.java()));
        for (String opt : args.str("server-java-opts", "").split(" ")) {
            if (!opt.isBlank()) {
                cmd.add(opt);
            }
        }
        cmd.addAll(List.of("-jar", repo.resolve("target/reverb.jar").toString(), "start", "--config", config.toString(),
                "--host", host, "--port", Integer.toString(port)));
        Path log = out.resolve("server-" + name + ".log");
        Procs.Server server = new Procs.Server(Procs.start(cmd, log), port, log);
        server.awaitPort(host, 30_000);
        return server;
    }

    private Procs.Server startRaw(String name) throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Procs.java()));
        for (String opt : args.str("server-java-opts", "").split(" ")) {
            if (!opt.isBlank()) {
                cmd.add(opt);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RawServer.class.getName(), "--host", host,
                "--port", Integer.toString(port)));
        Path log = out.resolve("server-raw-" + name + ".log");
        Procs.Server server = new Procs.Server(Procs.start(cmd, log), port, log);
        server.awaitPort(host, 30_000);
        return server;
    }

    private void stopServer(Procs.Server server) {
        if (server != null) {
            server.stop();
        }
    }

    private Procs.WorkerProc worker(String name, Procs.Server server, String role, int n, List<String> extra,
                                    int ips) throws Exception {
        List<String> a = new ArrayList<>(List.of("--host", host, "--port",
                Integer.toString(server != null ? server.port : args.integer("port", 8080)),
                "--key", key, "--secret", secret, "--role", role, "--n", Integer.toString(n),
                "--ip-base", Integer.toString(nextIp), "--ip-count", Integer.toString(ips),
                "--loops", args.str("client-loops", "2")));
        nextIp += ips;
        a.addAll(extra);
        return new Procs.WorkerProc(a, out.resolve("worker-" + name + ".log"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- measuring

    /**
     * Waits until the worker has counted {@code expected} deliveries, or its count stopped moving for
     * {@code quietMillis}, or {@code maxMillis} passed; returns the last count.
     */
    private long awaitDeliveries(Procs.WorkerProc w, long expected, long quietMillis, long maxMillis) throws Exception {
        long deadline = System.currentTimeMillis() + maxMillis;
        long last = -1;
        long lastChange = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long total = w.count();
            if (total >= expected) {
                return total;
            }
            if (total != last) {
                last = total;
                lastChange = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastChange > quietMillis) {
                break;
            }
            Thread.sleep(50);
        }
        return last;
    }

    /** Waits until the worker's count stops moving; returns it. */
    private long awaitQuiet(Procs.WorkerProc w, long quietMillis, long maxMillis) throws Exception {
        return awaitDeliveries(w, Long.MAX_VALUE, quietMillis, maxMillis);
    }

    private static void latency(Map<String, Object> row, Histogram h) {
        row.put("latencySamples", h.count());
        row.put("p50Ms", round(h.quantile(0.50) / 1000.0));
        row.put("p99Ms", round(h.quantile(0.99) / 1000.0));
        row.put("maxMs", round(h.max() / 1000.0));
    }


    /** Fills in what every delivery scenario reports from its clients' stats, then emits the row. */
    private void emitDeliveries(Map<String, Object> row, JsonObject st, CpuWindow window, long seconds) throws Exception {
        row.put("delivered", st.getJsonNumber("received").longValue());
        row.put("deliveriesPerSecond", round(st.getJsonNumber("received").longValue() / (double) seconds));
        latency(row, Histogram.decode(st.getString("hist")));
        window.finish(row, st.getJsonNumber("cpuSeconds").doubleValue()
                / Math.max(0.001, st.getJsonNumber("wallSeconds").doubleValue()));
        addErrors(row, st);
        emit(row);
    }
    private static void addErrors(Map<String, Object> row, JsonObject st) {
        if (st.getJsonNumber("errors").longValue() > 0) {
            row.put("pusherErrors", st.getJsonNumber("errors").longValue());
            row.put("lastPusherError", st.getString("lastError", ""));
        }
        if (st.getJsonNumber("closed").longValue() > 0) {
            row.merge("closedDuringRun", st.getJsonNumber("closed").longValue(),
                    (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
            row.merge("closeReasons", st.getJsonObject("closeReasons").toString(), (a, b) -> a + " " + b);
        }
    }

    private void addClientCpu(Map<String, Object> row, List<Procs.WorkerProc> workers) {
        List<Double> cores = new ArrayList<>();
        for (Procs.WorkerProc w : workers) {
            w.send("SNAP");
            try {
                JsonObject st = parse(w.await("STATS", 15_000));
                cores.add(round(st.getJsonNumber("cpuSeconds").doubleValue()
                        / Math.max(0.001, st.getJsonNumber("wallSeconds").doubleValue())));
                addErrors(row, st);
            } catch (Exception e) {
                cores.add(-1.0);
            }
        }
        row.put("clientCpuCoresPerProcess", cores);
    }

    private static long countInLog(Path log, String needle) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(needle)).count();
        } catch (Exception e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- output

    private Map<String, Object> row(String scenario, String setup) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", scenario);
        row.put("setup", setup);
        return row;
    }

    private void emit(Map<String, Object> row) throws Exception {
        rows.add(row);
        String line = toJson(row);
        System.out.println(line);
        System.out.flush();
        Files.writeString(out.resolve("results.jsonl"), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static String toJson(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, x) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(Json.quote(k.toString())).append(':').append(toJson(x));
            });
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : l) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(toJson(x));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return Json.quote(String.valueOf(v));
    }

    private String markdown() throws Exception {
        StringBuilder sb = new StringBuilder("# Reverb/J benchmark results\n\n");
        sb.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append('\n');
        sb.append("- Commit: ").append(Procs.run(List.of("git", "-C", repo.toString(), "describe", "--always", "--dirty",
                "--abbrev=12")).trim()).append(" (branch ").append(Procs.run(List.of("git", "-C", repo.toString(),
                "rev-parse", "--abbrev-ref", "HEAD")).trim()).append(")\n");
        sb.append("- Machine: ").append(machine()).append('\n');
        sb.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version()).append('\n');
        sb.append("- Command: `bench/run.sh").append(quick ? " --quick" : "").append("`, wall time ")
                .append((System.currentTimeMillis() - started) / 1000).append(" s\n");
        sb.append("- Server under test: ").append(external ? "external " + host + ":" + args.str("port", "?")
                : "target/reverb.jar, default JVM options " + args.str("server-java-opts", "")).append('\n');
        sb.append("\nCPU columns are cores used (CPU seconds / wall seconds) over the phase; the machine has ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(", shared by server, clients and anyone else on the box. Latency is publish call → frame "
                        + "parsed by the client, both clocks on this machine. Burst rates vary by up to ±30% between "
                        + "runs on this shared box; compare Reverb/J with the raw baseline within one run.\n\n");
        sb.append("| Scenario | Setup | Delivered / expected | Loss | Deliveries/s | p50 / p99 / max ms | Server CPU | "
                + "Client CPU | Notes |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> r : rows) {
            if ("capacity-raw".equals(r.get("scenario")) || "capacity-soketi".equals(r.get("scenario"))) {
                sb.append("| ").append(r.get("scenario")).append(" | ").append(r.get("setup")).append(" | ")
                        .append(String.format("%,d / %,d connected", r.get("connected"), r.get("requested")))
                        .append(" | – | ").append(r.get("connectsPerSecond")).append(" connects/s | – | – | ")
                        .append(r.get("clientCpuCoresPerProcess")).append(" | ")
                        .append(String.format("server RSS %.0f MB: **%s KB RSS/conn**, %s KB heap/conn (after GC); "
                                        + "%s threads%s |\n", ((Number) r.get("serverRssKb")).longValue() / 1024.0,
                                r.get("rssPerConnectionKb"), r.get("heapPerConnectionKb"), r.get("serverThreads"),
                                "raw".equals(r.get("target")) ? ": the transport's floor" : ""));
                continue;
            }
            if ("capacity".equals(r.get("scenario")) && r.containsKey("connected")) {
                sb.append("| capacity | ").append(r.get("setup")).append(" | ")
                        .append(String.format("%,d connected and measured; max %,d of %,d requested", r.get("connected"),
                                r.getOrDefault("maxConnected", r.get("connected")), r.get("requested")))
                        .append(" | – | ").append(r.get("connectsPerSecond")).append(" connects/s | – | – | ")
                        .append(r.get("clientCpuCoresPerProcess")).append(" | ");
                if (r.containsKey("rssPerConnectionKb")) {
                    sb.append(String.format("server RSS %.0f MB: **%s KB RSS/conn**, %s KB heap/conn (after GC); "
                                    + "%s threads; ", ((Number) r.get("serverRssKb")).longValue() / 1024.0,
                            r.get("rssPerConnectionKb"), r.get("heapPerConnectionKb"), r.get("serverThreads")));
                }
                sb.append("stopped by: ").append(r.get("stoppedBy"));
                if (((Number) r.getOrDefault("failed", 0)).intValue() > 0) {
                    sb.append("; first wave: ").append(r.get("failed")).append(" refused/failed ").append(r.get("failureReasons"));
                }
                if (r.containsKey("closedBeforeProbe")) {
                    sb.append("; **").append(r.get("closedBeforeProbe")).append(" connections closed before the limit probe**: ")
                            .append(r.get("closeReasons"));
                }
                sb.append(" |\n");
                continue;
            }
            if (r.containsKey("error")) {
                sb.append("| ").append(r.get("scenario")).append(" | ").append(r.get("setup")).append(" | – | – | – | – | – | – | ")
                        .append(r.get("error")).append(" |\n");
                continue;
            }
            long expected = ((Number) r.getOrDefault("expected", 0)).longValue();
            long delivered = ((Number) r.getOrDefault("delivered", 0)).longValue();
            long lost = expected - delivered;
            List<String> n = new ArrayList<>();
            if (r.containsKey("reverbOverRaw")) {
                n.add("Reverb/J ÷ raw = **" + r.get("reverbOverRaw") + "**");
            }
            if (r.containsKey("boxBusyCores")) {
                n.add("box " + r.get("boxBusyCores") + " cores busy, " + r.get("otherCpuCores") + " by others");
            }
            if (r.containsKey("joinsPerSecond")) {
                n.add(r.get("joinsPerSecond") + " joins/s");
            }
            if (((Number) r.getOrDefault("publishFailed", 0)).longValue() > 0) {
                n.add(r.get("publishFailed") + " publishes failed: " + r.get("publishError"));
            }
            if (r.containsKey("closedDuringRun")) {
                n.add(r.get("closedDuringRun") + " connections closed: " + r.get("closeReasons"));
            }
            if (r.containsKey("pusherErrors")) {
                n.add(r.get("pusherErrors") + " pusher:error, last " + r.get("lastPusherError"));
            }
            sb.append("| ").append(r.get("scenario")).append(" | ").append(r.get("setup")).append(" | ")
                    .append(String.format("%,d / %,d", delivered, expected)).append(" | ")
                    .append(lost == 0 ? "0" : String.format("**%,d (%.2f%%)**", lost, 100.0 * lost / Math.max(1, expected)))
                    .append(" | ").append(String.format("%,.0f", ((Number) r.getOrDefault("deliveriesPerSecond", 0)).doubleValue()))
                    .append(" | ").append(r.get("p50Ms")).append(" / ").append(r.get("p99Ms")).append(" / ").append(r.get("maxMs"))
                    .append(" | ").append(r.get("serverCpuCores")).append(" | ").append(r.get("clientCpuCores"))
                    .append(" | ").append(String.join("; ", n).replace("|", "\\|")).append(" |\n");
        }
        Verdicts verdicts = new Verdicts(rows);
        sb.append("\n## Reverb/J ÷ raw baseline, same run\n\n").append(verdicts.versusRaw());
        if (soketi) {
            sb.append("\n## Reverb/J ÷ soketi ").append(Soketi.VERSION).append(", same run\n\n").append(verdicts.versusSoketi());
        }
        sb.append("\n## Cluster: two nodes next to one\n\n").append(verdicts.cluster());
        sb.append("\n## Targets (issue 10, 11)\n\n").append(verdicts.targets());
        if (!notes.isEmpty()) {
            sb.append("\n## Notes from the run\n\n");
            notes.forEach(x -> sb.append("- ").append(x).append('\n'));
        }
        if (!capacityHeap.isEmpty()) {
            sb.append("\n## Server memory per idle connection\n\n").append(capacityHeap);
        }
        if (!profile.isEmpty()) {
            sb.append("\n## Server profile\n\n").append(profile);
        }
        return sb.toString();
    }

    private static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
            return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                    + String.format(Locale.ROOT, "%.0f GiB", memKb / 1048576.0) + " RAM, open-file limit "
                    + Procs.run(List.of("sh", "-c", "ulimit -Hn")).trim() + " per process";
        } catch (Exception e) {
            return "?";
        }
    }

    private static JsonObject parse(String json) {
        try (var r = jakarta.json.Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    private static List<Integer> parseInts(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void log(String s) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
    }
}
