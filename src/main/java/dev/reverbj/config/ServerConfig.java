package dev.reverbj.config;

/**
 * The listening socket and server-wide limits.
 *
 * @param path           prefix before {@code /app/{key}} and {@code /apps/...}; "" or "/something"
 * @param hostname       public host name (Reverb's {@code REVERB_HOST}), shown in the start line
 * @param maxRequestSize largest HTTP API body in bytes (413 beyond)
 * @param outboxLimit    bytes of frames a connection may fall behind before it is closed with 4100
 */
public record ServerConfig(String host, int port, String path, String hostname, int maxRequestSize,
                           int outboxLimit, boolean debug) {
    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        path = normalizePath(path);
    }

    static String normalizePath(String path) {
        if (path == null) {
            return "";
        }
        String p = path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        return p;
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, path, hostname, maxRequestSize, outboxLimit, debug);
    }
}
