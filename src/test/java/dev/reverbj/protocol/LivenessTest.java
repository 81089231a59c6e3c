package dev.reverbj.protocol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.config.RateLimit;
import dev.reverbj.support.RecordingConnection;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ping and prune rules (SPEC.md section 5) on a fake clock: no sockets, no sleeping. */
class LivenessTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AppConfig config = new AppConfig("a", "k", "s", List.of("*"), Duration.ofSeconds(2), 30, 0, 10_000,
            ClientEventsPolicy.MEMBERS, RateLimit.OFF, 100, Duration.ofMinutes(30));
    private final App app = new App(config, Hub.local(), now::get, ChannelManager.ChannelEvents.NONE);

    @Test
    void aSilentConnectionIsPingedThenPrunedWith4201() {
        RecordingConnection connection = new RecordingConnection();
        Session session = app.open(connection);
        now.addAndGet(1_999);
        assertFalse(session.checkLiveness(now.get()));
        assertEquals(List.of(), connection.frames);
        now.addAndGet(1);
        session.checkLiveness(now.get());
        assertEquals("{\"event\":\"pusher:ping\",\"data\":\"{}\"}", connection.last());
        now.addAndGet(2_000);
        assertTrue(session.checkLiveness(now.get()));
        assertEquals("{\"event\":\"pusher:error\",\"data\":\"{\\\"code\\\":4201,\\\"message\\\":\\\"Pong reply not received in time\\\"}\"}",
                connection.last());
        assertEquals(PusherError.PONG_TIMEOUT, connection.closedWith);
        assertEquals(0, app.connectionCount());
    }

    @Test
    void aConnectionThatAnswersThePingStays() {
        RecordingConnection connection = new RecordingConnection();
        Session session = app.open(connection);
        now.addAndGet(2_000);
        session.checkLiveness(now.get());
        now.addAndGet(500);
        session.receive("{\"event\":\"pusher:pong\",\"data\":{}}");
        now.addAndGet(1_600);
        assertFalse(session.checkLiveness(now.get()));
        assertNull(connection.closedWith);
        assertEquals(1, app.connectionCount());
    }

    @Test
    void clientsThatUseControlFramesGetAWebSocketPing() {
        RecordingConnection connection = new RecordingConnection();
        Session session = app.open(connection);
        session.controlFrameSeen();
        now.addAndGet(2_000);
        session.checkLiveness(now.get());
        assertEquals(1, connection.pings);
        assertEquals(List.of(), connection.frames);
    }
}
