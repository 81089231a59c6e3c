package dev.reverbj.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the {@code reverb.apps} list into {@link AppConfig}s; app ids and keys must each be unique. */
final class AppConfigReader {
    private AppConfigReader() {
    }

    /** The apps that have no problem, in list order. */
    static List<AppConfig> readAll(List<Map<String, RawValue>> apps, ValueReader in) {
        List<AppConfig> appConfigs = new ArrayList<>();
        List<Map<String, RawValue>> rawOfEach = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            AppConfig app = read(i, apps.get(i), in);
            if (app != null) {
                appConfigs.add(app);
                rawOfEach.add(apps.get(i));
            }
        }
        checkUnique(appConfigs, rawOfEach, in.problems());
        return appConfigs;
    }

    /** {@code reverb.apps[index]}, or null when it has a problem. */
    private static AppConfig read(int index, Map<String, RawValue> a, ValueReader in) {
        List<String> problems = in.problems();
        String prefix = "reverb.apps[" + index + "].";
        int before = problems.size();
        String id = in.required(a, "app-id", prefix);
        String key = in.required(a, "key", prefix);
        String secret = in.required(a, "secret", prefix);
        List<String> origins = a.containsKey("allowed-origins")
                ? Arrays.stream(a.get("allowed-origins").raw().split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList()
                : List.of("*");
        in.record(prefix + "allowed-origins", origins, a.get("allowed-origins"));
        int ping = in.integer(a, "ping-interval", prefix + "ping-interval", 60, 1, 86_400);
        int activity = in.integer(a, "activity-timeout", prefix + "activity-timeout", 30, 1, 86_400);
        int maxConnections = in.integer(a, "max-connections", prefix + "max-connections", 0, 0, Integer.MAX_VALUE);
        int maxMessage = in.integer(a, "max-message-size", prefix + "max-message-size", 10_000, 1, 64 << 20);
        ClientEventsPolicy policy = ClientEventsPolicy.MEMBERS;
        RawValue rawPolicy = a.get("accept-client-events-from");
        in.record(prefix + "accept-client-events-from", rawPolicy == null ? "members" : rawPolicy.raw().strip(), rawPolicy);
        if (rawPolicy != null) {
            try {
                policy = ClientEventsPolicy.parse(rawPolicy.raw());
            } catch (IllegalArgumentException e) {
                problems.add(prefix + "accept-client-events-from: must be one of members, all, none; got '"
                        + rawPolicy.raw() + "' (" + rawPolicy.source() + ")");
            }
        }
        boolean rateEnabled = in.bool(a, "rate-limiting.enabled", prefix + "rate-limiting.enabled", false);
        int attempts = in.integer(a, "rate-limiting.max-attempts", prefix + "rate-limiting.max-attempts", 60, 1,
                Integer.MAX_VALUE);
        int decay = in.integer(a, "rate-limiting.decay-seconds", prefix + "rate-limiting.decay-seconds", 60, 1, 86_400);
        boolean terminate = in.bool(a, "rate-limiting.terminate-on-limit", prefix + "rate-limiting.terminate-on-limit", false);
        int members = in.integer(a, "max-presence-members", prefix + "max-presence-members", 100, 1, 100_000);
        int cacheTtl = in.integer(a, "cache-ttl", prefix + "cache-ttl", 1800, 1, 31 * 86_400);
        int maxChannels = in.integer(a, "max-channels", prefix + "max-channels", AppConfig.DEFAULT_MAX_CHANNELS, 1, 1_000_000);
        Map<String, String> hooks = new LinkedHashMap<>();
        String hookSource = null;
        for (Map.Entry<String, RawValue> e : a.entrySet()) {
            if (WebhookConfigs.isWebhookKey(e.getKey())) {
                hooks.put(e.getKey(), e.getValue().raw());
                hookSource = hookSource == null ? e.getValue().source() : hookSource;
            }
        }
        List<WebhookConfig> webhooks = WebhookConfigs.parse(hooks, hookSource, prefix, problems, in.warnings());
        if (problems.size() > before) {
            return null;
        }
        return new AppConfig(id, key, secret, origins, Duration.ofSeconds(ping), activity, maxConnections, maxMessage,
                policy, new RateLimit(rateEnabled, attempts, decay, terminate), members, Duration.ofSeconds(cacheTtl),
                maxChannels, webhooks);
    }

    /** @param raw the YAML of each app in {@code apps}, index for index */
    private static void checkUnique(List<AppConfig> apps, List<Map<String, RawValue>> raw, List<String> problems) {
        Set<String> ids = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < apps.size(); i++) {
            AppConfig app = apps.get(i);
            if (!ids.add(app.id())) {
                problems.add("reverb.apps: app-id '" + app.id() + "' is used by more than one app ("
                        + raw.get(i).get("app-id").source() + ")");
            }
            if (!keys.add(app.key())) {
                problems.add("reverb.apps: key '" + app.key() + "' is used by more than one app ("
                        + raw.get(i).get("key").source() + ")");
            }
        }
    }
}
