package dev.reverbj.protocol;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A connection's id: two random positive integers joined by a dot, as Pusher issues them. */
public record SocketId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("\\d{1,19}\\.\\d{1,19}");

    public SocketId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("socket_id must look like 1234.5678");
        }
    }

    public static SocketId random() {
        return new SocketId(RANDOM.nextInt(1, Integer.MAX_VALUE) + "." + RANDOM.nextInt(1, Integer.MAX_VALUE));
    }

    /** Parses a client-supplied id; null when it is not of the socket id format. */
    public static SocketId parseOrNull(String raw) {
        return raw != null && FORMAT.matcher(raw).matches() ? new SocketId(raw) : null;
    }

    @Override
    public String toString() {
        return value;
    }
}
