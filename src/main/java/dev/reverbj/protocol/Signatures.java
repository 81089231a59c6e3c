package dev.reverbj.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures of channel auth and of API requests, compared in constant time. */
public final class Signatures {
    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {
    }

    public static String hmacSha256Hex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static String md5Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    /** Constant-time comparison; null never matches. */
    public static boolean matches(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code auth} value a client must send to subscribe (SPEC.md section 3). */
    public static String channelAuth(String key, String secret, SocketId socketId, ChannelName channel, String channelData) {
        String toSign = socketId.value() + ":" + channel.value() + (channelData == null ? "" : ":" + channelData);
        return key + ":" + hmacSha256Hex(secret, toSign);
    }
}
