package dev.reverbj.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what one idle client WebSocket costs the load generator: java.net.http.WebSocket versus the
 * {@link WsClient} NIO client, against any server (the raw baseline is enough). Prints heap per connection
 * after GC, threads, connect time and CPU, then the receive cost of {@code --messages} broadcasts if a
 * {@code --publish} URL is given.
 * <pre>java -cp bench/target/reverb-bench.jar dev.reverbj.bench.ClientCost --impl jdk --n 5000 --port 8090</pre>
 */
final class ClientCost {
    private ClientCost() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, 0);
        String impl = args.str("impl", "nio");
        int n = args.integer("n", 2000);
        String host = args.str("host", "127.0.0.1");
        int port = args.integer("port", 8090);
        String path = "/app/bench-key?protocol=7";
        long heap0 = heapAfterGc();
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        AtomicLong received = new AtomicLong();
        List<Object> keep = new ArrayList<>();
        if (impl.equals("jdk")) {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pending.add(client.newWebSocketBuilder().buildAsync(URI.create("ws://" + host + ":" + port + path),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                received.incrementAndGet();
                                ws.request(1);
                                return null;
                            }
                        }));
                if (pending.size() >= 200) {
                    for (CompletableFuture<WebSocket> f : pending) {
                        keep.add(f.get(30, TimeUnit.SECONDS));
                    }
                    pending.clear();
                }
            }
            for (CompletableFuture<WebSocket> f : pending) {
                keep.add(f.get(30, TimeUnit.SECONDS));
            }
            keep.add(client);
        } else {
            WsClient.Loop loop = new WsClient.Loop("cost-loop", 10_000);
            CountDownLatch open = new CountDownLatch(n);
            WsClient.Handler h = new WsClient.Handler() {
                @Override
                public void onOpen(WsClient.Conn c) {
                    open.countDown();
                }

                @Override
                public void onText(WsClient.Conn c, byte[] buf, int off, int len) {
                    received.incrementAndGet();
                }

                @Override
                public void onClosed(WsClient.Conn c, String reason) {
                    open.countDown();
                }
            };
            for (int i = 0; i < n; i++) {
                keep.add(loop.connect(i, new InetSocketAddress("127.0.0." + (200 + i % 20), 0),
                        new InetSocketAddress(host, port), path, h));
            }
            open.await(60, TimeUnit.SECONDS);
        }
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1000);
        long heap1 = heapAfterGc();
        System.out.printf("{\"impl\":\"%s\",\"connections\":%d,\"connectSeconds\":%.2f,\"heapPerConnectionKb\":%.2f,"
                        + "\"threads\":%d,\"connectCpuSeconds\":%.2f,\"rssKb\":%d}%n", impl, n, connectSeconds,
                (heap1 - heap0) / 1024.0 / n, Thread.activeCount(), (cpu() - cpu0) / 1e9, rss());
        if (args.values().containsKey("publish")) {
            int messages = args.integer("messages", 20);
            long cpu1 = cpu();
            long start = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < messages; i++) {
                String frame = "{\"event\":\"bench\",\"channel\":\"fan-0\",\"data\":\"" + Publisher.payload(100, i) + "\"}";
                http.send(java.net.http.HttpRequest.newBuilder(URI.create(args.str("publish", "")))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(frame)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
            long expected = (long) messages * n + (impl.equals("jdk") ? n : n);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("{\"impl\":\"%s\",\"received\":%d,\"seconds\":%.2f,\"cpuSecondsPerMillionMessages\":%.2f}%n",
                    impl, received.get(), s, (cpu() - cpu1) / 1e9 / Math.max(1, received.get()) * 1e6);
        }
        System.exit(0);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long rss() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // ignore
        }
        return -1;
    }
}
