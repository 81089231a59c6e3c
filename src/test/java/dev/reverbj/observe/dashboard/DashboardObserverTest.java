package dev.reverbj.observe.dashboard;

import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.SocketId;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the dashboard's observer keeps for the page: counts by code and messages in and out. */
class DashboardObserverTest {
    @Test
    void codesAndMessagesAreCountedForTheGraphs() {
        DashboardObserver observer = new DashboardObserver("app-1", new DashboardFeed());
        observer.refused(PusherError.OVER_QUOTA);
        observer.closedWith(1000);
        observer.closedWith(1000);
        observer.closedWith(4201);
        observer.sent(SocketId.random(), Frame.of("{}"));
        observer.received(null, Frame.of("{}"));
        observer.received(null, Frame.of("{}"));
        assertEquals(java.util.Map.of(4004, 1L), observer.refusedByCode());
        assertEquals(java.util.Map.of(1000, 2L, 4201, 1L), observer.closedByCode());
        assertEquals(1, observer.sent());
        assertEquals(2, observer.received());
    }
}
