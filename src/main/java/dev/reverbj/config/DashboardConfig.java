package dev.reverbj.config;

/**
 * The live dashboard ({@code reverb.dashboard.*}, docs/dashboard.md): off unless enabled, and then only behind
 * HTTP basic auth with these credentials. It is served where {@code /metrics} is: on
 * {@code reverb.server.metrics-port} when one is set, else on the main port under the server's path prefix.
 *
 * @param path where the page is, e.g. {@code /dashboard} (its feed is {@code {path}/feed})
 */
public record DashboardConfig(boolean enabled, String username, String password, String path) {
    public static final String DEFAULT_PATH = "/dashboard";
    public static final DashboardConfig DISABLED = new DashboardConfig(false, null, null, DEFAULT_PATH);

    public DashboardConfig {
        path = ServerConfig.normalizePath(path == null || path.isBlank() ? DEFAULT_PATH : path);
        if (enabled && (username == null || username.isEmpty() || password == null || password.isEmpty())) {
            throw new IllegalArgumentException("an enabled dashboard needs a username and a password");
        }
        if (username != null && username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("the dashboard username must not contain ':' (HTTP basic auth)");
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DashboardConfig[enabled=" + enabled + ", username=" + username + ", path=" + path + "]";
    }
}
