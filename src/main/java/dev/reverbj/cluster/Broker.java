package dev.reverbj.cluster;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.SocketId;

/**
 * Carries events to every node that has subscribers. The WebSocket side (client events) and the HTTP API
 * publish only through here, so turning on scaling changes no caller.
 * Implementations must not block the caller on a slow node or socket.
 */
public interface Broker extends AutoCloseable {
    /**
     * Delivers an encoded frame to every subscriber of {@code channel}, on every node, except the socket
     * {@code except} (null for none). Cache channels keep it as their last event.
     */
    void publish(App app, ChannelName channel, String frame, SocketId except);

    @Override
    default void close() {
    }
}
