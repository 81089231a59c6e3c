package dev.reverbj.protocol;

import dev.reverbj.config.AppConfig;

/**
 * A presence channel member as a client declared it in {@code channel_data}; {@code userInfo} is JSON text.
 * Its limits count UTF-8 bytes, as they bound memory and frame sizes (SPEC.md section 3).
 */
public record PresenceMember(String userId, String userInfo) {

    /** A member as declared for {@code channel}; over a limit: 4200 naming the field and the channel. */
    public static PresenceMember declared(String userId, String userInfo, ChannelName channel) {
        if (Frame.utf8Length(userId) > AppConfig.MAX_USER_ID_LENGTH) {
            throw tooLarge("user_id", AppConfig.MAX_USER_ID_LENGTH, channel);
        }
        if (Frame.utf8Length(userInfo) > AppConfig.MAX_USER_INFO_BYTES) {
            throw tooLarge("user_info", AppConfig.MAX_USER_INFO_BYTES, channel);
        }
        return new PresenceMember(userId, userInfo);
    }

    private static PusherException tooLarge(String field, int limit, ChannelName channel) {
        return new PusherException(PusherError.INVALID_MESSAGE,
                PusherError.INVALID_MESSAGE.message() + ": " + field + " is larger than " + limit + " bytes", channel);
    }
}
