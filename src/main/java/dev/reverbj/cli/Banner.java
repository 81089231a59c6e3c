package dev.reverbj.cli;

import java.util.stream.Collectors;

import dev.reverbj.config.PublicAddress;
import dev.reverbj.config.ReverbConfig;

/**
 * The start-up line: where the server binds and the URL clients use, which differ behind a proxy. The public URL
 * comes from {@code REVERB_SCHEME}/{@code REVERB_HOST}/{@code REVERB_PORT} (reverb.server.public-scheme,
 * hostname, public-port); what is not set falls back to the bound socket, with {@code localhost} for a wildcard
 * bind address (0.0.0.0 is not an address a client can use).
 */
final class Banner {
    private Banner() {
    }

    static String startLine(ReverbConfig config, PublicAddress address, int boundPort) {
        String apps = config.apps().stream()
                .map(a -> a.id() + " (key " + a.key() + ")")
                .collect(Collectors.joining(", "));
        return "Reverb/J listening on " + hostPort(config.server().host(), boundPort) + ", clients connect to "
                + clientUrl(config, address, boundPort) + ", serving " + config.apps().size()
                + (config.apps().size() == 1 ? " app: " : " apps: ") + apps;
    }

    static String clientUrl(ReverbConfig config, PublicAddress address, int boundPort) {
        boolean secure = address.scheme().isEmpty() ? config.server().tls() : address.scheme().equals("https");
        String host = !address.host().isEmpty() ? address.host() : wildcard(config.server().host()) ? "localhost"
                : config.server().host();
        int port = address.port() > 0 ? address.port() : boundPort;
        boolean defaultPort = port == (secure ? 443 : 80);
        return (secure ? "wss://" : "ws://") + (defaultPort ? bracketed(host) : hostPort(host, port))
                + config.server().path() + "/app/{key}";
    }

    /**
     * A hint for "Address already in use" when the user probably set the public port ({@code REVERB_PORT})
     * meaning the bind port ({@code REVERB_SERVER_PORT}); null when that is not the likely cause.
     */
    static String bindHint(String failure, ReverbConfig config, PublicAddress address) {
        if (failure == null || !failure.contains("Address already in use") || address.port() == 0
                || address.port() == config.server().port()) {
            return null;
        }
        return "reverb: hint: the server binds port " + config.server().port() + " (REVERB_SERVER_PORT, --port or "
                + "reverb.server.port); REVERB_PORT=" + address.port() + " (" + address.portSource() + ") is only the "
                + "port clients connect to, for example through a proxy";
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
    }

    private static String hostPort(String host, int port) {
        return bracketed(host) + ":" + port;
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
