package dev.reverbj.cluster;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterViewTest {
    private final ClusterView view = new ClusterView();

    private static ClusterMessage.State state(int subscriptions, Map<String, String> members) {
        return new ClusterMessage.State(Map.of("a", new ClusterMessage.AppState(2,
                Map.of("presence-r", new ClusterMessage.ChannelState(subscriptions, members)))));
    }

    @Test
    void heartbeatsAndDeltasReportMembershipChanges() {
        List<ClusterView.Change> first = view.applyState("n1", 1, state(1, Map.of("u1", "{}")), 0);
        assertEquals(List.of(new ClusterView.Change("a", "presence-r", "u1", "{}", true)), first);

        assertEquals(1, view.applyJoin("n1", 2, new ClusterMessage.Join("a", "presence-r", "u2", "{}"), 0).size());
        assertEquals(Map.of("u1", "{}", "u2", "{}"), view.members("a", "presence-r"));
        assertEquals(2, view.channels("a").get(0).subscriptionCount());

        List<ClusterView.Change> left = view.applyLeave("n1", 3, new ClusterMessage.Leave("a", "presence-r", "u1"), 0);
        assertEquals(List.of(new ClusterView.Change("a", "presence-r", "u1", null, false)), left);
    }

    @Test
    void aStaleHeartbeatDoesNotUndoANewerJoin() {
        view.applyState("n1", 1, state(1, Map.of()), 0);
        view.applyJoin("n1", 3, new ClusterMessage.Join("a", "presence-r", "u1", "{}"), 0);

        assertTrue(view.applyState("n1", 2, state(0, Map.of()), 0).isEmpty());
        assertTrue(view.hasMember("a", "presence-r", "u1", null));
    }

    @Test
    void aSilentNodeIsFoundAndItsMembersLeave() {
        view.applyState("n1", 1, state(1, Map.of("u1", "{}")), 1_000);
        view.applyState("n2", 1, state(1, Map.of("u1", "{}")), 5_000);

        assertEquals(List.of("n1"), view.silentSince(2_000));
        assertEquals(1, view.remove("n1").size());
        assertTrue(view.hasMember("a", "presence-r", "u1", null), "still present through n2");
        assertFalse(view.hasMember("a", "presence-r", "u1", "n2"));
        assertEquals(2, view.connections("a"));
    }
}
