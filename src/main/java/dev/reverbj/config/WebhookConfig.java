package dev.reverbj.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One webhook of an app ({@code reverb.apps[i].webhooks[j]}, docs/webhooks.md): where Pusher-format event
 * batches are POSTed, which events, for which channels, and how hard to try.
 *
 * @param eventTypes    Pusher webhook event names to send ({@link #DEFAULT_EVENT_TYPES} when not configured)
 * @param channelPrefix only channels whose name starts with this ("" = any)
 * @param channelSuffix only channels whose name ends with this ("" = any)
 * @param headers       extra request headers
 * @param batchWindow   events within this window after the first one go in one POST
 * @param timeout       one request's limit; a receiver slower than this is retried
 * @param retryFor      how long a failed batch is retried (exponential backoff) before it is dropped
 * @param queueSize     events waiting for this receiver before new ones are dropped
 */
public record WebhookConfig(URI url, Set<String> eventTypes, String channelPrefix, String channelSuffix,
                            Map<String, String> headers, Duration batchWindow, Duration timeout, Duration retryFor,
                            int queueSize) {
    public static final List<String> EVENT_TYPES = List.of("channel_occupied", "channel_vacated", "member_added",
            "member_removed", "client_event", "cache_miss", "subscription_count");
    /** Channel existence and presence: what a webhook without {@code event-types} sends (the chatty ones are opt-in). */
    public static final List<String> DEFAULT_EVENT_TYPES = List.of("channel_occupied", "channel_vacated", "member_added",
            "member_removed");
    public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofMillis(250);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofSeconds(60);
    public static final int DEFAULT_QUEUE_SIZE = 10_000;

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        eventTypes = Set.copyOf(eventTypes);
        headers = Map.copyOf(headers);
        if (!EVENT_TYPES.containsAll(eventTypes)) {
            throw new IllegalArgumentException("unknown webhook event type in " + eventTypes);
        }
    }

    /** A webhook with the default event types, for every channel, with the default timings. */
    public static WebhookConfig of(URI url) {
        return new WebhookConfig(url, Set.copyOf(DEFAULT_EVENT_TYPES), "", "", Map.of(), DEFAULT_BATCH_WINDOW,
                DEFAULT_TIMEOUT, DEFAULT_RETRY_FOR, DEFAULT_QUEUE_SIZE);
    }

    public boolean wants(String eventType) {
        return eventTypes.contains(eventType);
    }

    /** Whether events of {@code channel} pass the filter. */
    public boolean matches(String channel) {
        return channel.startsWith(channelPrefix) && channel.endsWith(channelSuffix);
    }

    @Override
    public String toString() {
        // Headers may carry credentials: name them only.
        return "WebhookConfig[url=" + url + ", eventTypes=" + eventTypes + ", headers=" + headers.keySet() + "]";
    }
}
