package dev.reverbj.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flattened YAML keys sorted into their sections, each keyed by the field name below the section
 * ({@code port}, {@code redis.host}, {@code app-id}); apps in list order. A key under {@code reverb.} that no
 * section knows is a warning. The maps stay mutable: the environment and flags are laid over them afterwards.
 */
record ConfigSections(Map<String, RawValue> server, Map<String, RawValue> scaling, Map<String, RawValue> dashboard,
                      List<Map<String, RawValue>> apps) {
    private static final Pattern APP_KEY = Pattern.compile("reverb\\.apps\\.(\\d+)\\.(.+)");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port", "path", "hostname", "max-request-size",
            "outbox-limit", "debug", "tls.certificate", "tls.private-key", "shutdown-timeout", "metrics-port", "backlog",
            "handover-timeout", "request-timeout", "public-port", "public-scheme", "metrics-host");
    private static final Set<String> APP_KEYS = Set.of("app-id", "key", "secret", "allowed-origins", "ping-interval",
            "activity-timeout", "max-connections", "max-message-size", "accept-client-events-from",
            "rate-limiting.enabled", "rate-limiting.max-attempts", "rate-limiting.decay-seconds",
            "rate-limiting.terminate-on-limit", "max-presence-members", "cache-ttl", "max-channels");
    private static final Set<String> SCALING_KEYS = Set.of("enabled", "channel", "redis.url", "redis.host", "redis.port",
            "redis.username", "redis.password", "redis.database", "outbox.size", "outbox.max-age");
    private static final Set<String> DASHBOARD_KEYS = Set.of("enabled", "username", "password", "path");

    static ConfigSections of(Map<String, RawValue> yaml, List<String> warnings) {
        ConfigSections sections = new ConfigSections(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new ArrayList<>());
        sections.split(yaml, warnings);
        // A second pass, so dashboard warnings come after all the others.
        yaml.forEach((key, value) -> section(key, "reverb.dashboard.", DASHBOARD_KEYS, value, sections.dashboard, warnings));
        return sections;
    }

    private void split(Map<String, RawValue> yaml, List<String> warnings) {
        Map<Integer, Map<String, RawValue>> byIndex = new TreeMap<>();
        for (Map.Entry<String, RawValue> e : yaml.entrySet()) {
            String key = e.getKey();
            Matcher m = APP_KEY.matcher(key);
            if (key.startsWith("reverb.server.")) {
                section(key, "reverb.server.", SERVER_KEYS, e.getValue(), server, warnings);
            } else if (key.startsWith("reverb.scaling.")) {
                section(key, "reverb.scaling.", SCALING_KEYS, e.getValue(), scaling, warnings);
            } else if (m.matches()) {
                String field = m.group(2).replaceFirst("^allowed-origins\\.\\d+$", "allowed-origins");
                Map<String, RawValue> app = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>());
                if (field.equals("allowed-origins") && app.containsKey(field)) {
                    RawValue before = app.get(field);
                    app.put(field, new RawValue(before.raw() + "," + e.getValue().raw(), before.source()));
                } else if (APP_KEYS.contains(field) || WebhookConfigs.isWebhookKey(field)) {
                    app.put(field, e.getValue());
                } else {
                    warnings.add(unknown(key, e.getValue()));
                }
            } else if (key.startsWith("reverb.") && !key.startsWith("reverb.scaling.") && !key.startsWith("reverb.ops.")
                    && !key.startsWith("reverb.dashboard.")) {
                warnings.add(unknown(key, e.getValue()));
            }
        }
        apps.addAll(byIndex.values());
    }

    /** Puts {@code key} into {@code into} when it is one of the section's keys; warns about other keys under it. */
    private static void section(String key, String prefix, Set<String> known, RawValue value, Map<String, RawValue> into,
                                List<String> warnings) {
        if (!key.startsWith(prefix)) {
            return;
        }
        String name = key.substring(prefix.length());
        if (known.contains(name)) {
            into.put(name, value);
        } else {
            warnings.add(unknown(key, value));
        }
    }

    private static String unknown(String key, RawValue value) {
        return "unknown key " + key + " in " + value.source() + " (ignored)";
    }
}
