package dev.reverbj.protocol;

/** A valid channel name: at most 200 characters of {@code A-Za-z0-9_-=@,.;} (Pusher's set). */
public record ChannelName(String value) {
    public static final int MAX_LENGTH = 200;

    public ChannelName {
        String problem = problem(value);
        if (problem != null) {
            throw new PusherException(PusherError.INVALID_MESSAGE, problem);
        }
    }

    public static ChannelName of(String raw) {
        return new ChannelName(raw);
    }

    /** Why {@code raw} is not a channel name, or null when it is one. */
    public static String problem(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "Channel name is missing";
        }
        if (raw.length() > MAX_LENGTH) {
            return "Channel name is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_-=@,.;".indexOf(c) >= 0;
            if (!ok) {
                return "Invalid channel name: only A-Za-z0-9_-=@,.; are allowed";
            }
        }
        return null;
    }

    public ChannelKind kind() {
        return ChannelKind.of(value);
    }

    public boolean isPresence() {
        return kind().presence();
    }

    public boolean isCache() {
        return kind().cache();
    }

    public boolean isSigned() {
        return kind().signed();
    }

    @Override
    public String toString() {
        return value;
    }
}
