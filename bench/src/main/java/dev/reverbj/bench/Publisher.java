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
 *
 * <p>Bursts (no rate) go up to {@link #BATCH} events per request ({@link #perRequest}; the bench runs Reverb/J
 * with {@code max-request-size: 100000}, soketi's default request limit): {@code POST /apps/{id}/batch_events} (what the Pusher
 * SDKs' {@code triggerBatch} sends), and for the raw baseline that many frames, one per line, to {@code /publish}.
 * One event per request made this process the bottleneck of a burst to 100 subscribers: it used a whole core to
 * sign and send 2,600 requests/s, so the burst measured the publisher, not the server.
 */
final class Publisher {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final boolean raw;
    private final String appId;
    private final String key;
    private final String secret;
    /** Most events per request in a burst: Pusher's limit for batch_events. */
    static final int BATCH = 10;
    /** Request bodies of a burst stay under this: the bench's Reverb/J and soketi accept 100 KB. */
    private static final int MAX_BODY = 90_000;
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
        publish(channel, size, seq, 1);
    }

    /**
     * Sends {@code count} events (sequence numbers from {@code seq}) in one request, asynchronously; blocks only when
     * {@code concurrency} requests are already in flight.
     */
    private void publish(String channel, int size, long seq, int count) throws InterruptedException {
        inFlight.acquire();
        HttpRequest request;
        if (raw) {
            StringBuilder frames = new StringBuilder();
            for (int i = 0; i < count; i++) {
                frames.append(i == 0 ? "" : "\n").append("{\"event\":\"bench\",\"channel\":").append(Json.quote(channel))
                        .append(",\"data\":").append(Json.quote(payload(size, seq + i))).append('}');
            }
            request = HttpRequest.newBuilder(URI.create(base + "/publish"))
                    .POST(HttpRequest.BodyPublishers.ofString(frames.toString())).timeout(Duration.ofSeconds(30)).build();
        } else {
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < count; i++) {
                events.append(i == 0 ? "" : ",").append("{\"name\":\"bench\",\"channel\":").append(Json.quote(channel))
                        .append(",\"data\":").append(Json.quote(payload(size, seq + i))).append('}');
            }
            byte[] body = (count == 1 ? events.toString() : "{\"batch\":[" + events + "]}").getBytes(StandardCharsets.UTF_8);
            String path = "/apps/" + appId + (count == 1 ? "/events" : "/batch_events");
            String query = Sign.apiQuery("POST", path, key, secret, body, System.currentTimeMillis() / 1000);
            request = HttpRequest.newBuilder(URI.create(base + path + "?" + query))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build();
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((res, err) -> {
            if (err == null && res.statusCode() == 200) {
                ok.addAndGet(count);
            } else {
                failed.addAndGet(count);
                lastFailure.set(err != null ? err.toString() : res.statusCode() + " " + res.body());
            }
            inFlight.release(); // after counting: drain() callers read the counters next
        });
    }

    /**
     * Publishes {@code count} events at {@code rate}/s over the given channels; with rate 0, as fast as possible,
     * {@link #BATCH} to a request (on one channel at a time).
     */
    void run(String[] channels, int size, int count, double rate) throws InterruptedException {
        if (rate <= 0) {
            int batch = perRequest(size);
            for (int i = 0, n = 0; i < count; i += n) {
                n = Math.min(batch, count - i);
                publish(channels[(i / batch) % channels.length], size, i, n);
            }
            return;
        }
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

    /** Events of {@code size} bytes per request in a burst: as many as fit under the request limit, at most 10. */
    static int perRequest(int size) {
        return Math.max(1, Math.min(BATCH, MAX_BODY / (size + 100)));
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
