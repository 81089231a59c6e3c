package dev.reverbj.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import dev.reverbj.protocol.ClusterLink;
import dev.reverbj.protocol.ClusterLink.Admission;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Outbox outbox = new Outbox(3, 10_000, now::get);

    private CompletableFuture<Void> offer(String name) {
        return outbox.offer(seq -> name + "#" + seq);
    }

    private List<String> head() throws InterruptedException {
        return outbox.head(10, 0).stream().map(Outbox.Entry::text).toList();
    }

    @Test
    void envelopesGetConsecutiveSequenceNumbersAndLeaveInTheOrderTheyCame() throws Exception {
        offer("a");
        offer("b");
        assertEquals(List.of("a#1", "b#2"), head());

        outbox.written(1);
        offer("c");
        assertEquals(List.of("b#2", "c#3"), head());
    }

    @Test
    void aPublisherIsToldOnlyOnceItsEnvelopeIsWritten() throws Exception {
        CompletableFuture<Void> a = offer("a");
        assertFalse(a.isDone());
        outbox.written(1);
        assertTrue(a.isDone());
    }

    @Test
    void whileTheLinkIsDownAcceptingIsEnoughAndNothingIsDropped() throws Exception {
        CompletableFuture<Void> waiting = offer("a");
        outbox.hold();
        assertTrue(waiting.isDone());
        assertTrue(offer("b").isDone());
        assertEquals(List.of("a#1", "b#2"), head(), "still queued, in order");

        outbox.release();
        CompletableFuture<Void> after = offer("c");
        assertFalse(after.isDone());
    }

    @Test
    void aFullOutboxRefusesWithoutUsingASequenceNumber() throws Exception {
        offer("a");
        offer("b");
        offer("c");
        assertEquals(Admission.OUTBOX_FULL, outbox.admit(1));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> offer("d").get());
        assertEquals(Admission.OUTBOX_FULL, assertInstanceOf(ClusterLink.Refused.class, refused.getCause()).reason());

        outbox.written(1);
        offer("e");
        assertEquals(List.of("b#2", "c#3", "e#4"), head());
    }

    @Test
    void anOutboxWhoseOldestEnvelopeWaitedTooLongRefusesUntilItDrains() throws Exception {
        offer("a");
        now.addAndGet(10_001);
        assertEquals(Admission.OUTBOX_FULL, outbox.admit(1));
        outbox.written(1);
        assertEquals(Admission.ACCEPTED, outbox.admit(1));
    }

    @Test
    void writtenEnvelopesAreKeptForANodeThatAsksAgainWithinTheLimits() throws Exception {
        offer("a");
        offer("b");
        offer("c");
        outbox.written(3);
        assertEquals(List.of("b#2", "c#3"), outbox.writtenFrom(2));

        offer("d");
        offer("e");
        outbox.written(2);
        assertEquals(List.of("c#3", "d#4", "e#5"), outbox.writtenFrom(1), "at most the outbox size is kept");

        now.addAndGet(10_001);
        offer("f");
        outbox.written(1);
        assertEquals(List.of("f#6"), outbox.writtenFrom(1), "and for at most the outbox age");
    }
}
