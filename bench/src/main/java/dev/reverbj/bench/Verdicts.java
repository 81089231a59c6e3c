package dev.reverbj.bench;

import java.util.List;
import java.util.Map;

/** The comparison tables of RESULTS.md, read from the rows of one run: Reverb/J against raw, soketi, one node. */
final class Verdicts {
    private final List<Map<String, Object>> rows;

    Verdicts(List<Map<String, Object>> rows) {
        this.rows = rows;
    }

    /** Every measured quantity next to the raw transport's, as a ratio (memory and latency: lower is better). */
    String versusRaw() {
        StringBuilder sb = new StringBuilder("| Quantity | Reverb/J | raw | Reverb/J ÷ raw |\n|---|---:|---:|---:|\n");
        Map<String, Object> capacity = find("capacity", null, null, null);
        Map<String, Object> capacityRaw = find("capacity-raw", null, null, null);
        if (capacity != null && capacityRaw != null && capacity.containsKey("rssPerConnectionKb")
                && capacityRaw.containsKey("rssPerConnectionKb")) {
            for (String key : new String[] {"rssPerConnectionKb", "heapPerConnectionKb"}) {
                double ours = num(capacity, key);
                double raw = num(capacityRaw, key);
                sb.append("| ").append(key.startsWith("rss") ? "RSS" : "heap").append(" per idle connection, KB | ")
                        .append(ours).append(" | ").append(raw).append(" | ").append(round(ours / raw)).append(" |\n");
            }
        }
        compareFanout(sb, "raw", false);
        return sb.toString();
    }

    /** CPU per delivery, p99, burst rate and memory per connection: Reverb/J next to soketi in the same run. */
    String versusSoketi() {
        StringBuilder sb = new StringBuilder("| Quantity | Reverb/J | soketi | Reverb/J ÷ soketi |\n|---|---:|---:|---:|\n");
        Map<String, Object> capacity = find("capacity", null, null, null);
        Map<String, Object> theirs = find("capacity-soketi", null, null, null);
        if (capacity != null && theirs != null && capacity.containsKey("rssPerConnectionKb")) {
            double ours = num(capacity, "rssPerConnectionKb");
            double other = num(theirs, "rssPerConnectionKb");
            sb.append(String.format("| RSS per idle subscribed connection, KB (%,d connections) | %s | %s | %s |%n",
                    ((Number) capacity.get("connected")).intValue(), ours, other, round(ours / Math.max(0.001, other))));
        }
        compareFanout(sb, "soketi", true);
        return sb.toString();
    }

    /** Cross-node fan-out next to the one-node fan-out of the same size. */
    String cluster() {
        StringBuilder sb = new StringBuilder("| Quantity | 2 nodes (publish A → subscribers on B) | 1 node | 2 ÷ 1 |\n"
                + "|---|---:|---:|---:|\n");
        for (Map<String, Object> r : rows) {
            if (!"cluster".equals(r.get("target"))) {
                continue;
            }
            Map<String, Object> one = find(String.valueOf(r.get("scenario")), "reverb", r.get("subscribers"), r.get("payloadBytes"));
            String what = String.format("%,d subs × %s B", r.get("subscribers"), r.get("payloadBytes"));
            long lost = num(r, "expected") > 0 ? (long) (num(r, "expected") - num(r, "delivered")) : 0;
            if ("fanout-steady".equals(r.get("scenario"))) {
                sb.append("| p99 latency ms, steady, ").append(what).append(" (loss ").append(lost).append(") | ")
                        .append(r.get("p99Ms")).append(" | ").append(one == null ? "–" : one.get("p99Ms")).append(" | ")
                        .append(one == null ? "–" : round(num(r, "p99Ms") / Math.max(0.001, num(one, "p99Ms")))).append(" |\n");
            } else {
                sb.append("| deliveries/s, burst, ").append(what).append(" (loss ").append(lost).append(") | ")
                        .append(String.format("%,.0f", num(r, "deliveriesPerSecond"))).append(" | ")
                        .append(one == null ? "–" : String.format("%,.0f", num(one, "deliveriesPerSecond"))).append(" | ")
                        .append(one == null ? "–" : round(num(r, "deliveriesPerSecond") / Math.max(1, num(one, "deliveriesPerSecond"))))
                        .append(" |\n");
            }
        }
        return sb.toString();
    }

    private void compareFanout(StringBuilder sb, String other, boolean cpu) {
        for (Map<String, Object> r : rows) {
            if (!"reverb".equals(r.get("target")) || !String.valueOf(r.get("scenario")).startsWith("fanout-")) {
                continue;
            }
            Map<String, Object> them = find(String.valueOf(r.get("scenario")), other, r.get("subscribers"), r.get("payloadBytes"));
            if (them == null) {
                continue;
            }
            String what = String.format("%,d subs × %s B", r.get("subscribers"), r.get("payloadBytes"));
            if ("fanout-steady".equals(r.get("scenario"))) {
                line(sb, "p99 latency ms, steady, " + what, num(r, "p99Ms"), num(them, "p99Ms"));
                if (cpu && r.containsKey("serverCpuUsPerDelivery") && them.containsKey("serverCpuUsPerDelivery")) {
                    line(sb, "server CPU µs per delivery, steady, " + what, num(r, "serverCpuUsPerDelivery"),
                            num(them, "serverCpuUsPerDelivery"));
                    line(sb, "… of which in the kernel (stime), steady, " + what, num(r, "serverKernelUsPerDelivery"),
                            num(them, "serverKernelUsPerDelivery"));
                }
            } else {
                double ours = num(r, "deliveriesPerSecond");
                double theirs = num(them, "deliveriesPerSecond");
                sb.append("| deliveries/s, burst, ").append(what).append(" | ").append(String.format("%,.0f", ours))
                        .append(" | ").append(String.format("%,.0f", theirs)).append(" | ")
                        .append(round(ours / Math.max(1, theirs))).append(" |\n");
                if (cpu && r.containsKey("serverCpuUsPerDelivery") && them.containsKey("serverCpuUsPerDelivery")) {
                    line(sb, "server CPU µs per delivery, burst, " + what, num(r, "serverCpuUsPerDelivery"),
                            num(them, "serverCpuUsPerDelivery"));
                }
            }
        }
    }

    private static void line(StringBuilder sb, String what, double ours, double theirs) {
        sb.append("| ").append(what).append(" | ").append(ours).append(" | ").append(theirs).append(" | ")
                .append(round(ours / Math.max(0.001, theirs))).append(" |\n");
    }

    /** The goals of issues 10 and 11, each with what this run measured. */
    String targets() {
        StringBuilder sb = new StringBuilder("| Target | Measured | Verdict |\n|---|---|---|\n");
        Map<String, Object> capacity = find("capacity", null, null, null);
        if (capacity != null && capacity.containsKey("rssPerConnectionKb")) {
            double kb = num(capacity, "rssPerConnectionKb");
            verdict(sb, "≤ 12 KB server RSS per idle subscribed connection at ~19,000 connections",
                    String.format("%s KB (%s KB of it Java heap) at %,d connections", kb, capacity.get("heapPerConnectionKb"),
                            ((Number) capacity.get("connected")).intValue()), kb <= 12);
        }
        steadyTarget(sb, 10_000, 50);
        steadyTarget(sb, 1_000, 10);
        for (int s : new int[] {1_000, 5_000, 10_000}) {
            Map<String, Object> ours = find("fanout-steady", "reverb", s, 100);
            Map<String, Object> theirs = find("fanout-steady", "soketi", s, 100);
            if (ours != null && theirs != null && ours.containsKey("serverCpuUsPerDelivery")
                    && theirs.containsKey("serverCpuUsPerDelivery")) {
                double ratio = round(num(ours, "serverCpuUsPerDelivery") / Math.max(0.001, num(theirs, "serverCpuUsPerDelivery")));
                verdict(sb, String.format("server CPU per delivery ≤ 0.5 × soketi's, %,d subscribers, steady 100 B", s),
                        String.format("%s vs %s µs: %s ×", ours.get("serverCpuUsPerDelivery"),
                                theirs.get("serverCpuUsPerDelivery"), ratio), ratio <= 0.5);
            }
        }
        for (Map<String, Object> r : rows) {
            if ("fanout-burst".equals(r.get("scenario")) && "reverb".equals(r.get("target")) && r.containsKey("reverbOverRaw")) {
                double ratio = num(r, "reverbOverRaw");
                verdict(sb, String.format("fan-out burst deliveries/s ≥ 1.5 × raw Helidon WsSession (%,d subs, %s B)",
                        ((Number) r.get("subscribers")).intValue(), r.get("payloadBytes")), ratio + " × raw", ratio >= 1.5);
            }
        }
        return sb.toString();
    }

    private void steadyTarget(StringBuilder sb, int subscribers, double p99Goal) {
        Map<String, Object> r = find("fanout-steady", "reverb", subscribers, 100);
        if (r == null) {
            return;
        }
        long lost = (long) (num(r, "expected") - num(r, "delivered"));
        double p99 = num(r, "p99Ms");
        verdict(sb, String.format("%,d subscribers × %s events/s of 100 B: no loss, p99 ≤ %s ms", subscribers,
                        r.get("publishRate"), p99Goal),
                "loss " + lost + ", p99 " + p99 + " ms", lost == 0 && p99 <= p99Goal);
    }

    private static void verdict(StringBuilder sb, String target, String measured, boolean met) {
        sb.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "met" : "**missed**")
                .append(" |\n");
    }

    Map<String, Object> find(String scenario, String target, Object subscribers, Object payloadBytes) {
        for (Map<String, Object> r : rows) {
            if (scenario.equals(r.get("scenario")) && (target == null || target.equals(r.get("target")))
                    && (subscribers == null || sameSize(subscribers, r.get("subscribers")))
                    && (payloadBytes == null || payloadBytes.equals(r.get("payloadBytes")))) {
                return r;
            }
        }
        return null;
    }

    /** Subscriber counts of the two sides of a comparison: a client or two that failed to connect don't count. */
    private static boolean sameSize(Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            return false;
        }
        return Math.abs(x.longValue() - y.longValue()) <= Math.max(1, x.longValue() / 100);
    }

    private static double num(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
