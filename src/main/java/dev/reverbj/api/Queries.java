package dev.reverbj.api;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ChannelSnapshot;
import dev.reverbj.protocol.wire.JsonText;

/** The read routes (channels, channel, users, connections) and terminate_connections. */
final class Queries {

    String channels(HttpApi.Call call) {
        String prefix = call.params().getOrDefault("filter_by_prefix", "");
        Set<String> info = info(call, Set.of("user_count", "subscription_count"));
        // Pusher answers 400 without filter_by_prefix=presence-; Laravel Reverb lists every channel and gives
        // user_count on the presence ones. Apps written against Reverb call it that way (SPEC.md section 9).
        List<ChannelSnapshot> channels = call.app().hub().channels(call.app()).stream()
                .filter(c -> c.name().startsWith(prefix))
                .sorted(Comparator.comparing(ChannelSnapshot::name))
                .toList();
        StringBuilder out = new StringBuilder("{\"channels\":{");
        for (int i = 0; i < channels.size(); i++) {
            ChannelSnapshot c = channels.get(i);
            out.append(i > 0 ? "," : "");
            JsonText.appendQuoted(out, c.name());
            boolean counted = info.contains("user_count") && ChannelName.problem(c.name()) == null
                    && ChannelName.of(c.name()).isPresence();
            out.append(':').append(counted ? "{\"user_count\":" + c.userCount() + "}" : "{}");
        }
        return out.append("}}").toString();
    }

    String channel(HttpApi.Call call) {
        ChannelName name = channelName(call.segments()[3]);
        Set<String> info = info(call, Set.of("user_count", "subscription_count", "cache"));
        if (info.contains("user_count") && !name.isPresence()) {
            throw ApiException.badRequest("info=user_count is only for presence channels");
        }
        if (info.contains("cache") && !name.isCache()) {
            throw ApiException.badRequest("info=cache is only for cache channels");
        }
        App app = call.app();
        Optional<ChannelSnapshot> snapshot = app.hub().channel(app, name);
        StringBuilder out = new StringBuilder("{\"occupied\":").append(snapshot.isPresent());
        if (info.contains("user_count")) {
            out.append(",\"user_count\":").append(snapshot.map(ChannelSnapshot::userCount).orElse(0));
        }
        if (info.contains("subscription_count")) {
            out.append(",\"subscription_count\":").append(snapshot.map(ChannelSnapshot::subscriptionCount).orElse(0));
        }
        if (info.contains("cache")) {
            app.channels().cachedEvent(name).ifPresent(frame -> out.append(",\"cache\":").append(frame));
        }
        return out.append('}').toString();
    }

    String users(HttpApi.Call call) {
        ChannelName name = channelName(call.segments()[3]);
        if (!name.isPresence()) {
            throw ApiException.badRequest("Users can only be listed for presence channels");
        }
        Set<String> ids = call.app().hub().channel(call.app(), name).map(ChannelSnapshot::userIds).orElse(Set.of());
        StringBuilder out = new StringBuilder("{\"users\":[");
        ids.stream().sorted().forEach(id -> {
            out.append(out.length() > 10 ? "," : "").append("{\"id\":");
            JsonText.appendQuoted(out, id);
            out.append('}');
        });
        return out.append("]}").toString();
    }

    String connections(HttpApi.Call call) {
        return "{\"connections\":" + call.app().hub().connections(call.app()) + "}";
    }

    String terminate(HttpApi.Call call) {
        call.app().hub().terminateEverywhere(call.app(), call.segments()[3]);
        return "{}";
    }

    private static ChannelName channelName(String raw) {
        String problem = ChannelName.problem(raw);
        if (problem != null) {
            throw ApiException.invalid("channel", problem);
        }
        return ChannelName.of(raw);
    }

    private static Set<String> info(HttpApi.Call call, Set<String> allowed) {
        String raw = call.params().get("info");
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        Set<String> info = new java.util.LinkedHashSet<>();
        for (String attribute : raw.split(",")) {
            String a = attribute.strip();
            if (!allowed.contains(a)) {
                throw ApiException.badRequest("info may list " + String.join(", ", allowed) + "; got '" + a + "'");
            }
            info.add(a);
        }
        return info;
    }
}
