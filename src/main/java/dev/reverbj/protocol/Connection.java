package dev.reverbj.protocol;

/**
 * A client socket as the protocol sees it. Safe to call from any thread; never blocks: frames go to a
 * bounded outbound queue drained by the connection's own writer.
 */
public interface Connection {
    SocketId socketId();

    /** Queues one Pusher frame, already encoded. A full queue closes the connection with 4100. */
    void send(Frame frame);

    /** Queues a frame meant for this connection alone. */
    default void send(String frame) {
        send(Frame.of(frame));
    }

    /** Queues a WebSocket ping control frame (for clients that use control frames). */
    void ping();

    /** Closes the socket with the error's code, after the frames already queued. */
    void close(PusherError reason);
}
