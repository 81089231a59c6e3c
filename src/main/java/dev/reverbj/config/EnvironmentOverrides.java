package dev.reverbj.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process environment and the {@code --env-file}, laid over the YAML sections: Laravel Reverb's flat
 * {@code REVERB_*} names and Laravel's {@code REDIS_*} names, each mapped to one key. A variable that is set but
 * empty counts as unset. The environment wins over the {@code .env} file.
 */
final class EnvironmentOverrides {
    private static final Map<String, String> DASHBOARD_ENV = Map.of(
            "REVERB_DASHBOARD_ENABLED", "enabled",
            "REVERB_DASHBOARD_USERNAME", "username",
            "REVERB_DASHBOARD_PASSWORD", "password",
            "REVERB_DASHBOARD_PATH", "path");
    /** Reverb's and Laravel's Redis variables ({@code config/database.php}), mapped to {@code reverb.scaling.*} keys. */
    private static final Map<String, String> SCALING_ENV = Map.of(
            "REVERB_SCALING_ENABLED", "enabled",
            "REVERB_SCALING_CHANNEL", "channel",
            "REDIS_URL", "redis.url",
            "REDIS_HOST", "redis.host",
            "REDIS_PORT", "redis.port",
            "REDIS_USERNAME", "redis.username",
            "REDIS_PASSWORD", "redis.password",
            "REDIS_DB", "redis.database");
    /** Laravel Reverb's flat variable names, mapped to our keys. */
    private static final Map<String, String> SERVER_ENV = Map.ofEntries(
            Map.entry("REVERB_SERVER_HOST", "host"),
            Map.entry("REVERB_SERVER_PORT", "port"),
            Map.entry("REVERB_SERVER_PATH", "path"),
            Map.entry("REVERB_HOST", "hostname"),
            Map.entry("REVERB_MAX_REQUEST_SIZE", "max-request-size"),
            Map.entry("REVERB_TLS_CERTIFICATE", "tls.certificate"),
            Map.entry("REVERB_TLS_PRIVATE_KEY", "tls.private-key"),
            Map.entry("REVERB_SHUTDOWN_TIMEOUT", "shutdown-timeout"),
            Map.entry("REVERB_METRICS_PORT", "metrics-port"),
            Map.entry("REVERB_SERVER_BACKLOG", "backlog"),
            Map.entry("REVERB_SERVER_HANDOVER_TIMEOUT", "handover-timeout"),
            Map.entry("REVERB_PORT", "public-port"),
            Map.entry("REVERB_SCHEME", "public-scheme"),
            Map.entry("REVERB_METRICS_HOST", "metrics-host"));
    private static final Map<String, String> APP_ENV = Map.ofEntries(
            Map.entry("REVERB_APP_ID", "app-id"),
            Map.entry("REVERB_APP_KEY", "key"),
            Map.entry("REVERB_APP_SECRET", "secret"),
            Map.entry("REVERB_APP_ALLOWED_ORIGINS", "allowed-origins"),
            Map.entry("REVERB_APP_PING_INTERVAL", "ping-interval"),
            Map.entry("REVERB_APP_ACTIVITY_TIMEOUT", "activity-timeout"),
            Map.entry("REVERB_APP_MAX_CONNECTIONS", "max-connections"),
            Map.entry("REVERB_APP_MAX_MESSAGE_SIZE", "max-message-size"),
            Map.entry("REVERB_APP_MAX_CHANNELS", "max-channels"),
            Map.entry("REVERB_APP_ACCEPT_CLIENT_EVENTS_FROM", "accept-client-events-from"),
            Map.entry("REVERB_APP_RATE_LIMITING_ENABLED", "rate-limiting.enabled"),
            Map.entry("REVERB_APP_RATE_LIMITING_MAX_ATTEMPTS", "rate-limiting.max-attempts"),
            Map.entry("REVERB_APP_RATE_LIMITING_DECAY_SECONDS", "rate-limiting.decay-seconds"),
            Map.entry("REVERB_APP_RATE_LIMITING_TERMINATE", "rate-limiting.terminate-on-limit"));

    private final Map<String, RawValue> env = new LinkedHashMap<>();

    private EnvironmentOverrides() {
    }

    /**
     * The variables of {@code envFile} (when not null; its problems are added to {@code problems}) with the
     * process environment over them.
     */
    static EnvironmentOverrides read(Path envFile, Map<String, String> environment, List<String> problems) {
        EnvironmentOverrides overrides = new EnvironmentOverrides();
        if (envFile != null) {
            DotEnv.read(envFile, environment, problems)
                    .forEach((k, v) -> overrides.env.put(k, new RawValue(v, envFile.toString())));
        }
        environment.forEach((k, v) -> overrides.env.put(k, new RawValue(v, "environment variable " + k)));
        return overrides;
    }

    /** Lays the variables over the dashboard, server, scaling and app sections. */
    void applyTo(ConfigSections sections) {
        fromEnv(DASHBOARD_ENV, sections.dashboard());
        fromEnv(SERVER_ENV, sections.server());
        fromEnv(SCALING_ENV, sections.scaling());
        mergeApp(sections.apps());
    }

    /** Variables named in {@code names} (variable to key) that are set and not empty, over what {@code into} has. */
    private void fromEnv(Map<String, String> names, Map<String, RawValue> into) {
        names.forEach((name, key) -> {
            RawValue v = env.get(name);
            if (v != null && !v.raw().isEmpty()) {
                into.put(key, v);
            }
        });
    }

    /**
     * The single app of {@code REVERB_APP_*} variables: it overrides the YAML app with the same id, or is
     * added to the list.
     */
    private void mergeApp(List<Map<String, RawValue>> apps) {
        Map<String, RawValue> fromEnv = new LinkedHashMap<>();
        fromEnv(APP_ENV, fromEnv);
        if (!fromEnv.containsKey("app-id") && !fromEnv.containsKey("key")) {
            return;
        }
        for (Map<String, RawValue> app : apps) {
            RawValue id = app.get("app-id");
            if (id != null && fromEnv.containsKey("app-id") && id.raw().equals(fromEnv.get("app-id").raw())) {
                app.putAll(fromEnv);
                return;
            }
        }
        apps.add(fromEnv);
    }
}
