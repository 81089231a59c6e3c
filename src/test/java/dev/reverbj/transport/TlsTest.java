package dev.reverbj.transport;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.reverbj.config.ConfigException;
import dev.reverbj.config.ConfigLoader;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsTest {
    @TempDir
    Path dir;

    @Test
    void wssAndHttpsWithACertificateFromPemFiles() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        String yaml = """
                reverb:
                  server:
                    tls:
                      certificate: %s
                      private-key: %s
                """.formatted(cert, key) + TestApps.yaml().substring("reverb:\n".length());
        try (TestServer server = TestServer.start(yaml)) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build();
            HttpResponse<String> up = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.port() + "/up")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode());

            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket ws = client.newWebSocketBuilder().buildAsync(
                    URI.create("wss://127.0.0.1:" + server.port() + "/app/key-1?protocol=7"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            first.complete(data.toString());
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            String established = first.get(5, TimeUnit.SECONDS);
            assertTrue(established.startsWith("{\"event\":\"pusher:connection_established\""), established);
            ws.abort();
        }
    }

    @Test
    void sec1EcKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Path key = dir.resolve("ec.pem");
        Path cert = dir.resolve("ec-cert.pem");
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key.toString());
        openssl("req", "-x509", "-new", "-key", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost");
        assertTrue(Files.readString(key).contains("BEGIN EC PRIVATE KEY"));
        Path yaml = dir.resolve("tls.yaml");
        Files.writeString(yaml, "reverb:\n  server:\n    tls:\n      certificate: " + cert + "\n      private-key: " + key + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, null, Map.of(), Map.of()));
        assertTrue(e.problems().get(0).contains("openssl pkcs8 -topk8 -nocrypt"), e.problems().toString());
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("reverb", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl timed out");
        assertEquals(0, p.exitValue(), "openssl failed: " + output);
    }
}
