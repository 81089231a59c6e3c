package dev.reverbj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rendered supervisor program runs the real server: it comes up with the rendered open-file limit, and
 * {@code supervisorctl stop} (SIGTERM) closes client sockets cleanly. Rendered for 1,000 connections: the
 * minfds of big targets is above what this machine allows (hard limit 20,000), and supervisord refuses to
 * start below its minfds.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SupervisorIT {
    private static Path tmp;
    private static Supervisord supervisord;
    private static int serverPort;
    private static RenderScript.Run run;

    @BeforeAll
    static void startSupervisord() throws Exception {
        assumeTrue(Supervisord.installed(), "supervisor is not installed (CI installs it)");
        tmp = Files.createTempDirectory("supervisor-it");
        serverPort = RenderScript.freePort();
        Path config = ReverbProcess.writeConfig(tmp, serverPort);
        run = RenderScript.render(tmp.resolve("out"), "--config", config.toString(), "--connections", "1000",
                "--user", "root", "--install-dir", Path.of("").toAbsolutePath().toString(), "--java", ReverbProcess.java(),
                "--log-dir", tmp.toString(),
                // The plain stop: without hand-over the JVM itself gets SIGTERM (RestartWithoutGapIT covers hand-over).
                "--handover-timeout", "0");
        assertEquals(0, run.exit(), run.stderr());

        supervisord = Supervisord.start(tmp);
        ReverbProcess.awaitUp("http://127.0.0.1:" + serverPort + "/up", 40, supervisord.process(), tmp.resolve("reverb.log"));
    }

    @AfterAll
    static void stopSupervisord() {
        if (supervisord == null) {
            return;
        }
        String serverLog = "";
        try {
            supervisord.close();
        } finally {
            if (tmp != null) {
                serverLog = ReverbProcess.read(tmp.resolve("reverb.log"));
                System.out.println("supervisord log:\n" + supervisord.log());
                System.out.println("reverb log:\n" + serverLog);
                RenderScript.deleteTree(tmp);
            }
        }
        ReverbProcess.assertNoSevere(serverLog);
    }

    @Test
    void serverRunsWithTheRenderedLimitsAndClosesClientsCleanlyOnStop() throws Exception {
        long pid = Long.parseLong(supervisorctl("pid", "reverb").strip());
        long minfds = run.number("supervisor/reverb.conf", "^minfds=(\\d+)$");
        String limits;
        try (var in = Files.newInputStream(Path.of("/proc", String.valueOf(pid), "limits"))) {
            limits = new String(in.readAllBytes());
        }
        Matcher openFiles = Pattern.compile("(?m)^Max open files\\s+(\\d+)").matcher(limits);
        assertTrue(openFiles.find(), limits);
        // minfds is a floor: supervisord raises its soft limit to it and the program inherits that (here the
        // box already gives 20,000).
        assertTrue(Long.parseLong(openFiles.group(1)) >= minfds, "soft nofile of the server process: " + openFiles.group(1));
        String cmdline;
        try (var in = Files.newInputStream(Path.of("/proc", String.valueOf(pid), "cmdline"))) {
            cmdline = new String(in.readAllBytes()).replace('\0', ' ');
        }
        assertTrue(cmdline.contains("-Xmx320m") && cmdline.contains("-XX:+ExitOnOutOfMemoryError"), cmdline);

        try (WsClient client = WsClient.open("ws://127.0.0.1:" + serverPort + "/app/" + ReverbProcess.APP_KEY + "?protocol=7",
                null, false)) {
            client.next("pusher:connection_established");
            client.join("ops-stop");

            long started = System.nanoTime();
            String stopped = supervisorctl("stop", "reverb");
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(stopped.contains("reverb: stopped"), stopped);
            String status = supervisorctl("status", "reverb");
            assertTrue(status.contains("STOPPED"), status);

            int code = client.awaitClose(Duration.ofSeconds(10));
            System.out.println("supervisorctl stop took " + stopMillis + " ms; client saw close " + code);
            assertTrue(code != -1, "the client was reset instead of closed: " + client.closeReason()
                    + "\nreverb log:\n" + ReverbProcess.read(tmp.resolve("reverb.log")));
            // 1006 is never sent on the wire: java.net.http reports it when the TCP connection ends without a
            // close frame. SPEC.md section 8: on shutdown the server closes every client with 4200 ("reconnect now").
            assertEquals(4200, code, "close code (1006 = connection dropped without a close frame), reason '"
                    + client.closeReason() + "'");
        }
    }

    private static String supervisorctl(String... args) throws Exception {
        return supervisord.ctl(args);
    }
}
