package dev.reverbj.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reverbj.config.ScalingConfig;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.protocol.SocketId;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Node B is the real jar in its own process, killed with SIGKILL: node A drops its presence members within
 * the documented bound (node timeout + one heartbeat).
 */
class NodeKillIT {
    private static final Duration BOUND = ScalingConfig.DEFAULT_NODE_TIMEOUT.plus(ScalingConfig.DEFAULT_HEARTBEAT)
            .plusSeconds(2);
    private static RedisProcess redis;
    private static TestServer a;
    private static Process b;
    private static int bPort;
    private static final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        redis = RedisProcess.start();
        a = TestServer.start(Cluster.yaml("reverb-kill"), Map.of("REDIS_URL", redis.url()));
        try (ServerSocket s = new ServerSocket(0)) {
            bPort = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile("reverb-node-b", ".log");
        var env = Map.of("REVERB_SCALING_ENABLED", "true", "REVERB_SCALING_CHANNEL", "reverb-kill",
                "REDIS_URL", redis.url(), "REVERB_APP_ID", TestApps.MAIN.id(), "REVERB_APP_KEY", TestApps.MAIN.key(),
                "REVERB_APP_SECRET", TestApps.MAIN.secret());
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", new File("target/reverb.jar").getAbsolutePath(), "start",
                "--host", "127.0.0.1", "--port", String.valueOf(bPort))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        b = builder.start();
        Cluster.await("node B (a process) joined the cluster", Duration.ofSeconds(30),
                () -> Cluster.broker(a).knownNodes() == 1);
    }

    @AfterAll
    static void stop() {
        Cluster.closeAll(clients);
        if (b != null) {
            b.destroyForcibly();
        }
        Cluster.closeAll(List.of(a, redis));
    }

    @Test
    void membersOfAKilledNodeAreRemovedWithinTheBound() throws Exception {
        WsClient alice = WsClient.connect(a, TestApps.MAIN.key());
        clients.add(alice);
        alice.subscribePresence("presence-kill-1", "{\"user_id\":\"1\"}", TestApps.MAIN);
        alice.joined("presence-kill-1");

        WsClient bob = WsClient.open("ws://127.0.0.1:" + bPort + "/app/" + TestApps.MAIN.key() + "?protocol=7", null, false);
        clients.add(bob);
        String socketId = WsClient.dataObject(bob.next("pusher:connection_established")).getString("socket_id");
        String channelData = "{\"user_id\":\"2\"}";
        String auth = Signatures.channelAuth(TestApps.MAIN.key(), TestApps.MAIN.secret(), new SocketId(socketId),
                ChannelName.of("presence-kill-1"), channelData);
        bob.send(Json.createObjectBuilder().add("event", "pusher:subscribe").add("data", Json.createObjectBuilder()
                .add("channel", "presence-kill-1").add("auth", auth).add("channel_data", channelData)).build().toString());
        assertEquals(2, WsClient.dataObject(bob.joined("presence-kill-1")).getJsonObject("presence").getInt("count"));
        assertEquals("2", WsClient.dataObject(alice.next("pusher_internal:member_added")).getString("user_id"));

        b.destroyForcibly(); // SIGKILL: no goodbye, no leave messages
        b.waitFor();

        assertEquals("2", WsClient.dataObject(alice.next("pusher_internal:member_removed", BOUND)).getString("user_id"));
        assertEquals(0, Cluster.broker(a).knownNodes());
    }
}
