package dev.reverbj.webhook;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.WebhookConfig;
import dev.reverbj.protocol.RepeatedWarnings;
import dev.reverbj.protocol.Signatures;

/**
 * One app's webhook receiver. {@link #offer} queues an event and never blocks (a full queue drops it); one
 * virtual thread per receiver takes the first waiting event, collects what else arrives within the batch
 * window (at most {@link #MAX_BATCH}), POSTs {@code {"time_ms":…,"events":[…]}} signed with the app secret,
 * and retries a 5xx, a timeout or a refused connection with exponential backoff for {@code retry-for}. Then
 * the batch is dropped, counted, and logged (repeats summed up in one line a minute). A 4xx is not retried: the receiver
 * refused that body. Batches of one receiver go out in order, one at a time.
 */
final class Endpoint {
    /** An event and when it was queued. */
    private record Queued(long timeMillis, String json) {
    }

    static final int MAX_BATCH = 100;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final AppConfig app;
    private final WebhookConfig hook;
    private final HttpClient http;
    private final WebhookMetrics metrics;
    private final BlockingQueue<Queued> queue;
    private final RepeatedWarnings warnings;
    private volatile boolean sending;
    private final Thread sender;

    Endpoint(AppConfig app, WebhookConfig hook, HttpClient http, WebhookMetrics metrics, RepeatedWarnings warnings) {
        this.app = app;
        this.warnings = warnings;
        this.hook = hook;
        this.http = http;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(hook.queueSize());
        this.sender = Thread.ofVirtual().name("webhook-" + app.id()).start(this::run);
    }

    WebhookConfig config() {
        return hook;
    }

    /** Queues the event if this receiver wants it; never blocks. */
    void offer(WebhookEvent event) {
        if (!hook.wants(event.name()) || !hook.matches(event.channel())) {
            return;
        }
        if (queue.offer(new Queued(System.currentTimeMillis(), event.json()))) {
            metrics.queued(1);
        } else {
            dropped(1, "the queue of " + hook.queueSize() + " events is full");
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                Queued first = queue.take();
                sending = true;
                batch.add(first.json());
                long deadline = System.nanoTime() + hook.batchWindow().toNanos();
                while (batch.size() < MAX_BATCH) {
                    Queued next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next.json());
                }
                metrics.queued(-batch.size());
                deliver(first.timeMillis(), batch);
                batch.clear();
                sending = false;
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** @param timeMillis when the batch's first event happened: receivers order batches of several nodes by it */
    private void deliver(long timeMillis, List<String> events) throws InterruptedException {
        String body = body(timeMillis, events);
        long giveUpAt = System.nanoTime() + hook.retryFor().toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            String failure = post(body);
            if (failure == null) {
                return;
            }
            if (failure.startsWith("rejected") || System.nanoTime() + backoff.toNanos() > giveUpAt) {
                dropped(events.size(), failure);
                return;
            }
            metrics.retried();
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    static String body(long timeMillis, List<String> events) {
        StringBuilder out = new StringBuilder(64 + events.size() * 96).append("{\"time_ms\":").append(timeMillis)
                .append(",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            out.append(i > 0 ? "," : "").append(events.get(i));
        }
        return out.append("]}").toString();
    }

    /** @return null when the receiver took it, else why not ({@code rejected …} is final) */
    private String post(String body) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(hook.url())
                .timeout(hook.timeout())
                .header("Content-Type", "application/json")
                .header("X-Pusher-Key", app.key())
                .header("X-Pusher-Signature", Signatures.hmacSha256Hex(app.secret(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        hook.headers().forEach(request::header);
        CompletableFuture<HttpResponse<Void>> exchange = null;
        try {
            exchange = http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
            // The request's timeout ends with the answer's headers; a receiver that never finishes the body would
            // hold this sender for good. The whole exchange gets the timeout.
            int status = exchange.get(hook.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status >= 200 && status < 300) {
                metrics.request("ok");
                return null;
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                metrics.request("rejected");
                return "rejected with HTTP " + status;
            }
            metrics.request("server_error");
            return "HTTP " + status;
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return timedOut();
        } catch (InterruptedException e) {
            if (exchange != null) {
                exchange.cancel(true);
            }
            throw e;
        } catch (ExecutionException e) {
            return switch (e.getCause()) {
                case HttpTimeoutException t -> timedOut();
                case ConnectException c -> {
                    metrics.request("refused");
                    yield "connection refused";
                }
                case null, default -> {
                    metrics.request("failed");
                    yield String.valueOf(e.getCause());
                }
            };
        } catch (IllegalArgumentException e) {
            metrics.request("failed");
            return e.toString();
        }
    }

    private String timedOut() {
        metrics.request("timeout");
        return "no answer within " + hook.timeout().toSeconds() + " s";
    }

    private void dropped(int events, String reason) {
        metrics.dropped(events);
        warnings.warn("webhook events dropped app=" + app.id() + " url=" + hook.url(), events + " events: " + reason);
    }

    /** Lets queued events go out until {@code deadlineNanos} ({@link System#nanoTime}), then stops the sender. */
    void close(long deadlineNanos) {
        while ((sending || !queue.isEmpty()) && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sender.interrupt();
    }
}
