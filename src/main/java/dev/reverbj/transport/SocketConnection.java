package dev.reverbj.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.reverbj.protocol.Clock;
import dev.reverbj.protocol.Connection;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.RepeatedWarnings;
import dev.reverbj.protocol.SocketId;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsSession;

/**
 * A {@link Connection} on a Helidon {@link WsSession}. Frames go into an unbounded-in-count but
 * byte-bounded queue; a writer virtual thread, started only while there is something to write, drains it.
 * {@code WsSession.send} blocks once the client stops reading (HELIDON-NOTES.md), so nothing but the
 * writer ever calls it. When the queue holds more than {@code limitBytes} the client is a slow consumer:
 * the queue is dropped and the socket is closed with 4100; if the close cannot be written in time the
 * writer and reader threads are interrupted, which closes the socket.
 */
final class SocketConnection implements Connection {
    // Unnamed: a counter-based name costs ~2% of a 10,000-subscriber fan-out (bench/RESULTS.md profile).
    private static final ThreadFactory WRITERS = Thread.ofVirtual().factory();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ws-close-timer").factory());
    /** How long a closing socket may take to finish its close handshake before it is cut. */
    static final long CLOSE_GRACE_MILLIS = 5_000;

    private sealed interface Out {
    }

    private record Text(Frame frame) implements Out {
    }

    private record Ping() implements Out {
    }

    private record Pong(byte[] payload) implements Out {
    }

    private record Close(int code, String reason) implements Out {
    }

    private final WsSession ws;
    private final SocketId socketId;
    private final long limitBytes;
    private final FrameLog frameLog;
    private final Observer observer;
    private final RepeatedWarnings warnings;
    private final ConcurrentLinkedQueue<Out> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile Thread writer;
    private volatile Runnable onGone = () -> { };
    private volatile String appId = "?";

    SocketConnection(WsSession ws, SocketId socketId, long limitBytes, FrameLog frameLog) {
        this(ws, socketId, limitBytes, frameLog, Observer.NONE, RepeatedWarnings.toLog(Clock.SYSTEM));
    }

    /**
     * @param observer told of every text frame written (the app's metrics and server events)
     * @param warnings the node's summariser for slow consumers and failed writes
     */
    SocketConnection(WsSession ws, SocketId socketId, long limitBytes, FrameLog frameLog, Observer observer,
                     RepeatedWarnings warnings) {
        this.ws = ws;
        this.socketId = socketId;
        this.limitBytes = limitBytes;
        this.frameLog = frameLog;
        this.observer = observer;
        this.warnings = warnings;
    }

    /** What to run once when the socket is gone for any reason. */
    void onGone(String appId, Runnable action) {
        this.appId = appId;
        this.onGone = action;
    }

    @Override
    public SocketId socketId() {
        return socketId;
    }

    @Override
    public void send(Frame frame) {
        if (closing.get()) {
            return;
        }
        if (queuedBytes.addAndGet(frame.bytes()) > limitBytes) {
            overCapacity();
            return;
        }
        queue.add(new Text(frame));
        startWriter();
    }

    @Override
    public void ping() {
        if (!closing.get()) {
            queue.add(new Ping());
            startWriter();
        }
    }

    void pong(byte[] payload) {
        if (!closing.get()) {
            queue.add(new Pong(payload));
            startWriter();
        }
    }

    @Override
    public void close(PusherError reason) {
        if (closing.compareAndSet(false, true)) {
            queue.add(new Close(reason.code(), reason.message()));
            startWriter();
            TIMER.schedule(this::terminate, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void overCapacity() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        warnings.warn("slow consumers", "app=" + appId + " socket=" + socketId + ": over " + limitBytes
                + " bytes queued, closed with 4100");
        // Frames not yet written are dropped: the client reconnects and resynchronises anyway.
        queue.clear();
        queuedBytes.set(0);
        queue.add(new Close(PusherError.OVER_CAPACITY.code(), PusherError.OVER_CAPACITY.message()));
        startWriter();
        TIMER.schedule(this::terminate, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void startWriter() {
        if (draining.compareAndSet(false, true)) {
            WRITERS.newThread(this::drain).start();
        }
    }

    private void drain() {
        writer = Thread.currentThread();
        try {
            while (true) {
                Out out;
                while ((out = queue.poll()) != null) {
                    if (terminated.get()) {
                        return;
                    }
                    write(out);
                    if (out instanceof Close) {
                        // Nothing may follow a close frame; draining stays set so no writer starts again.
                        queue.clear();
                        return;
                    }
                }
                draining.set(false);
                // A producer may have added after the last poll but seen draining still set.
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The socket is broken (reset, closed under us, interrupted): treat it as a disconnect.
            warnings.report(System.Logger.Level.DEBUG, "failed writes", "app=" + appId + " socket=" + socketId + ": " + e);
            terminate();
        } finally {
            writer = null;
        }
    }

    private void write(Out out) {
        switch (out) {
            case Text t -> {
                queuedBytes.addAndGet(-t.frame().bytes());
                frameLog.outbound(appId, socketId, t.frame().text());
                ws.send(t.frame().text(), true);
                observer.sent(socketId, t.frame());
            }
            case Ping p -> ws.ping(BufferData.empty());
            case Pong p -> ws.pong(BufferData.create(p.payload()));
            case Close c -> {
                frameLog.closing(appId, socketId, c.code(), c.reason());
                ws.close(c.code(), c.reason());
            }
        }
    }

    /** The client answered our close, or closed first: stop writing and forget the socket. */
    void closedByPeer() {
        closing.set(true);
        if (terminated.compareAndSet(false, true)) {
            queue.clear();
            onGone.run();
        }
    }

    /** Cuts the socket: interrupting a virtual thread blocked on a socket closes that socket. */
    void terminate() {
        closing.set(true);
        if (!terminated.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
        if (ws instanceof ServerConnection server) {
            server.close(true);
        }
        onGone.run();
    }
}
