package dev.reverbj.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

import dev.reverbj.support.JarProcess;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rediss://}: two nodes (real processes) reach each other through a redis-server that speaks only TLS,
 * with a certificate made at test time and trusted through the JVM's trust store, as with a managed Redis.
 */
class RedisTlsIT {
    @TempDir
    Path dir;

    @Test
    void nodesClusterOverTlsRedis() throws Exception {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        run(dir, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "redis", "-file", "cert.pem", "-keystore", "trust.p12", "-storepass", "changeit",
                "-storetype", "PKCS12");
        int redisPort = freePort();
        Process redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(redisPort),
                "--tls-cert-file", "cert.pem", "--tls-key-file", "key.pem", "--tls-ca-cert-file", "cert.pem",
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--bind", "127.0.0.1")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Path yaml = dir.resolve("reverb.yaml");
        Files.writeString(yaml, "reverb:\n  apps:\n    - { app-id: tls, key: tls-key, secret: tls-secret }\n");
        List<String> trust = List.of("-Djavax.net.ssl.trustStore=" + dir.resolve("trust.p12"),
                "-Djavax.net.ssl.trustStorePassword=changeit");
        Map<String, String> env = Map.of("REVERB_SCALING_ENABLED", "true", "REDIS_URL", "rediss://127.0.0.1:" + redisPort);
        int portA = JarProcess.freePort();
        int portB = JarProcess.freePort();
        try (JarProcess a = JarProcess.startWithJvmOptions(trust, env, "start", "--config", yaml.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(portA));
             JarProcess b = JarProcess.startWithJvmOptions(trust, env, "start", "--config", yaml.toString(),
                     "--host", "127.0.0.1", "--port", Integer.toString(portB))) {
            assertTrue(a.awaitLine("connected to Redis rediss://127.0.0.1:" + redisPort, Duration.ofSeconds(30)) != null);
            b.awaitLine("connected to Redis rediss://127.0.0.1:" + redisPort, Duration.ofSeconds(30));
            b.awaitLine("joined (1 known)", Duration.ofSeconds(15));
            try (WsClient onB = WsClient.open("ws://127.0.0.1:" + portB + "/app/tls-key", null, false);
                 Pusher api = new Pusher("tls", "tls-key", "tls-secret")) {
                onB.next("pusher:connection_established");
                onB.join("over-tls");
                api.setHost("127.0.0.1:" + portA);
                api.setEncrypted(false);
                Result result = api.trigger("over-tls", "e", "via rediss");
                assertEquals(200, result.getHttpStatus());
                assertEquals("{\"event\":\"e\",\"channel\":\"over-tls\",\"data\":\"\\\"via rediss\\\"\"}", onB.nextRaw());
            }
        } finally {
            redis.destroyForcibly();
            redis.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + ": " + output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
