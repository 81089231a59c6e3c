package dev.reverbj.bench;

import java.util.Arrays;

/**
 * Latency histogram in microseconds, log-linear (about 1.6% resolution), mergeable across processes through
 * {@link #encode()} / {@link #decode}. Not thread-safe: one per loop thread, merged on snapshot.
 */
final class Histogram {
    private static final int SUB = 64;
    private static final int BUCKETS = SUB * 40;
    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long micros) {
        long v = Math.max(0, micros);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v) - 5; // v >> exp is in [32, 64)
        int i = exp * 32 + (int) (v >> exp);
        return Math.min(i, BUCKETS - 1);
    }

    private static long upper(int i) {
        if (i < SUB) {
            return i;
        }
        int exp = i / 32 - 1;
        long mant = i - exp * 32L;
        return ((mant + 1) << exp) - 1;
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** Upper bound of the bucket holding quantile q (0..1), in microseconds. */
    long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(upper(i), max);
            }
        }
        return max;
    }

    void add(Histogram o) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += o.counts[i];
        }
        total += o.total;
        max = Math.max(max, o.max);
    }

    void reset() {
        Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }

    /** Sparse "index:count,..." text (with max first) for the worker protocol. */
    String encode() {
        StringBuilder sb = new StringBuilder().append(max);
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                sb.append(',').append(i).append(':').append(counts[i]);
            }
        }
        return sb.toString();
    }

    static Histogram decode(String s) {
        Histogram h = new Histogram();
        String[] parts = s.split(",");
        h.max = Long.parseLong(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            int colon = parts[i].indexOf(':');
            long n = Long.parseLong(parts[i].substring(colon + 1));
            h.counts[Integer.parseInt(parts[i].substring(0, colon))] += n;
            h.total += n;
        }
        return h;
    }
}
