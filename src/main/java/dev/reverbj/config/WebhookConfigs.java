package dev.reverbj.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an app's {@code webhooks:} list from its flattened keys ({@code webhooks.0.url},
 * {@code webhooks.0.event-types.1}, {@code webhooks.0.headers.X-Tenant}, …), adding one line per problem.
 */
final class WebhookConfigs {
    private static final Pattern KEY = Pattern.compile("webhooks\\.(\\d+)\\.(.+)");
    private static final Set<String> FIELDS = Set.of("url", "filter.channel-name-starts-with",
            "filter.channel-name-ends-with", "batch-window", "timeout", "retry-for", "queue-size");

    private WebhookConfigs() {
    }

    /** Whether {@code field} (an app key) belongs to the webhooks list. */
    static boolean isWebhookKey(String field) {
        return field.startsWith("webhooks.");
    }

    /**
     * @param raw     the app's webhook keys to their raw values
     * @param source  where they came from, for messages
     * @param prefix  {@code reverb.apps[i].}
     */
    static List<WebhookConfig> parse(Map<String, String> raw, String source, String prefix, List<String> problems,
                                     List<String> warnings) {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                problems.add(prefix + e.getKey() + ": webhooks must be a list of objects with a url (" + source + ")");
                continue;
            }
            byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>()).put(m.group(2), e.getValue());
        }
        List<WebhookConfig> out = new ArrayList<>();
        byIndex.forEach((index, fields) -> {
            WebhookConfig hook = one(fields, prefix + "webhooks[" + index + "].", source, problems, warnings);
            if (hook != null) {
                out.add(hook);
            }
        });
        return out;
    }

    private static WebhookConfig one(Map<String, String> f, String at, String source, List<String> problems,
                                     List<String> warnings) {
        int before = problems.size();
        URI url = null;
        String rawUrl = f.get("url");
        if (rawUrl == null || rawUrl.isBlank()) {
            problems.add(at + "url: is required but missing (" + source + ")");
        } else {
            try {
                url = new URI(rawUrl.strip());
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    problems.add(at + "url: must be an http:// or https:// URL, got '" + rawUrl + "' (" + source + ")");
                }
            } catch (URISyntaxException e) {
                problems.add(at + "url: is not a URL: " + e.getMessage() + " (" + source + ")");
            }
        }
        Set<String> types = new LinkedHashSet<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : f.entrySet()) {
            String key = e.getKey();
            if (key.matches("event-types\\.\\d+")) {
                String type = e.getValue().strip();
                if (WebhookConfig.EVENT_TYPES.contains(type)) {
                    types.add(type);
                } else {
                    problems.add(at + "event-types: unknown event type '" + type + "', expected one of "
                            + String.join(", ", WebhookConfig.EVENT_TYPES) + " (" + source + ")");
                }
            } else if (key.startsWith("headers.")) {
                headers.put(key.substring("headers.".length()), e.getValue());
            } else if (!FIELDS.contains(key)) {
                warnings.add("unknown key " + at + key + " in " + source + " (ignored)");
            }
        }
        Duration window = Duration.ofMillis(number(f, "batch-window", at, source, WebhookConfig.DEFAULT_BATCH_WINDOW.toMillis(), 0, 10_000, problems));
        Duration timeout = Duration.ofSeconds(number(f, "timeout", at, source, WebhookConfig.DEFAULT_TIMEOUT.toSeconds(), 1, 300, problems));
        Duration retryFor = Duration.ofSeconds(number(f, "retry-for", at, source, WebhookConfig.DEFAULT_RETRY_FOR.toSeconds(), 0, 86_400, problems));
        int queue = (int) number(f, "queue-size", at, source, WebhookConfig.DEFAULT_QUEUE_SIZE, 1, 10_000_000, problems);
        if (problems.size() > before) {
            return null;
        }
        return new WebhookConfig(url, types.isEmpty() ? Set.copyOf(WebhookConfig.DEFAULT_EVENT_TYPES) : types,
                f.getOrDefault("filter.channel-name-starts-with", ""), f.getOrDefault("filter.channel-name-ends-with", ""),
                headers, window, timeout, retryFor, queue);
    }

    private static long number(Map<String, String> f, String field, String at, String source, long fallback, long min,
                               long max, List<String> problems) {
        String v = f.get(field);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(v.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
            problems.add(at + field + ": must be between " + min + " and " + max + ", got " + parsed + " (" + source + ")");
        } catch (NumberFormatException e) {
            problems.add(at + field + ": must be a whole number, got '" + v + "' (" + source + ")");
        }
        return fallback;
    }
}
