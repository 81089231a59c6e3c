package dev.reverbj.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reverbj.config.ScalingConfig;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.support.JarProcess;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WebhookReceiver;
import dev.reverbj.support.WsClient;

import jakarta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Node B is the real jar in its own process, killed with SIGKILL while it alone holds a channel and a signed-in
 * user: the surviving node announces {@code channel_vacated} and the user's {@code offline} for it.
 */
class ClusterOnceKillIT {
    private static final Duration BOUND = ScalingConfig.DEFAULT_NODE_TIMEOUT.plus(Duration.ofSeconds(5));
    private static RedisProcess redis;
    private static WebhookReceiver receiver;
    private static TestServer a;
    private static JarProcess b;
    private static int bPort;
    private static final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        redis = RedisProcess.start();
        receiver = WebhookReceiver.start().answer("/hooks", () -> 200);
        String yaml = Cluster.yaml("reverb-once-kill", "webhooks:", "  - url: " + receiver.url("/hooks"));
        a = TestServer.start(yaml, Map.of("REDIS_URL", redis.url()));
        bPort = JarProcess.freePort();
        Path config = Files.createTempFile("reverb-once-kill", ".yaml");
        Files.writeString(config, yaml);
        b = JarProcess.start(Map.of("REDIS_URL", redis.url()), "start", "--config", config.toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(bPort));
        Cluster.await("node B (a process) joined the cluster", Duration.ofSeconds(30),
                () -> Cluster.broker(a).knownNodes() == 1);
    }

    @AfterAll
    static void stop() {
        Cluster.closeAll(clients);
        Cluster.closeAll(List.of(b, a, redis, receiver));
    }

    private static WsClient onB() {
        WsClient client = WsClient.open("ws://127.0.0.1:" + bPort + "/app/" + TestApps.MAIN.key() + "?protocol=7", null, false);
        clients.add(client);
        client.next("pusher:connection_established");
        return client;
    }

    @Test
    void theSurvivorAnnouncesWhatAKilledNodeAloneHeld() throws Exception {
        WsClient watcher = WsClient.connect(a, TestApps.MAIN.key());
        clients.add(watcher);
        watcher.signIn("{\"id\":\"watcher\",\"watchlist\":[\"ghost\"]}", TestApps.MAIN);
        watcher.next("pusher_internal:watchlist_events");

        WsClient subscriber = onB();
        subscriber.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"orphan-room\"}}");
        subscriber.joined("orphan-room");
        WsClient ghost = onB();
        String socketId = WsClient.dataObject(WsClient.parse(ghost.frameSeen(0))).getString("socket_id");
        String userData = "{\"id\":\"ghost\"}";
        ghost.send(Json.createObjectBuilder().add("event", "pusher:signin").add("data", Json.createObjectBuilder()
                .add("user_data", userData).add("auth", TestApps.MAIN.key() + ":"
                        + Signatures.hmacSha256Hex(TestApps.MAIN.secret(), socketId + "::user::" + userData))).build().toString());
        ghost.next("pusher:signin_success");
        assertEquals("{\"events\":[{\"name\":\"online\",\"user_ids\":[\"ghost\"]}]}",
                WsClient.dataObject(watcher.next("pusher_internal:watchlist_events")).toString());
        receiver.eventsUntil("/hooks", BOUND, e -> e.toString().equals("{\"name\":\"channel_occupied\",\"channel\":\"orphan-room\"}"));

        b.process().destroyForcibly(); // SIGKILL: nothing released by B itself
        b.process().waitFor();

        receiver.eventsUntil("/hooks", BOUND, e -> e.toString().equals("{\"name\":\"channel_vacated\",\"channel\":\"orphan-room\"}"));
        assertEquals("{\"events\":[{\"name\":\"offline\",\"user_ids\":[\"ghost\"]}]}",
                WsClient.dataObject(watcher.next("pusher_internal:watchlist_events", BOUND)).toString());
    }
}
