package dev.reverbj.observe.dashboard;

import java.util.Map;

import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With scaling on, a node's page shows its own figures and the cluster's totals next to them. */
class DashboardClusterTest {
    @Test
    void aNodeShowsItsOwnFiguresAndTheClusterTotals() throws Exception {
        String yaml = TestApps.yaml() + """
                  scaling: { enabled: true, channel: dashboard-test }
                  dashboard: { enabled: true, username: ops, password: pa55 }
                """;
        try (RedisProcess redis = RedisProcess.start();
             TestServer a = TestServer.start(yaml, Map.of("REDIS_URL", redis.url()));
             TestServer b = TestServer.start(yaml, Map.of("REDIS_URL", redis.url()));
             WsClient onA = WsClient.connect(a, "key-1");
             WsClient onB = WsClient.connect(b, "key-1");
             WsClient alsoOnB = WsClient.connect(b, "key-1");
             FeedReader page = FeedReader.open(a.httpBase() + "/dashboard/feed", "ops", "pa55")) {
            onA.join("shared");
            onB.join("shared");
            alsoOnB.join("shared");
            onA.joinPresence("presence-team", "{\"user_id\":\"1\"}", TestApps.MAIN);
            onB.joinPresence("presence-team", "{\"user_id\":\"2\"}", TestApps.MAIN);

            assertEquals(true, page.next("hello", h -> true).getBoolean("clustered"));
            // The other node's counts arrive with its heartbeat (1 s).
            JsonObject app = page.next("stats", s -> {
                JsonObject x = s.getJsonArray("apps").getJsonObject(0);
                return x.getJsonObject("cluster").getInt("connections") == 3 && !x.getJsonArray("presence").isEmpty()
                        && x.getJsonArray("top").getJsonObject(0).getInt("subscribers") == 3
                        && x.getJsonArray("presence").getJsonObject(0).getInt("members") == 2;
            }).getJsonArray("apps").getJsonObject(0);
            assertEquals(1, app.getInt("connections"), "this node's own");
            assertEquals(2, app.getJsonObject("cluster").getInt("channels"));
            JsonObject shared = app.getJsonArray("top").getJsonObject(0);
            assertEquals("shared", shared.getString("name"));
            assertEquals(1, shared.getInt("node"));
            JsonObject team = app.getJsonArray("presence").getJsonObject(0);
            assertEquals("presence-team", team.getString("name"));
            assertEquals(1, team.getInt("node"));
        }
    }
}
