package dev.reverbj.cluster;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequencerTest {
    private final Sequencer sequencer = new Sequencer(100, 2_000);
    private final List<String> asked = new ArrayList<>();

    private static Envelope.Received event(String node, long seq, boolean replay) {
        return new Envelope.Received(node, seq, replay, new ClusterMessage.Terminate("a", "u" + seq));
    }

    private List<Long> accept(String node, long seq, boolean replay, long now) {
        return sequencer.accept(event(node, seq, replay), now, (n, from) -> asked.add(n + "@" + from))
                .stream().map(Envelope.Received::seq).toList();
    }

    @Test
    void messagesOfANodeAreAppliedOnceAndInOrder() {
        assertEquals(List.of(5L), accept("n1", 5, false, 0), "a node's sequence starts where this node first hears it");
        assertEquals(List.of(6L), accept("n1", 6, false, 0));
        assertEquals(List.of(), accept("n1", 6, false, 0), "a duplicate is dropped");
        assertEquals(List.of(), accept("n1", 5, true, 0), "so is an old copy");
        assertTrue(asked.isEmpty());
    }

    @Test
    void aHoleIsAskedForAndWhatCameAfterItWaitsUntilItIsFilled() {
        accept("n1", 1, false, 0);
        assertEquals(List.of(), accept("n1", 4, false, 0));
        assertEquals(List.of(), accept("n1", 5, false, 0));
        assertEquals(List.of("n1@2"), asked);

        assertEquals(List.of(2L), accept("n1", 2, true, 100));
        assertEquals(List.of(3L, 4L, 5L), accept("n1", 3, true, 100));
        assertEquals(List.of(), accept("n1", 4, true, 100), "the rest of the replay is a duplicate");
        assertEquals(List.of(6L), accept("n1", 6, false, 100));
    }

    @Test
    void aHoleNobodyFillsIsAskedForAgainThenGivenUp() {
        accept("n1", 1, false, 0);
        accept("n1", 3, false, 0);
        List<String> expired = new ArrayList<>();
        assertEquals(List.of(), sequencer.expire(1_000, (n, from) -> expired.add(n + "@" + from)), "not yet");
        assertEquals(List.of(), sequencer.expire(2_000, (n, from) -> expired.add(n + "@" + from)));
        assertEquals(List.of(), sequencer.expire(4_000, (n, from) -> expired.add(n + "@" + from)));
        assertEquals(List.of("n1@2", "n1@2"), expired);

        List<Envelope.Received> released = sequencer.expire(6_000, (n, from) -> expired.add(n + "@" + from));
        assertEquals(List.of(3L), released.stream().map(Envelope.Received::seq).toList());
        assertEquals(List.of(4L), accept("n1", 4, false, 6_000));
    }

    @Test
    void asksMadeWhileCutOffDoNotCountTowardsGivingAHoleUp() {
        accept("n1", 1, false, 0);
        accept("n1", 3, false, 0);
        List<String> expired = new ArrayList<>();
        sequencer.expire(2_000, (n, from) -> expired.add(n + "@" + from));
        sequencer.expire(4_000, (n, from) -> expired.add(n + "@" + from));

        sequencer.askAgain(); // this node hears Redis again
        assertEquals(List.of(), sequencer.expire(4_500, (n, from) -> expired.add(n + "@" + from)), "asked at once");
        assertEquals(List.of(), sequencer.expire(6_500, (n, from) -> expired.add(n + "@" + from)));
        assertEquals(List.of(), sequencer.expire(8_500, (n, from) -> expired.add(n + "@" + from)));
        assertEquals(List.of("n1@2", "n1@2", "n1@2", "n1@2", "n1@2"), expired);
        assertEquals(List.of(3L), sequencer.expire(10_500, (n, from) -> { }).stream().map(Envelope.Received::seq).toList());
    }

    @Test
    void aCopyMeantForAnotherNodeDoesNotStartANodesSequence() {
        assertEquals(List.of(), accept("n2", 3, true, 0));
        assertEquals(List.of(9L), accept("n2", 9, false, 0));
        assertTrue(asked.isEmpty());
    }

    @Test
    void messagesOutsideTheSequenceAreAppliedAtOnce() {
        accept("n1", 1, false, 0);
        accept("n1", 3, false, 0);
        assertEquals(List.of(0L), accept("n1", 0, false, 0));
    }
}
