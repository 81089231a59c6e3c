package dev.reverbj.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes bench events: through the signed Pusher HTTP API ({@code POST /apps/{id}/events}, SPEC.md section 7)
 * or, for the raw baseline, by posting the finished frame to {@code /publish}. Every event's data starts with
 * {@code #T<epoch micros>#} so receivers can measure delivery latency.
 */
final class Publisher {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final boolean raw;
    private final String appId;
    private final String key;
    private final String secret;
    private final Semaphore inFlight;
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicReference<String> lastFailure = new AtomicReference<>();

    Publisher(String host, int port, boolean raw, String appId, String key, String secret, int concurrency) {
        this.base = "http://" + host + ":" + port;
        this.raw = raw;
        this.appId = appId;
        this.key = key;
        this.secret = secret;
        this.inFlight = new Semaphore(concurrency);
    }

    static String payload(int size, long seq) {
        StringBuilder sb = new StringBuilder(size + 32).append("#T").append(WsClient.nowMicros()).append("#S")
                .append(seq).append('#');
        while (sb.length() < size) {
            sb.append('x');
        }
        return sb.toString();
    }

    /** Sends one event asynchronously; blocks only when {@code concurrency} requests are already in flight. */
    void publish(String channel, int size, long seq) throws InterruptedException {
        inFlight.acquire();
        String data = payload(size, seq);
        HttpRequest request;
        if (raw) {
            String frame = "{\"event\":\"bench\",\"channel\":" + Json.quote(channel) + ",\"data\":" + Json.quote(data) + "}";
            request = HttpRequest.newBuilder(URI.create(base + "/publish"))
                    .POST(HttpRequest.BodyPublishers.ofString(frame)).timeout(Duration.ofSeconds(30)).build();
        } else {
            byte[] body = ("{\"name\":\"bench\",\"channel\":" + Json.quote(channel) + ",\"data\":" + Json.quote(data) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            String path = "/apps/" + appId + "/events";
            String query = Sign.apiQuery("POST", path, key, secret, body, System.currentTimeMillis() / 1000);
            request = HttpRequest.newBuilder(URI.create(base + path + "?" + query))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build();
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((res, err) -> {
            if (err == null && res.statusCode() == 200) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
                lastFailure.set(err != null ? err.toString() : res.statusCode() + " " + res.body());
            }
            inFlight.release(); // after counting: drain() callers read the counters next
        });
    }

    /** Publishes {@code count} events at {@code rate}/s (0 = as fast as possible) over the given channels. */
    void run(String[] channels, int size, int count, double rate) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = t0 + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            publish(channels[i % channels.length], size, i);
        }
    }

    /** Waits for every request in flight to finish. */
    void drain(int concurrency) throws InterruptedException {
        if (inFlight.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
            inFlight.release(concurrency);
        }
    }

    void reset() {
        ok.set(0);
        failed.set(0);
        lastFailure.set(null);
    }
}
