package dev.reverbj.cluster;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnvelopeTest {

    @Test
    void eventEnvelopeIsTheDocumentedJson() {
        String frame = "{\"event\":\"e\",\"channel\":\"c\",\"data\":\"{}\"}";
        assertEquals("{\"v\":1,\"node\":\"n1\",\"seq\":7,\"app\":\"app-1\",\"type\":\"event\",\"channel\":\"c\",\"except\":\"1.2\","
                        + "\"frame\":\"{\\\"event\\\":\\\"e\\\",\\\"channel\\\":\\\"c\\\",\\\"data\\\":\\\"{}\\\"}\"}",
                Envelope.encode("n1", 7, new ClusterMessage.Event("app-1", "c", "1.2", frame)));
    }

    @Test
    void everyMessageSurvivesARoundTrip() {
        List<ClusterMessage> messages = List.of(
                new ClusterMessage.Event("a", "c", null, "{\"event\":\"x\"}"),
                new ClusterMessage.Event("a", "c", "1.2", "f"),
                new ClusterMessage.Join("a", "presence-r", "u\"1", "{\"name\":\"Ann\"}"),
                new ClusterMessage.Leave("a", "presence-r", "u1"),
                new ClusterMessage.Terminate("a", "u1"),
                new ClusterMessage.State(Map.of("a", new ClusterMessage.AppState(3, Map.of(
                        "c", new ClusterMessage.ChannelState(2, Map.of()),
                        "presence-r", new ClusterMessage.ChannelState(1, Map.of("u1", "{\"name\":\"Ann\"}")))))),
                new ClusterMessage.Hello(),
                new ClusterMessage.Resend("node-2", 41),
                new ClusterMessage.Restart(),
                new ClusterMessage.Bye());
        long seq = 0;
        for (ClusterMessage message : messages) {
            seq++;
            Envelope.Received received = Envelope.decode(Envelope.encode("node-9", seq, message));
            assertEquals(new Envelope.Received("node-9", seq, false, message), received);
            assertEquals(new Envelope.Received("node-9", 0, false, message), Envelope.decode(Envelope.encode("node-9", message)));
        }
    }

    @Test
    void aCopyPublishedAgainIsMarkedAsAReplayAndKeepsItsSequenceNumber() {
        String text = Envelope.encode("n1", 12, new ClusterMessage.Terminate("a", "u1"));
        assertEquals(new Envelope.Received("n1", 12, true, new ClusterMessage.Terminate("a", "u1")),
                Envelope.decode(Envelope.replay(text)));
    }

    @Test
    void otherVersionsAndUnknownTypesAreSkippedAndGarbageRejected() {
        assertNull(Envelope.decode("{\"v\":2,\"node\":\"n\",\"type\":\"event\"}"));
        assertNull(Envelope.decode("{\"v\":1,\"node\":\"n\",\"type\":\"gossip\",\"extra\":1}"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("not json"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("{\"v\":1,\"node\":\"n\",\"type\":\"event\"}"));
    }
}
