package dev.reverbj.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.reverbj.support.TestApps;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

/**
 * Publishes event {@code e} with data {@code {"n":i}}, i = 0, 1, 2…, to one channel through the signed HTTP API
 * of {@code host} at a steady rate (catching up after a slow answer), and remembers how each was answered.
 */
final class PacedPublisher implements AutoCloseable {
    private final Pusher api;
    private final String channel;
    private final long periodNanos;
    private final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> other = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread thread;

    PacedPublisher(String host, String channel, int perSecond) {
        this.api = new Pusher(TestApps.MAIN.id(), TestApps.MAIN.key(), TestApps.MAIN.secret());
        api.setHost(host);
        api.setEncrypted(false);
        api.setRequestTimeout(20_000);
        this.channel = channel;
        this.periodNanos = 1_000_000_000L / perSecond;
        this.thread = Thread.ofPlatform().daemon().name("paced-publisher").start(this::run);
    }

    private void run() {
        long start = System.nanoTime();
        for (int i = 0; running; i++) {
            LockSupport.parkNanos(start + i * periodNanos - System.nanoTime());
            sent.set(i + 1);
            Result result = api.trigger(channel, "e", Map.of("n", i));
            Integer status = result.getHttpStatus();
            if (status != null && status == 200) {
                acknowledged.add(i);
            } else if (status != null && status == 503) {
                refused.incrementAndGet();
            } else {
                other.put(i, status + " " + result.getStatus() + " " + result.getMessage());
            }
        }
    }

    /** How many events have been published so far (answered or not). */
    int sent() {
        return sent.get();
    }

    /** The events answered 200, in publishing order. */
    List<Integer> acknowledged() {
        return List.copyOf(acknowledged);
    }

    int refused() {
        return refused.get();
    }

    /** Events answered neither 200 nor 503 (node unreachable, for example), with how. */
    Map<Integer, String> other() {
        return Map.copyOf(other);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            api.close();
        } catch (Exception ignored) {
            // the HTTP client's pool; nothing to do
        }
    }
}
