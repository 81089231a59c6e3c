package dev.reverbj.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

import dev.reverbj.protocol.Clock;
import dev.reverbj.protocol.ClusterLink;
import dev.reverbj.protocol.ClusterLink.Admission;

/**
 * This node's envelopes for the other nodes, in the order they were accepted: first the ones not yet written
 * to Redis (bounded by count and by the age of the oldest: beyond either, {@link #admit} and {@link #offer}
 * refuse instead of dropping anything accepted), then the ones written recently, kept as long (count and
 * age) for a node that missed them and asks again ({@link #writtenFrom}). An envelope gets the next sequence
 * number when it is accepted, so a node's sequence has no holes. While the link is down ({@link #hold}),
 * accepting an envelope is as good as writing it: its publisher is told at once.
 *
 * <p>Thread-safe: offered on connection, HTTP and cluster threads, drained by the {@link Publisher} alone.
 */
final class Outbox {
    /** One accepted envelope; {@code safe} completes once it is written (or held during an outage). */
    record Entry(long seq, String text, long acceptedAt, CompletableFuture<Void> safe) {
    }

    private record Written(long seq, String text, long writtenAt) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition offered = lock.newCondition();
    private final ArrayDeque<Entry> unsent = new ArrayDeque<>();
    private final ArrayDeque<Written> written = new ArrayDeque<>();
    private final int maxSize;
    private final long maxAgeMillis;
    private final Clock clock;
    private long seq;
    private boolean holding;

    Outbox(int maxSize, long maxAgeMillis, Clock clock) {
        this.maxSize = maxSize;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
    }

    /** Whether {@code count} more envelopes would be accepted now. */
    Admission admit(int count) {
        lock.lock();
        try {
            return admission(count, clock.millis());
        } finally {
            lock.unlock();
        }
    }

    private Admission admission(int count, long now) {
        Entry oldest = unsent.peekFirst();
        if (unsent.size() + count > maxSize || (oldest != null && now - oldest.acceptedAt() > maxAgeMillis)) {
            return Admission.OUTBOX_FULL;
        }
        return Admission.ACCEPTED;
    }

    /**
     * Accepts one envelope behind every earlier one.
     *
     * @param encode the envelope's text for the sequence number it gets
     * @return completes when it is written or held; already failed with {@link ClusterLink.Refused} when the
     *         outbox is full (the envelope then has no sequence number: nothing is missing downstream)
     */
    CompletableFuture<Void> offer(LongFunction<String> encode) {
        lock.lock();
        try {
            long now = clock.millis();
            Admission admission = admission(1, now);
            if (admission != Admission.ACCEPTED) {
                return CompletableFuture.failedFuture(new ClusterLink.Refused(admission));
            }
            long s = ++seq;
            CompletableFuture<Void> safe = new CompletableFuture<>();
            unsent.addLast(new Entry(s, encode.apply(s), now, safe));
            if (holding) {
                safe.complete(null);
            }
            offered.signalAll();
            return safe;
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} of the oldest unsent envelopes, waiting up to {@code waitMillis} for one; not removed. */
    List<Entry> head(int max, long waitMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (unsent.isEmpty() && nanos > 0) {
                nanos = offered.awaitNanos(nanos);
            }
            List<Entry> head = new ArrayList<>(Math.min(max, unsent.size()));
            for (Entry e : unsent) {
                if (head.size() == max) {
                    break;
                }
                head.add(e);
            }
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** The first {@code count} unsent envelopes were written: their publishers are told, and they are kept a while. */
    void written(int count) {
        List<Entry> done = new ArrayList<>(count);
        lock.lock();
        try {
            long now = clock.millis();
            for (int i = 0; i < count && !unsent.isEmpty(); i++) {
                Entry e = unsent.removeFirst();
                done.add(e);
                written.addLast(new Written(e.seq(), e.text(), now));
            }
            while (!written.isEmpty() && (written.size() > maxSize || now - written.peekFirst().writtenAt() > maxAgeMillis)) {
                written.removeFirst();
            }
        } finally {
            lock.unlock();
        }
        done.forEach(e -> e.safe().complete(null));
    }

    /** The written envelopes still kept, from sequence number {@code from} on, in order. */
    List<String> writtenFrom(long from) {
        lock.lock();
        try {
            List<String> texts = new ArrayList<>();
            for (Written w : written) {
                if (w.seq() >= from) {
                    texts.add(w.text());
                }
            }
            return texts;
        } finally {
            lock.unlock();
        }
    }

    /** The link is down: whatever waits here is safe, and so is whatever is accepted until {@link #release}. */
    void hold() {
        List<Entry> waiting;
        lock.lock();
        try {
            holding = true;
            waiting = List.copyOf(unsent);
        } finally {
            lock.unlock();
        }
        waiting.forEach(e -> e.safe().complete(null));
    }

    /** The link is up again: an envelope is safe once written. */
    void release() {
        lock.lock();
        try {
            holding = false;
        } finally {
            lock.unlock();
        }
    }

    int unsent() {
        lock.lock();
        try {
            return unsent.size();
        } finally {
            lock.unlock();
        }
    }
}
