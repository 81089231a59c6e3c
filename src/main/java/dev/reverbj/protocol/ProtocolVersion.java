package dev.reverbj.protocol;

/**
 * The Pusher protocol versions this server speaks, as a client names them in the {@code protocol} query
 * parameter (SPEC.md section 9). pusher-js sends 7; the Pusher Java and Android clients send 5; 6 differs from
 * 7 in nothing a server sees. A client that sends no version is taken to speak 7.
 */
public final class ProtocolVersion {
    public static final int OLDEST = 5;
    public static final int NEWEST = 7;

    private ProtocolVersion() {
    }

    /** @param raw the {@code protocol} query parameter, or null when the client sent none */
    public static boolean supported(String raw) {
        if (raw == null) {
            return true;
        }
        String digits = raw.strip();
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int version = Integer.parseInt(digits);
        return version >= OLDEST && version <= NEWEST;
    }
}
