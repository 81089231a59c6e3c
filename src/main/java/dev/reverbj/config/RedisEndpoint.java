package dev.reverbj.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the Redis server of a cluster is. Parsed here rather than by Redisson, which ignores the
 * {@code /db} part of a URL and refuses a URL without a port (HELIDON-NOTES.md).
 *
 * @param tls      true for {@code rediss://}
 * @param username null for none (Redis 6 ACL user)
 * @param password null for none
 * @param database the logical database ({@code /N} in the URL, {@code REDIS_DB})
 */
public record RedisEndpoint(String host, int port, boolean tls, String username, String password, int database) {
    public static final RedisEndpoint DEFAULT = new RedisEndpoint("127.0.0.1", 6379, false, null, null, 0);

    public RedisEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Redis host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port must be 1..65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("Redis database must be >= 0, got " + database);
        }
        username = blankToNull(username);
        password = blankToNull(password);
    }

    /**
     * Parses {@code redis://[user[:password]@]host[:port][/db]} or {@code rediss://...} (TLS). A missing
     * port is 6379, a missing database 0.
     *
     * @throws IllegalArgumentException with a message fit for a config error
     */
    public static RedisEndpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
            throw new IllegalArgumentException("must start with redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("has no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (colon < 0) {
                // redis://secret@host is the password-only form (no ACL user), as redis-cli reads it.
                password = user;
                user = null;
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the path must be a database number such as /0, got " + path);
            }
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), scheme.equals("rediss"),
                user, password, database);
    }

    /** The address as Redisson takes it: scheme, host and port only. */
    public String address() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + h + ":" + port;
    }

    public RedisEndpoint withHost(String newHost) {
        return new RedisEndpoint(newHost, port, tls, username, password, database);
    }

    public RedisEndpoint withPort(int newPort) {
        return new RedisEndpoint(host, newPort, tls, username, password, database);
    }

    public RedisEndpoint withUsername(String newUsername) {
        return new RedisEndpoint(host, port, tls, newUsername, password, database);
    }

    public RedisEndpoint withPassword(String newPassword) {
        return new RedisEndpoint(host, port, tls, username, newPassword, database);
    }

    public RedisEndpoint withDatabase(int newDatabase) {
        return new RedisEndpoint(host, port, tls, username, password, newDatabase);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        // Laravel's .env files say REDIS_PASSWORD=null for "no password".
        return s == null || s.isBlank() || s.equals("null") ? null : s;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return address() + "/" + database + (username != null ? " user=" + username : "") + (password != null ? " (password set)" : "");
    }
}
