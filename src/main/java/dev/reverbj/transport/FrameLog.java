package dev.reverbj.transport;

import dev.reverbj.protocol.SocketId;

/**
 * The {@code --debug} frame log: one line per frame in or out, naming app, socket and direction.
 * Off, it costs one boolean test per frame.
 */
public final class FrameLog {
    private static final System.Logger LOG = System.getLogger("dev.reverbj.frames");
    private final boolean enabled;

    public FrameLog(boolean enabled) {
        this.enabled = enabled;
    }

    void inbound(String appId, SocketId socket, String frame) {
        if (enabled) {
            LOG.log(System.Logger.Level.INFO, "app={0} socket={1} in  {2}", appId, socket, frame);
        }
    }

    void outbound(String appId, SocketId socket, String frame) {
        if (enabled) {
            LOG.log(System.Logger.Level.INFO, "app={0} socket={1} out {2}", appId, socket, frame);
        }
    }

    void closing(String appId, SocketId socket, int code, String reason) {
        if (enabled) {
            LOG.log(System.Logger.Level.INFO, "app={0} socket={1} out close {2} {3}", appId, socket, code, reason);
        }
    }
}
