package dev.reverbj.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reverbj.protocol.Connection;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.SocketId;

/** A {@link Connection} that records what the protocol sends, for tests without sockets. */
public final class RecordingConnection implements Connection {
    private final SocketId socketId = SocketId.random();
    public final List<String> frames = new CopyOnWriteArrayList<>();
    public volatile PusherError closedWith;
    public volatile int pings;

    @Override
    public SocketId socketId() {
        return socketId;
    }

    @Override
    public void send(Frame frame) {
        if (closedWith == null) {
            frames.add(frame.text());
        }
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(PusherError reason) {
        if (closedWith == null) {
            closedWith = reason;
        }
    }

    public String last() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }
}
