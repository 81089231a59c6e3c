package dev.reverbj.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real HTTP server on a free port of 127.0.0.1 that receives webhooks. Each path answers as told:
 * {@link #answer} with a status per request, {@link #hang} never answers (until closed). Every request is
 * recorded with its headers and raw body, per path, in arrival order.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One received POST. */
    public record Request(String path, Map<String, List<String>> headers, String body, int answered) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public JsonObject json() {
            try (var reader = Json.createReader(new java.io.StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    private final HttpServer server;
    private final Map<String, BlockingQueue<Request>> received = new ConcurrentHashMap<>();
    private final List<Request> history = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code path} answers each request with the status {@code status} gives (called once per request). */
    public WebhookReceiver answer(String path, IntSupplier status) {
        server.createContext(path, exchange -> {
            int code = status.getAsInt();
            record(path, exchange, code);
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        return this;
    }

    /** {@code path} reads each request, records it and never answers. */
    public WebhookReceiver hang(String path) {
        server.createContext(path, exchange -> {
            record(path, exchange, 0);
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        return this;
    }

    private void record(String path, HttpExchange exchange, int code) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, code);
        history.add(request);
        queue(path).add(request);
    }

    private BlockingQueue<Request> queue(String path) {
        return received.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    /** The {@code time_ms} of the first request so far whose body contains {@code text}. */
    public long timeOf(String text) {
        return history.stream().filter(r -> r.body().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no request contains " + text))
                .json().getJsonNumber("time_ms").longValue();
    }

    /** The next request to {@code path}, waiting at most {@code wait}. */
    public Request next(String path, Duration wait) {
        try {
            Request r = queue(path).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                fail("no webhook request to " + path + " within " + wait);
            }
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Events (each a {@code events[]} entry) arriving at {@code path}, up to and including the request that
     * holds one satisfying {@code until}; fails when none does within {@code wait}.
     */
    public List<JsonObject> eventsUntil(String path, Duration wait, java.util.function.Predicate<JsonObject> until) {
        List<JsonObject> seen = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("webhook event not seen at " + path + " within " + wait + "; seen: " + seen);
            }
            Request r;
            try {
                r = next(path, Duration.ofNanos(left));
            } catch (AssertionError timeout) {
                throw new AssertionError("webhook event not seen at " + path + " within " + wait + "; seen: " + seen, timeout);
            }
            boolean found = false;
            for (var v : r.json().getJsonArray("events")) {
                JsonObject event = v.asJsonObject();
                seen.add(event);
                found |= until.test(event);
            }
            if (found) {
                return seen;
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
