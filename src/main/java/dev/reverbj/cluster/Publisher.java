package dev.reverbj.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread that writes this node's envelopes to Redis, so that Redis sees them in the outbox's order:
 * first what is outside the sequence (hello, resend requests, copies another node asked for again), then the
 * outbox from its head, a batch at a time. A failed write keeps the batch at the head and is tried again; until
 * a write succeeds the link counts as down (logged once) and the outbox holds what it accepts. The first
 * successful write links the node ({@link #linked}).
 */
final class Publisher {
    private static final System.Logger LOG = System.getLogger(Publisher.class.getName());
    private static final int BATCH = 256;
    private static final long RETRY_MILLIS = 500;

    private final Outbox outbox;
    private final RedisConnection connection;
    private final BrokerMetrics metrics;
    private final String redis;
    private final ConcurrentLinkedQueue<String> unsequenced = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile boolean linked;
    private volatile boolean closed;
    private Thread thread;

    /** @param redis the Redis endpoint, for log lines */
    Publisher(Outbox outbox, RedisConnection connection, BrokerMetrics metrics, String redis) {
        this.outbox = outbox;
        this.connection = connection;
        this.metrics = metrics;
        this.redis = redis;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("reverb-cluster-publisher").start(this::run);
    }

    /** Publishes texts outside the sequence, ahead of the outbox. Lost if the write fails (their senders retry). */
    void publishFirst(List<String> texts) {
        unsequenced.addAll(texts);
    }

    /** Whether a write to Redis has succeeded since the node started. */
    boolean linked() {
        return linked;
    }

    /** Whether the last write (or the connection) failed and no write succeeded since. */
    boolean down() {
        return down.get();
    }

    /** Redis dropped a connection: down until a write succeeds. */
    void disconnected() {
        markDown("connection lost");
    }

    private void run() {
        while (!closed) {
            try {
                if (!connection.connected()) {
                    Thread.sleep(100);
                    continue;
                }
                List<String> texts = new ArrayList<>();
                for (String t; texts.size() < BATCH && (t = unsequenced.poll()) != null; ) {
                    texts.add(t);
                }
                List<Outbox.Entry> head = outbox.head(BATCH, texts.isEmpty() ? 200 : 0);
                head.forEach(e -> texts.add(e.text()));
                if (texts.isEmpty()) {
                    continue;
                }
                try {
                    connection.write(texts);
                } catch (RuntimeException e) {
                    metrics.publishFailed();
                    markDown(e.toString());
                    Thread.sleep(RETRY_MILLIS);
                    continue;
                }
                outbox.written(head.size());
                for (int i = 0; i < texts.size(); i++) {
                    metrics.published();
                }
                markUp();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "bug in the cluster publisher", e);
            }
        }
    }

    // Synchronized with markUp: Redisson reports a lost connection on its own thread, and a check-then-act
    // interleaved with this thread's markUp could leave the outbox holding (acknowledging unwritten envelopes)
    // while the link counts as up.
    private synchronized void markDown(String why) {
        if (!closed && down.compareAndSet(false, true)) {
            outbox.hold();
            metrics.connectivity(true);
            LOG.log(System.Logger.Level.WARNING, "Redis " + redis + " is unreachable (" + why + "); serving local clients"
                    + " and keeping envelopes for the other nodes in the outbox until it is back");
        }
    }

    private synchronized void markUp() {
        linked = true;
        if (down.compareAndSet(true, false)) {
            outbox.release();
            metrics.connectivity(false);
            LOG.log(System.Logger.Level.INFO, "Redis {0} is reachable again; {1} envelopes still to send",
                    redis, outbox.unsent());
        }
    }

    void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
