package dev.reverbj.observe.dashboard;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Channel;
import dev.reverbj.protocol.ChannelSnapshot;
import dev.reverbj.protocol.wire.JsonText;

/**
 * One app's figures for the page, as JSON, built by the sampler once a second while a page is open. This
 * node's numbers come from its own channels; with scaling on, the cluster's come from the hub's view of the
 * other nodes (no round trip: it is what the HTTP API answers from).
 */
final class DashboardStats {
    /** Rows of the channel and presence tables. */
    static final int TOP = 10;

    private DashboardStats() {
    }

    /**
     * {@code {"id","connections","in","out","channels","subscriptions","cluster"?:{"connections","channels"},
     * "top":[{"name","subscribers","node"}],"presence":[{"name","members","node"}],"refused":{code:n},
     * "closed":{code:n}}}
     */
    static void appendJson(StringBuilder out, App app, boolean clustered, DashboardObserver observer, long in, long sent) {
        List<ChannelSnapshot> local = app.channels().channels().stream()
                .filter(c -> c.subscriptionCount() > 0)
                .map(Channel::snapshot)
                .toList();
        List<ChannelSnapshot> all = clustered ? app.hub().channels(app) : local;
        Map<String, ChannelSnapshot> here = new HashMap<>();
        local.forEach(s -> here.put(s.name(), s));
        out.append("{\"id\":");
        JsonText.appendQuoted(out, app.config().id());
        out.append(",\"connections\":").append(Math.max(0, app.connectionCount()))
                .append(",\"in\":").append(in).append(",\"out\":").append(sent)
                .append(",\"channels\":").append(local.size())
                .append(",\"subscriptions\":").append(local.stream().mapToLong(ChannelSnapshot::subscriptionCount).sum());
        if (clustered) {
            out.append(",\"cluster\":{\"connections\":").append(app.hub().connections(app))
                    .append(",\"channels\":").append(all.size()).append('}');
        }
        out.append(",\"top\":");
        rows(out, all, here, Comparator.comparingInt(ChannelSnapshot::subscriptionCount), false);
        out.append(",\"presence\":");
        rows(out, all.stream().filter(s -> s.name().startsWith("presence-")).toList(), here,
                Comparator.comparingInt(ChannelSnapshot::userCount), true);
        out.append(",\"refused\":");
        codes(out, observer.refusedByCode());
        out.append(",\"closed\":");
        codes(out, observer.closedByCode());
        out.append('}');
    }

    private static void rows(StringBuilder out, List<ChannelSnapshot> channels, Map<String, ChannelSnapshot> here,
                             Comparator<ChannelSnapshot> by, boolean members) {
        List<ChannelSnapshot> top = channels.stream()
                .sorted(by.reversed().thenComparing(ChannelSnapshot::name))
                .limit(TOP)
                .toList();
        out.append('[');
        for (int i = 0; i < top.size(); i++) {
            ChannelSnapshot s = top.get(i);
            ChannelSnapshot mine = here.get(s.name());
            out.append(i > 0 ? "," : "").append("{\"name\":");
            JsonText.appendQuoted(out, s.name());
            if (members) {
                out.append(",\"members\":").append(s.userCount())
                        .append(",\"node\":").append(mine == null ? 0 : mine.userCount());
            } else {
                out.append(",\"subscribers\":").append(s.subscriptionCount())
                        .append(",\"node\":").append(mine == null ? 0 : mine.subscriptionCount());
            }
            out.append('}');
        }
        out.append(']');
    }

    private static void codes(StringBuilder out, Map<Integer, Long> counts) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            out.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
            first = false;
        }
        out.append('}');
    }
}
