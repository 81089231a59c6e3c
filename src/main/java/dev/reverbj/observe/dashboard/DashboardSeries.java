package dev.reverbj.observe.dashboard;

/**
 * One app's last 15 minutes, one slot per second: open connections, messages received from clients and
 * messages sent to clients in that second. Written by the sampler once a second, read when a page opens;
 * both under the instance lock, which nothing on the protocol path ever takes.
 */
final class DashboardSeries {
    /** Seconds kept: 15 minutes. */
    static final int SECONDS = 900;

    private final long[] connections = new long[SECONDS];
    private final long[] received = new long[SECONDS];
    private final long[] sent = new long[SECONDS];
    /** The epoch second of the newest slot; 0 before the first sample. */
    private long last;
    private long firstSample;

    /** Records second {@code second}; seconds skipped since the last sample (a stalled sampler) read as zero. */
    synchronized void record(long second, long connectionsNow, long receivedInSecond, long sentInSecond) {
        if (last != 0 && second <= last) {
            return;
        }
        if (last == 0) {
            firstSample = second;
        }
        long from = last == 0 ? second : Math.max(last + 1, second - SECONDS + 1);
        for (long s = from; s < second; s++) {
            put(s, connectionsNow, 0, 0);
        }
        put(second, connectionsNow, receivedInSecond, sentInSecond);
        last = second;
    }

    private void put(long second, long c, long in, long out) {
        int i = (int) Math.floorMod(second, (long) SECONDS);
        connections[i] = c;
        received[i] = in;
        sent[i] = out;
    }

    /**
     * {@code {"end":S,"connections":[..],"in":[..],"out":[..]}}, oldest first, {@link #SECONDS} values each
     * ending at second S; slots before the first sample are 0.
     */
    synchronized void appendJson(StringBuilder out, long now) {
        long end = last == 0 ? now : last;
        out.append("{\"end\":").append(end);
        array(out, "connections", connections, end);
        array(out, "in", received, end);
        array(out, "out", sent, end);
        out.append('}');
    }

    private void array(StringBuilder out, String name, long[] values, long end) {
        out.append(",\"").append(name).append("\":[");
        long first = end - SECONDS + 1;
        for (long s = first; s <= end; s++) {
            boolean known = last != 0 && s >= firstSample && s <= last;
            out.append(s > first ? "," : "").append(known ? values[(int) Math.floorMod(s, (long) SECONDS)] : 0);
        }
        out.append(']');
    }
}
