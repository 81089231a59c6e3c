package dev.reverbj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ops/render.sh: the numbers it derives, the files it writes, and how it refuses bad input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RenderTest {
    private static final List<String> FILES = List.of("nginx/reverb-tuning.conf", "nginx/reverb-site.conf",
            "supervisor/reverb.conf", "limits/reverb.conf", "sysctl/99-reverb.conf", "systemd/reverb.service");

    @TempDir
    Path tmp;

    /**
     * Expected numbers worked out by hand from the rules in ops/README.md: peak = ceil(target x 1.25);
     * nofile = peak + 4096; worker_connections = 2 x peak + 1024; worker_rlimit_nofile = that + 1024;
     * heap = 256 MB + peak x 40 KB rounded up to 64 MB; sources = ceil(peak / 55296);
     * stop wait = 15 + ceil(peak / 5000) s.
     */
    @ParameterizedTest(name = "{0} connections")
    @CsvSource({
            //  target, peak,   nofile, worker_conn, rlimit, heapMB, sources, stopWait
            "     1000,   1250,   5346,     3524,    4548,    320,    1,       16",
            "    10000,  12500,  16596,    26024,   27048,    768,    1,       18",
            "    50000,  62500,  66596,   126024,  127048,   2752,    2,       28",
            "   200000, 250000, 254096,   501024,  502048,  10048,    5,       65"})
    void numbersFollowTheSizingRules(int target, int peak, long nofile, long workerConnections, long rlimit, long heapMb,
                                     int sources, long stopWait) {
        RenderScript.Run run = RenderScript.render(tmp, "--connections", String.valueOf(target), "--user", "reverb");
        assertEquals(0, run.exit(), run.stderr());

        assertEquals(nofile, run.number("limits/reverb.conf", "^reverb\\s+soft\\s+nofile\\s+(\\d+)$"));
        assertEquals(nofile, run.number("limits/reverb.conf", "^reverb\\s+hard\\s+nofile\\s+(\\d+)$"));
        assertEquals(nofile, run.number("supervisor/reverb.conf", "^minfds=(\\d+)$"));
        assertEquals(nofile, run.number("systemd/reverb.service", "^LimitNOFILE=(\\d+)$"));
        assertEquals(workerConnections, run.number("nginx/reverb-tuning.conf", "^\\s*worker_connections (\\d+);"));
        assertEquals(rlimit, run.number("nginx/reverb-tuning.conf", "^worker_rlimit_nofile (\\d+);"));
        assertTrue(run.file("nginx/reverb-tuning.conf").contains("multi_accept on;"));
        for (String file : List.of("supervisor/reverb.conf", "systemd/reverb.service")) {
            assertEquals(heapMb, run.number(file, " -Xms(\\d+)m "), file);
            assertEquals(heapMb, run.number(file, " -Xmx(\\d+)m "), file);
            assertTrue(run.file(file).contains("-XX:+ExitOnOutOfMemoryError"), file);
        }
        assertEquals(stopWait, run.number("supervisor/reverb.conf", "^stopwaitsecs=(\\d+)$"));
        assertEquals(stopWait, run.number("systemd/reverb.service", "^TimeoutStopSec=(\\d+)$"));

        String site = run.file("nginx/reverb-site.conf");
        List<String> addresses = matches(site, "^\\s+(?:[\\d.]+%|\\*)\\s+(127\\.0\\.0\\.\\d+);$");
        if (sources == 1) {
            assertEquals(List.of(), addresses);
            assertFalse(site.contains("proxy_bind"), site);
        } else {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < sources; i++) {
                expected.add("127.0.0." + (i + 2));
            }
            assertEquals(expected, addresses);
            assertTrue(site.contains("proxy_bind $reverbj_upstream_source;"), site);
        }
        assertEquals(sources, run.number("nginx/reverb-site.conf", "sources\\s+N = .* = (\\d+)$"));

        for (String file : FILES) {
            assertTrue(run.file(file).contains("Target: " + target + " concurrent WebSocket connections"), file);
        }
        assertTrue(run.stdout().contains("Rendered for " + target + " connections"), run.stdout());
    }

    @Test
    void sysctlOnlyRaisesAndUsesTheWidePortRange() throws IOException {
        RenderScript.Run run = RenderScript.render(tmp, "--connections", "200000", "--port", "18080");
        assertEquals(0, run.exit(), run.stderr());
        long peak = 250_000;
        assertEquals(Math.max(running("fs/file-max"), 3 * peak + 65536), run.number("sysctl/99-reverb.conf", "^fs.file-max = (\\d+)$"));
        assertEquals(Math.max(running("fs/nr_open"), 1_048_576), run.number("sysctl/99-reverb.conf", "^fs.nr_open = (\\d+)$"));
        assertEquals(Math.max(running("net/core/somaxconn"), 20_000), run.number("sysctl/99-reverb.conf", "^net.core.somaxconn = (\\d+)$"));
        assertEquals(run.number("sysctl/99-reverb.conf", "^net.core.somaxconn = (\\d+)$"),
                run.number("nginx/reverb-site.conf", "listen 80 backlog=(\\d+);"));
        // The server's own listen backlog follows somaxconn too, in both process managers.
        assertEquals(run.number("sysctl/99-reverb.conf", "^net.core.somaxconn = (\\d+)$"),
                run.number("supervisor/reverb.conf", "^environment=REVERB_SERVER_BACKLOG=\"(\\d+)\""));
        assertEquals(run.number("sysctl/99-reverb.conf", "^net.core.somaxconn = (\\d+)$"),
                run.number("systemd/reverb.service", "^Environment=REVERB_SERVER_BACKLOG=(\\d+)$"));
        assertTrue(run.file("sysctl/99-reverb.conf").contains("\nnet.ipv4.ip_local_port_range = 10240 65535\n"));
        assertTrue(run.file("sysctl/99-reverb.conf").contains("\nnet.ipv4.ip_local_reserved_ports = 18080\n"));
    }

    @ParameterizedTest(name = "{0} connections")
    @ValueSource(ints = {1000, 200000})
    void everySysctlKeyExistsUnderProcSys(int target) {
        RenderScript.Run run = RenderScript.render(tmp, "--connections", String.valueOf(target));
        assertEquals(0, run.exit(), run.stderr());
        List<String> keys = matches(run.file("sysctl/99-reverb.conf"), "^-?([a-z0-9_.-]+) = \\S.*$");
        assertTrue(keys.size() >= 5, "keys: " + keys);
        assertTrue(keys.containsAll(List.of("fs.file-max", "fs.nr_open", "net.ipv4.ip_local_port_range", "net.core.somaxconn",
                "net.ipv4.tcp_max_syn_backlog")), "keys: " + keys);
        for (String key : keys) {
            assertTrue(Files.exists(Path.of("/proc/sys", key.replace('.', '/'))), "no /proc/sys entry for " + key);
        }
    }

    @ParameterizedTest(name = "{0} connections")
    @ValueSource(ints = {1000, 10000, 50000, 200000})
    void nginxAcceptsTheRenderedConfig(int target) throws Exception {
        nginxTest(RenderScript.render(tmp.resolve("out"), "--connections", String.valueOf(target),
                "--listen", "127.0.0.1:" + RenderScript.freePort(), "--server-name", "ws.example.com"));
    }

    @Test
    void nginxAcceptsTheTlsSiteWithAPathPrefix() throws Exception {
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("openssl.log").toFile()).start();
        assumeTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl could not make a test certificate");

        RenderScript.Run run = RenderScript.render(tmp.resolve("out"), "--connections", "50000", "--path", "ws/",
                "--tls-cert", cert.toString(), "--tls-key", key.toString());
        String site = run.file("nginx/reverb-site.conf");
        assertTrue(site.contains("listen 443 ssl backlog="), site);
        assertTrue(site.contains("return 301 https://$host$request_uri;"), site);
        assertTrue(site.contains("location /ws/app/ {") && site.contains("location /ws/apps/ {")
                && site.contains("location = /ws/up {"), site);
        nginxTest(run);
    }

    @Test
    void yamlGivesTargetHostPortAndPathAndFlagsOverrideIt() throws IOException {
        Path yaml = tmp.resolve("reverb.yaml");
        Files.writeString(yaml, """
                # production
                reverb:
                  server:
                    host: "0.0.0.0"
                    port: 9001   # behind nginx
                    path: /realtime
                    hostname: ws.example.com
                  apps:
                    - app-id: a
                      key: k
                      secret: s
                      port: 1
                  ops:
                    connections-target: 50000
                other:
                  port: 7
                """);
        RenderScript.Run run = RenderScript.render(tmp.resolve("a"), "--config", yaml.toString());
        assertEquals(0, run.exit(), run.stderr());
        String site = run.file("nginx/reverb-site.conf");
        assertTrue(site.contains("server 127.0.0.1:9001;"), site);
        assertTrue(site.contains("location /realtime/app/ {"), site);
        assertTrue(site.contains("server_name ws.example.com;"), site);
        assertTrue(site.contains("Target: 50000 concurrent WebSocket connections (reverb.ops.connections-target in "), site);
        String supervisor = run.file("supervisor/reverb.conf");
        assertTrue(supervisor.contains("start --config " + yaml + " --host 0.0.0.0 --port 9001 --path /realtime\n"), supervisor);

        RenderScript.Run overridden = RenderScript.render(tmp.resolve("b"), "--config", yaml.toString(),
                "--connections", "1000", "--port", "9002", "--host", "127.0.0.1");
        assertEquals(0, overridden.exit(), overridden.stderr());
        assertTrue(overridden.file("nginx/reverb-site.conf").contains("server 127.0.0.1:9002;"));
        assertEquals(5346, overridden.number("limits/reverb.conf", "soft\\s+nofile\\s+(\\d+)"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--connections 0                | must be between 1 and 10000000, got 0",
            "--connections 10000001         | must be between 1 and 10000000, got 10000001",
            "--connections 123456789012345  | must be between 1 and 10000000",
            "--connections 10k              | must be a whole number, got '10k'",
            "--connections -5               | must be a whole number, got '-5'",
            "--connections                  | --connections needs a value",
            "--config /nonexistent/r.yaml   | --config /nonexistent/r.yaml: the file does not exist or cannot be read",
            "--frobnicate                   | unknown option '--frobnicate'",
            "--port 0                       | port must be 1..65535",
            "--port http                    | port must be 1..65535",
            "--user Root;                   | user must be a user name",
            "--install-dir relative/dir     | --install-dir must be an absolute path",
            "--tls-cert /etc/cert.pem       | TLS needs both --tls-cert and --tls-key",
            "--listen nowhere               | --listen must be PORT or ADDR:PORT",
            "--env-file /nonexistent/.env   | --env-file /nonexistent/.env: the file does not exist or cannot be read",
            "--handover-timeout 3601        | --handover-timeout must be 0..3600 seconds, got '3601'",
            "--handover-timeout soon        | --handover-timeout must be 0..3600 seconds, got 'soon'"})
    void badInputIsOneLineOnStderrAndExit2(String args, String message) throws IOException {
        Path out = tmp.resolve("out");
        List<String> command = new ArrayList<>(List.of(args.trim().split("\\s+")));
        command.addAll(List.of("--out", out.toString()));
        if (args.trim().equals("--connections")) {
            command = List.of("--connections");
        }
        assertRefused(RenderScript.renderRaw(tmp, command.toArray(String[]::new)), message, out);
    }

    /** Exit 2, one line on stderr naming the problem, nothing on stdout, nothing written. */
    private static void assertRefused(RenderScript.Run run, String message, Path out) {
        assertEquals(2, run.exit(), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("render.sh: ") && run.stderr().contains(message), run.stderr());
        assertEquals("", run.stdout());
        assertFalse(Files.exists(out), "nothing is written on bad input");
    }

    @Test
    void unitsRunTheServerUnderTheHandoverWrapperUnlessItIsOff() throws IOException {
        Path install = RenderScript.installDir();
        String java = ReverbProcess.java();
        RenderScript.Run on = RenderScript.render(tmp.resolve("on"));
        assertEquals(0, on.exit(), on.stderr());
        assertTrue(on.file("supervisor/reverb.conf").contains("\ncommand=" + install + "/ops/handover.sh " + java + " "),
                on.file("supervisor/reverb.conf"));
        assertTrue(on.file("supervisor/reverb.conf").contains(",REVERB_SERVER_HANDOVER_TIMEOUT=\"30\"\n"));
        String unit = on.file("systemd/reverb.service");
        assertTrue(unit.contains("\nExecStart=" + install + "/ops/handover.sh " + java + " ")
                && unit.contains("\nEnvironment=REVERB_SERVER_HANDOVER_TIMEOUT=30\n") && unit.contains("\nKillMode=process\n"), unit);

        RenderScript.Run off = RenderScript.render(tmp.resolve("off"), "--handover-timeout", "0");
        assertEquals(0, off.exit(), off.stderr());
        assertTrue(off.file("supervisor/reverb.conf").contains("\ncommand=" + java + " "), off.file("supervisor/reverb.conf"));
        assertTrue(off.file("systemd/reverb.service").contains("\nKillMode=mixed\n"));
        assertTrue(off.stdout().contains("handover timeout            0 s (off"), off.stdout());
    }

    @Test
    void envFileGivesTheServerAddressAndTheCommandStartsWithIt() throws IOException {
        Path env = Files.writeString(tmp.resolve(".env"), """
                APP_NAME="My App"
                REVERB_APP_ID=1
                REVERB_APP_KEY=abc
                REVERB_APP_SECRET=def
                export REVERB_SERVER_HOST='0.0.0.0'
                REVERB_SERVER_PORT = 9001
                REVERB_SERVER_PORT=9002   # the port nginx proxies to
                REVERB_HOST="ws.example.com"
                REVERB_PORT=443
                """);
        RenderScript.Run run = RenderScript.render(tmp.resolve("out"), "--env-file", env.toString());
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.file("nginx/reverb-site.conf").contains("server 127.0.0.1:9002;"), run.file("nginx/reverb-site.conf"));
        assertTrue(run.file("nginx/reverb-site.conf").contains("server_name ws.example.com;"));
        assertTrue(run.file("supervisor/reverb.conf").contains(" start --env-file " + env.toRealPath() + " --host 0.0.0.0 --port 9002\n"),
                run.file("supervisor/reverb.conf"));
    }

    @Test
    void badTargetInTheYamlNamesTheKey() throws IOException {
        Path yaml = tmp.resolve("reverb.yaml");
        Files.writeString(yaml, "reverb:\n  apps: [{app-id: a, key: k, secret: s}]\n  ops:\n    connections-target: lots\n");
        RenderScript.Run run = RenderScript.render(tmp.resolve("out"), "--config", yaml.toString());
        assertEquals(2, run.exit());
        assertTrue(run.stderr().contains("got 'lots' (reverb.ops.connections-target in "), run.stderr());
    }

    @Test
    void unitsCanStartWithALaravelEnvFileAndItsValuesAreReadByTheServersOwnReader() throws IOException {
        Path env = tmp.resolve("laravel.env");
        Files.writeString(env, """
                REVERB_APP_ID=1
                REVERB_APP_KEY=k
                REVERB_APP_SECRET=s
                REVERB_SERVER_PORT=9100
                REVERB_HOST=ws.example.com
                """);
        RenderScript.Run run = RenderScript.render(tmp.resolve("out"), "--env-file", env.toString());
        assertEquals(0, run.exit(), run.stderr());
        for (String unit : List.of("supervisor/reverb.conf", "systemd/reverb.service")) {
            String text = run.file(unit);
            assertTrue(text.contains(" -XX:+ExitOnOutOfMemoryError -jar ") && text.contains(" -Xmx320m "), text);
            assertTrue(text.contains("start --env-file " + env + " --host 127.0.0.1 --port 9100\n"), text);
        }
        String site = run.file("nginx/reverb-site.conf");
        assertTrue(site.contains("server 127.0.0.1:9100;") && site.contains("server_name ws.example.com;"), site);
    }

    @Test
    void flowStyleYamlIsReadAsTheServerReadsIt() throws IOException {
        Path yaml = tmp.resolve("flow.yaml");
        Files.writeString(yaml, "reverb: {server: {port: 9200, path: /rt}, apps: [{app-id: a, key: k, secret: s}], "
                + "ops: {connections-target: 10000}}\n");
        RenderScript.Run run = RenderScript.render(tmp.resolve("out"), "--config", yaml.toString());
        assertEquals(0, run.exit(), run.stderr());
        String site = run.file("nginx/reverb-site.conf");
        assertTrue(site.contains("server 127.0.0.1:9200;") && site.contains("location /rt/app/ {"), site);
        assertEquals(16596, run.number("limits/reverb.conf", "soft\\s+nofile\\s+(\\d+)"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no config                | give --config FILE or --env-file FILE: a unit without either serves no app",
            "rootless yaml            | the server refuses this configuration: invalid configuration: ",
            "yaml without apps        | the server refuses this configuration: no app configured",
            "java 17                  | is Java 17; Reverb/J needs 21 or newer"})
    void unitsThatCouldNotRunAreRefused(String situation, String message) throws IOException {
        Path rootless = Files.writeString(tmp.resolve("rootless.yaml"), "server:\n  port: 9000\n");
        Path noApps = Files.writeString(tmp.resolve("noapps.yaml"), "reverb:\n  server:\n    port: 9000\n");
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("--install-dir", RenderScript.installDir().toString(), "--out", out.toString()));
        switch (situation.strip()) {
            case "no config" -> args.addAll(List.of("--java", ReverbProcess.java()));
            case "rootless yaml" -> args.addAll(List.of("--java", ReverbProcess.java(), "--config", rootless.toString()));
            case "yaml without apps" -> args.addAll(List.of("--java", ReverbProcess.java(), "--config", noApps.toString()));
            default -> {
                assumeTrue(Files.isExecutable(java17), "no Java 17 on this machine");
                args.addAll(List.of("--java", java17.toString(), "--config", noApps.toString()));
            }
        }
        assertRefused(RenderScript.renderRaw(tmp, args.toArray(String[]::new)), message, out);
    }

    @Test
    void hostCautionsArePrintedAtRenderTime() {
        RenderScript.Run small = RenderScript.render(tmp.resolve("small"), "--connections", "1000");
        assertEquals(0, small.exit(), small.stderr());
        assertTrue(small.stderr().contains("render.sh: caution: nginx allocates ~2 MB per worker for 3524 connection slots"),
                small.stderr());
        assertFalse(small.stderr().contains("supervisor.service"), small.stderr());
        RenderScript.Run large = RenderScript.render(tmp.resolve("large"), "--connections", "500000");
        assertEquals(0, large.exit(), large.stderr());
        assertTrue(large.stderr().contains("render.sh: caution: minfds=629096 is above systemd's default hard limit for "
                + "supervisor.service (524288)"), large.stderr());
    }

    @Test
    void helpExitsZero() {
        RenderScript.Run run = RenderScript.renderRaw(tmp, "--help");
        assertEquals(0, run.exit());
        assertTrue(run.stdout().startsWith("Usage: ops/render.sh"), run.stdout());
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assumeTrue(RenderScript.onPath("systemd-analyze"), "systemd-analyze is not installed");
        RenderScript.Run run = RenderScript.render(tmp.resolve("out"), "--connections", "200000", "--user", "root");
        assertEquals(0, run.exit(), run.stderr());
        Path unit = run.out().resolve("systemd/reverb.service");
        Path log = tmp.resolve("verify.log");
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "systemd-analyze timed out");
        // verify exits 0 even for unknown keys and bad values; it names the file in each complaint.
        String output = Files.readString(log);
        assertFalse(output.contains("reverb.service:"), output);
        assertEquals(0, p.exitValue(), output);
    }

    @Test
    void shellcheckIsClean() throws Exception {
        assumeTrue(RenderScript.onPath("shellcheck"), "shellcheck is not installed (CI installs it)");
        Path log = tmp.resolve("shellcheck.log");
        Process p = new ProcessBuilder("shellcheck", RenderScript.SCRIPT.toString(),
                RenderScript.OPS.resolve("handover.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "shellcheck timed out");
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    private void nginxTest(RenderScript.Run run) throws Exception {
        assertEquals(0, run.exit(), run.stderr());
        Path nginx = RenderScript.nginx();
        assumeTrue(nginx != null, "nginx is not installed (CI installs it)");
        Path prefix = Files.createDirectories(tmp.resolve("nginx-" + System.nanoTime()));
        Path conf = RenderScript.nginxMainConf(prefix, run.out());
        Path log = prefix.resolve("test.log");
        Process p = new ProcessBuilder(nginx.toString(), "-t", "-q", "-p", prefix.toString(), "-c", conf.toString(),
                "-e", prefix.resolve("logs/error.log").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "nginx -t timed out");
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        // -q prints only warnings and errors: a clean config prints nothing.
        assertEquals("", output.strip(), "nginx -t warned:\n" + output);
    }

    private static List<String> matches(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static long running(String key) throws IOException {
        Path file = Path.of("/proc/sys", key);
        if (!Files.exists(file)) {
            return 0;
        }
        // Files.readString trusts the size /proc reports (0) and can return a truncated value.
        try (var in = Files.newInputStream(file)) {
            return Long.parseLong(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
        }
    }
}
