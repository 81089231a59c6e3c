package dev.reverbj.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code webhooks:} list of an app, as the YAML writes it, and its validation messages. */
class WebhookConfigTest {
    @TempDir
    Path dir;

    private ReverbConfig load(String webhooks) throws IOException {
        Path file = dir.resolve("reverb.yaml");
        Files.writeString(file, """
                reverb:
                  apps:
                    - app-id: one
                      key: key-one
                      secret: secret-one
                """ + webhooks.indent(6));
        return ConfigLoader.load(file, null, Map.of(), Map.of());
    }

    @Test
    void webhooksAreReadWithEveryOption() throws IOException {
        ReverbConfig config = load("""
                webhooks:
                  - url: https://app.example.com/pusher/webhook
                    event-types: [channel_occupied, channel_vacated, member_added, member_removed, client_event, cache_miss, subscription_count]
                    filter: { channel-name-starts-with: "presence-", channel-name-ends-with: "-room" }
                    headers: { X-Tenant: "42" }
                    batch-window: 100
                    timeout: 3
                    retry-for: 30
                    queue-size: 500
                  - url: http://127.0.0.1:9000/hooks
                """);
        List<WebhookConfig> hooks = config.apps().get(0).webhooks();
        assertEquals(new WebhookConfig(URI.create("https://app.example.com/pusher/webhook"), Set.copyOf(WebhookConfig.EVENT_TYPES),
                "presence-", "-room", Map.of("X-Tenant", "42"), Duration.ofMillis(100), Duration.ofSeconds(3),
                Duration.ofSeconds(30), 500), hooks.get(0));
        assertEquals(WebhookConfig.of(URI.create("http://127.0.0.1:9000/hooks")), hooks.get(1));
        assertEquals(Set.copyOf(WebhookConfig.DEFAULT_EVENT_TYPES), hooks.get(1).eventTypes());
    }

    @Test
    void anAppWithoutWebhooksHasNone() throws IOException {
        assertEquals(List.of(), load("").apps().get(0).webhooks());
    }

    @Test
    void badWebhooksAreReportedOneLineEach() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                webhooks:
                  - url: ftp://example.com/hook
                  - event-types: [channel_opened]
                    batch-window: soon
                """));
        String file = dir.resolve("reverb.yaml").toString();
        assertEquals(List.of(
                "reverb.apps[0].webhooks[0].url: must be an http:// or https:// URL, got 'ftp://example.com/hook' (" + file + ")",
                "reverb.apps[0].webhooks[1].url: is required but missing (" + file + ")",
                "reverb.apps[0].webhooks[1].event-types: unknown event type 'channel_opened', expected one of channel_occupied, "
                        + "channel_vacated, member_added, member_removed, client_event, cache_miss, subscription_count (" + file + ")",
                "reverb.apps[0].webhooks[1].batch-window: must be a whole number, got 'soon' (" + file + ")"), e.problems());
    }
}
