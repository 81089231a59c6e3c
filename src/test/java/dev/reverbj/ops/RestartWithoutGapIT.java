package dev.reverbj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rendered units started from a Laravel {@code .env} ({@code render.sh --env-file}) under real supervisord and
 * the rendered nginx, with a real pusher-js client (under node) connected through nginx: {@code supervisorctl
 * restart reverb} leaves it disconnected at most 3 s (it was 15-16 s: its immediate reconnect met a server that
 * was draining or not listening yet, and pusher-js retries a failed attempt only after 15 s), and an event
 * published through nginx right after the restart reaches it.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RestartWithoutGapIT {
    private static final long MAX_GAP_MILLIS = 3_000;
    private static final int RESTARTS = 3;
    private static final String CHANNEL = "orders";

    private static Path tmp;
    private static Supervisord supervisord;
    private static Process nginx;
    private static int serverPort;
    private static int nginxPort;
    private static final List<ProcessHandle> servers = new ArrayList<>();

    @BeforeAll
    static void startUnits() throws Exception {
        assumeTrue(Supervisord.installed(), "supervisor is not installed (CI installs it)");
        Path nginxBinary = RenderScript.nginx();
        assumeTrue(nginxBinary != null, "nginx is not installed (CI installs it)");
        assumeTrue(PusherJs.install(), "node/npm missing or `npm install pusher-js` failed (CI installs nodejs and npm)");
        tmp = Files.createTempDirectory("restart-it");
        serverPort = RenderScript.freePort();
        nginxPort = RenderScript.freePort();
        // What `php artisan reverb:install` leaves in a Laravel app's .env, among the app's other settings.
        Path env = Files.writeString(tmp.resolve(".env"), """
                APP_NAME=Laravel
                APP_ENV=production
                DB_CONNECTION=sqlite
                BROADCAST_CONNECTION=reverb

                REVERB_APP_ID=%s
                REVERB_APP_KEY="%s"
                REVERB_APP_SECRET=%s
                REVERB_HOST="localhost"
                REVERB_PORT=%d
                REVERB_SCHEME=http
                REVERB_SERVER_HOST=127.0.0.1
                REVERB_SERVER_PORT=%d

                VITE_REVERB_APP_KEY="${REVERB_APP_KEY}"
                """.formatted(ReverbProcess.APP_ID, ReverbProcess.APP_KEY, ReverbProcess.APP_SECRET, nginxPort, serverPort));
        RenderScript.Run run = RenderScript.render(tmp.resolve("out"), "--env-file", env.toString(),
                "--connections", "1000", "--user", System.getProperty("user.name"),
                "--install-dir", Path.of("").toAbsolutePath().toString(), "--java", ReverbProcess.java(),
                "--log-dir", tmp.toString(), "--listen", "127.0.0.1:" + nginxPort);
        assertEquals(0, run.exit(), run.stderr());
        String program = run.file("supervisor/reverb.conf");
        assertTrue(program.contains("/ops/handover.sh ") && program.contains(" start --env-file " + env.toRealPath()
                + " --host 127.0.0.1 --port " + serverPort), program);
        // The .env's REVERB_HOST names the nginx server; REVERB_SERVER_PORT is the upstream.
        String site = run.file("nginx/reverb-site.conf");
        assertTrue(site.contains("server_name localhost;") && site.contains("server 127.0.0.1:" + serverPort + ";"), site);

        supervisord = Supervisord.start(tmp);
        Path nginxPrefix = Files.createDirectories(tmp.resolve("nginx"));
        Path conf = RenderScript.nginxMainConf(nginxPrefix, tmp.resolve("out"));
        nginx = ReverbProcess.start(List.of(nginxBinary.toString(), "-p", nginxPrefix.toString(), "-c", conf.toString(),
                "-e", nginxPrefix.resolve("logs/error.log").toString(), "-g", "daemon off;"), nginxPrefix.resolve("stdout.log"));
        ReverbProcess.awaitUp("http://127.0.0.1:" + serverPort + "/up", 40, supervisord.process(), tmp.resolve("reverb.log"));
        ReverbProcess.awaitUp("http://127.0.0.1:" + nginxPort + "/up", 10, nginx, nginxPrefix.resolve("stdout.log"));
    }

    @AfterAll
    static void stopAll() {
        String serverLog = "";
        try {
            ReverbProcess.stop(nginx);
            if (supervisord != null) {
                supervisord.close();
            }
        } finally {
            // Stopped by supervisord, the last server waits for a successor (handover timeout): end it now.
            servers.forEach(ProcessHandle::destroyForcibly);
            if (tmp != null) {
                serverLog = ReverbProcess.read(tmp.resolve("reverb.log"));
                System.out.println("reverb log:\n" + serverLog);
                RenderScript.deleteTree(tmp);
            }
        }
        ReverbProcess.assertNoSevere(serverLog);
    }

    @Test
    void supervisorctlRestartLeavesAPusherJsClientOfflineAtMostThreeSecondsThroughNginx() throws Exception {
        List<Long> gaps = new ArrayList<>();
        try (PusherJs client = PusherJs.connect("127.0.0.1", nginxPort, ReverbProcess.APP_KEY, CHANNEL);
             Pusher api = new Pusher(ReverbProcess.APP_ID, ReverbProcess.APP_KEY, ReverbProcess.APP_SECRET)) {
            api.setHost("127.0.0.1:" + nginxPort);
            api.setEncrypted(false);
            api.setRequestTimeout(5000);
            api.setDataMarshaller(data -> (String) data);
            client.await(1, PusherJs.type("subscribed"), 20, "subscription");

            for (int restart = 1; restart <= RESTARTS; restart++) {
                ProcessHandle before = server();
                String restarted = supervisord.ctl("restart", "reverb");
                assertTrue(restarted.contains("reverb: started"), restarted + "\n" + supervisord.log());

                JsonObject dropped = client.await(restart, PusherJs.left("connected"), 10, "disconnect");
                JsonObject back = client.await(restart + 1, PusherJs.type("subscribed"), 20, "resubscription");
                long gap = back.getJsonNumber("t").longValue() - dropped.getJsonNumber("t").longValue();
                gaps.add(gap);
                assertTrue(gap <= MAX_GAP_MILLIS, "restart " + restart + ": pusher-js was offline " + gap + " ms:\n"
                        + client.transcript());
                // The old server told it to reconnect (4200) once the new one was up, and then exited.
                assertTrue(client.transcript().contains("\"code\\\":4200"), client.transcript());
                assertTrue(before.onExit().get(20, TimeUnit.SECONDS).pid() > 0);
                assertNotEquals(before.pid(), server().pid());

                String data = "after restart " + restart;
                Result published = api.trigger(CHANNEL, "shipped", data);
                assertEquals(Result.Status.SUCCESS, published.getStatus(), published.getHttpStatus() + " " + published.getMessage());
                JsonObject event = client.await(restart, PusherJs.type("event"), 10, "event published after the restart");
                assertEquals("shipped", event.getString("event"));
                assertEquals(data, event.getString("data"));
            }
            System.out.println("pusher-js offline per supervisorctl restart (ms): " + gaps);
        }
    }

    /** The JVM supervisord's program runs: the child of ops/handover.sh. */
    private static ProcessHandle server() throws Exception {
        long wrapper = supervisord.pid("reverb");
        ProcessHandle jvm = ProcessHandle.of(wrapper).orElseThrow().children()
                .filter(p -> p.info().commandLine().orElse("").contains("reverb.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("no server JVM under pid " + wrapper));
        servers.add(jvm);
        return jvm;
    }
}
