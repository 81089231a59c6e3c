package dev.reverbj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reverbj.support.JarProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart without a gap, process by process (ops/README.md): with {@code REVERB_SERVER_HANDOVER_TIMEOUT} a server
 * run under ops/handover.sh outlives the wrapper's stop, a successor on the same port takes over and the old server
 * only then tells its clients to reconnect (4200); without a successor it closes them after the timeout.
 */
class HandoverIT {
    private static final Path WRAPPER = Path.of("ops", "handover.sh").toAbsolutePath();

    @TempDir
    Path dir;

    private final List<JarProcess> started = new ArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();
    private final List<ProcessHandle> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clients.forEach(WsClient::close);
        started.forEach(JarProcess::close);
        servers.forEach(ProcessHandle::destroyForcibly); // a server that outlived its wrapper
    }

    @Test
    void stoppedWrapperLeavesTheServerServingUntilASuccessorTakesOverThenItsClientsGet4200() throws Exception {
        int port = JarProcess.freePort();
        JarProcess old = start(List.of("bash", WRAPPER.toString()), port, 30);
        ProcessHandle wrapper = old.process().toHandle();
        ProcessHandle oldServer = wrapper.children().findFirst().orElseThrow();
        servers.add(oldServer);
        // `reverb restart` signals the wrapper, so that the process manager starts the successor at once.
        assertEquals(wrapper.pid(), Handover.restartTarget(oldServer).pid());
        WsClient client = connect(port);

        wrapper.destroy(); // what supervisord and systemd send on stop
        wrapper.onExit().get(5, TimeUnit.SECONDS);
        assertEquals(0, old.process().exitValue());
        old.awaitLine("A successor is starting", Duration.ofSeconds(5));
        client.ping();
        client.next("pusher:pong"); // still served by the old server
        assertTrue(oldServer.isAlive());

        JarProcess successor = start(List.of(), port, 30);
        successor.awaitLine("Took over 127.0.0.1:" + port + " from pid " + oldServer.pid(), Duration.ofSeconds(5));
        assertEquals(4200, client.awaitClose(Duration.ofSeconds(10)));
        assertTrue(oldServer.onExit().get(15, TimeUnit.SECONDS).pid() > 0);
        // The reconnect lands on the successor, which now owns the port alone.
        connect(port);
        assertTrue(successor.process().isAlive());
    }

    @Test
    void withoutASuccessorTheServerClosesItsClientsWith4200WhenTheHandoverTimeoutRunsOut() throws Exception {
        int port = JarProcess.freePort();
        JarProcess server = start(List.of(), port, 2);
        WsClient client = connect(port);
        long hangup = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(server.process().pid())).start();
        assertTrue(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0);
        server.awaitLine("at most 2 s", Duration.ofSeconds(5));
        client.ping();
        client.next("pusher:pong");

        assertEquals(4200, client.awaitClose(Duration.ofSeconds(15)));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hangup);
        assertTrue(waited >= 1900, "closed after " + waited + " ms, before the handover timeout");
        assertEquals(0, server.exitCode(Duration.ofSeconds(15)));
        assertFalse(server.process().isAlive());
    }

    private JarProcess start(List<String> wrapper, int port, int handoverSeconds) throws Exception {
        Path config = Files.writeString(Files.createTempFile(dir, "reverb", ".yaml"), TestApps.yaml());
        JarProcess process = JarProcess.startUnder(wrapper, Map.of("REVERB_SERVER_HANDOVER_TIMEOUT", Integer.toString(handoverSeconds)),
                "start", "--config", config.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port));
        started.add(process);
        process.awaitLine("listening on", Duration.ofSeconds(30));
        return process;
    }

    private WsClient connect(int port) {
        WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/app/key-1?protocol=7", null, false);
        clients.add(client);
        client.next("pusher:connection_established");
        client.join("handover");
        return client;
    }
}
