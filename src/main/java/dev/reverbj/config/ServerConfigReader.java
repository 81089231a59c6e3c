package dev.reverbj.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code reverb.server.*} into a {@link ServerConfig}, and the address clients use into a {@link PublicAddress}. */
final class ServerConfigReader {
    private ServerConfigReader() {
    }

    static ServerConfig read(Map<String, RawValue> s, ValueReader in) {
        List<String> problems = in.problems();
        String host = in.text(s, "host", "reverb.server.host", "0.0.0.0");
        int port = in.integer(s, "port", "reverb.server.port", 8080, 0, 65535);
        String path = in.text(s, "path", "reverb.server.path", "");
        String hostname = in.text(s, "hostname", "reverb.server.hostname", "");
        int maxRequest = in.integer(s, "max-request-size", "reverb.server.max-request-size", 10_000, 1, Integer.MAX_VALUE);
        int outbox = in.integer(s, "outbox-limit", "reverb.server.outbox-limit", 4 << 20, 1024, Integer.MAX_VALUE);
        boolean debug = in.bool(s, "debug", "reverb.server.debug", false);
        if (!path.isEmpty() && !path.matches("/?[A-Za-z0-9._~\\-/]*")) {
            problems.add("reverb.server.path: must be a URL path such as /ws, got '" + path + "' (" + s.get("path").source() + ")");
        }
        int shutdown = in.integer(s, "shutdown-timeout", "reverb.server.shutdown-timeout",
                (int) ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds(), 1, 3600);
        int metricsPort = in.integer(s, "metrics-port", "reverb.server.metrics-port", 0, 0, 65535);
        String metricsHost = in.text(s, "metrics-host", "reverb.server.metrics-host", "");
        if (!metricsHost.isBlank() && metricsPort == 0) {
            problems.add("reverb.server.metrics-host: needs reverb.server.metrics-port, the port it binds ("
                    + s.get("metrics-host").source() + ")");
        }
        int backlog = in.integer(s, "backlog", "reverb.server.backlog", ServerConfig.DEFAULT_BACKLOG, 1, 1 << 20);
        int handover = in.integer(s, "handover-timeout", "reverb.server.handover-timeout", 0, 0, 3600);
        int requestTimeout = in.integer(s, "request-timeout", "reverb.server.request-timeout",
                (int) ServerConfig.DEFAULT_REQUEST_TIMEOUT.toSeconds(), 1, 3600);
        Path certificate = PemFiles.check(s.get("tls.certificate"), "tls.certificate", problems);
        Path privateKey = PemFiles.check(s.get("tls.private-key"), "tls.private-key", problems);
        in.record("reverb.server.tls.certificate", certificate == null ? "" : certificate.toString(), s.get("tls.certificate"));
        in.record("reverb.server.tls.private-key", privateKey == null ? "" : privateKey.toString(), s.get("tls.private-key"));
        boolean certificateSet = s.containsKey("tls.certificate") && !s.get("tls.certificate").raw().isBlank();
        boolean keySet = s.containsKey("tls.private-key") && !s.get("tls.private-key").raw().isBlank();
        if (certificateSet != keySet) {
            problems.add("reverb.server.tls: set both certificate and private-key (PEM files), or neither");
        }
        if ((certificate == null) != (privateKey == null)) {
            certificate = null;
            privateKey = null;
        }
        return new ServerConfig(host, port, path, hostname, maxRequest, outbox, debug, certificate, privateKey,
                Duration.ofSeconds(shutdown), metricsPort, backlog, Duration.ofSeconds(handover),
                Duration.ofSeconds(requestTimeout), metricsHost);
    }

    /** {@code reverb.server.public-port} and {@code public-scheme}, with the server's {@code hostname}. */
    static PublicAddress publicAddress(Map<String, RawValue> s, String hostname, ValueReader in) {
        int port = in.integer(s, "public-port", "reverb.server.public-port", 0, 0, 65535);
        String scheme = in.text(s, "public-scheme", "reverb.server.public-scheme", "").toLowerCase(Locale.ROOT);
        if (!scheme.isEmpty() && !scheme.equals("http") && !scheme.equals("https")) {
            in.problems().add("reverb.server.public-scheme: must be http or https, got '" + scheme + "' ("
                    + s.get("public-scheme").source() + ")");
            scheme = "";
        }
        RawValue portValue = s.get("public-port");
        return new PublicAddress(scheme, hostname, port, port == 0 || portValue == null ? "" : portValue.source());
    }
}
