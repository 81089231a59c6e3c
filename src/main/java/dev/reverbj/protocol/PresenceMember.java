package dev.reverbj.protocol;

/** A presence channel member as a client declared it in {@code channel_data}; {@code userInfo} is JSON text. */
public record PresenceMember(String userId, String userInfo) {
}
