package dev.reverbj.webhook;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.WebhookConfig;
import dev.reverbj.protocol.Clock;
import dev.reverbj.protocol.RepeatedWarnings;

/**
 * The node's webhook receivers, by app: one {@link Endpoint} per configured webhook, sharing one HTTP client
 * (HTTP/1.1, virtual threads), created only when some app has a webhook.
 */
final class Webhooks {
    private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());
    private final Map<String, List<Endpoint>> byApp = new HashMap<>();
    private final RepeatedWarnings warnings = new RepeatedWarnings(Clock.SYSTEM, Duration.ofMinutes(1), LOG::log);

    Webhooks(List<AppConfig> apps, WebhookMetrics metrics) {
        HttpClient http = null;
        for (AppConfig app : apps) {
            List<Endpoint> list = new ArrayList<>();
            for (WebhookConfig hook : app.webhooks()) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5))
                            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
                }
                list.add(new Endpoint(app, hook, http, metrics, warnings));
            }
            byApp.put(app.id(), List.copyOf(list));
        }
    }

    List<Endpoint> of(String appId) {
        return byApp.getOrDefault(appId, List.of());
    }

    /** Queues the event for each of the app's receivers that wants it; never blocks. */
    void send(String appId, WebhookEvent event) {
        for (Endpoint e : of(appId)) {
            e.offer(event);
        }
    }

    /** Writes the drop summaries whose minute is over; called about once a second. */
    void flushWarnings() {
        warnings.flush();
    }

    /** Lets queued events go out until {@code deadlineNanos}, then stops every sender. */
    void close(long deadlineNanos) {
        byApp.values().forEach(list -> list.forEach(e -> e.close(deadlineNanos)));
    }
}
