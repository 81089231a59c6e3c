package dev.reverbj.config;

import java.util.List;
import java.util.Map;

/**
 * Reads {@code reverb.dashboard.*} into a {@link DashboardConfig}: enabled needs both credentials (never a
 * default password), and the page's path must not take a route of its own server.
 */
final class DashboardConfigReader {
    private DashboardConfigReader() {
    }

    static DashboardConfig read(Map<String, RawValue> d, ValueReader in) {
        List<String> problems = in.problems();
        boolean enabled = in.bool(d, "enabled", "reverb.dashboard.enabled", false);
        String username = in.text(d, "username", "reverb.dashboard.username", "");
        // Not stripped: spaces may be part of a password. `config --print` shows it as hidden (Setting.secret).
        String password = d.containsKey("password") ? d.get("password").raw() : "";
        in.record("reverb.dashboard.password", password, d.get("password"));
        String path = ServerConfig.normalizePath(in.text(d, "path", "reverb.dashboard.path", DashboardConfig.DEFAULT_PATH));
        int before = problems.size();
        if (enabled && (username.isEmpty() || password.isEmpty())) {
            problems.add("reverb.dashboard: enabled without credentials; set reverb.dashboard.username and password "
                    + "(or REVERB_DASHBOARD_USERNAME and REVERB_DASHBOARD_PASSWORD)");
        }
        if (username.indexOf(':') >= 0) {
            problems.add("reverb.dashboard.username: must not contain ':' (" + d.get("username").source() + ")");
        }
        if (path.isEmpty() || !path.matches("(/[A-Za-z0-9._~\\-]+)+")
                || path.matches("/(app|apps|up|ready|metrics)(/.*)?")) {
            RawValue raw = d.get("path");
            problems.add("reverb.dashboard.path: must be a URL path of its own such as /dashboard, got '"
                    + (raw == null ? path : raw.raw()) + "'" + (raw == null ? "" : " (" + raw.source() + ")"));
        }
        if (problems.size() > before || !enabled) {
            return DashboardConfig.DISABLED;
        }
        return new DashboardConfig(true, username, password, path);
    }
}
