package dev.reverbj.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.reverbj.protocol.Connection;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.RepeatedWarnings;
import dev.reverbj.protocol.SocketId;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * The outbound half of one WebSocket: a {@link Connection} whose frames go into a byte-bounded queue, drained by a
 * writer virtual thread (started only while there is something to write) through the socket's {@link DataWriter}.
 * Data frames are queued as the shared {@link Frame} itself and written as its {@code wire} bytes, so a broadcast
 * costs each recipient one queue node; several waiting frames go out in one write. Writing blocks once the client
 * stops reading, so nothing but the writer writes. When the queue holds more than {@code limitBytes} the client is a
 * slow consumer: the queue is dropped and the socket is closed with 4100; if the close cannot be written in time the
 * writer and reader threads are interrupted, which closes the socket. Nothing is written after a close frame.
 */
final class SocketConnection implements Connection {
    // Unnamed: a counter-based name costs ~2% of a 10,000-subscriber fan-out (bench/RESULTS.md profile).
    private static final ThreadFactory WRITERS = Thread.ofVirtual().factory();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ws-close-timer").factory());
    /** How long a closing socket may take to finish its close handshake before it is cut. */
    static final long CLOSE_GRACE_MILLIS = 5_000;
    /** Most bytes joined into one write when several frames wait. */
    private static final int BATCH_BYTES = 64 * 1024;

    private final DataWriter out;
    private final SocketId socketId;
    private final long limitBytes;
    private final FrameLog frameLog;
    private final Observer observer;
    private final RepeatedWarnings warnings;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile boolean closeQueued;
    private volatile boolean closeWritten;
    private volatile Thread writer;
    private volatile Thread reader;
    private volatile Runnable onGone = () -> { };
    private volatile String appId = "?";

    /**
     * @param observer told of every text frame written (the app's metrics and server events)
     * @param warnings the node's summariser for slow consumers and failed writes
     */
    SocketConnection(DataWriter out, SocketId socketId, long limitBytes, FrameLog frameLog, Observer observer,
                     RepeatedWarnings warnings) {
        this.out = out;
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

    /** The thread reading this socket: interrupted when the socket must be cut. */
    void readBy(Thread thread) {
        this.reader = thread;
    }

    String appId() {
        return appId;
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
        if (queuedBytes.addAndGet(frame.wire().length) > limitBytes) {
            overCapacity();
            return;
        }
        queue.add(frame);
        startWriter();
    }

    @Override
    public void ping() {
        control(ControlFrame.PING);
    }

    void pong(byte[] payload) {
        control(ControlFrame.pong(payload));
    }

    private void control(ControlFrame control) {
        if (!closing.get()) {
            queue.add(control);
            startWriter();
        }
    }

    @Override
    public void close(PusherError reason) {
        close(reason.code(), reason.message());
    }

    /** Queues a close frame after the frames already queued; the socket is cut if the handshake takes too long. */
    void close(int code, String reason) {
        if (closeWith(code, reason, false)) {
            TIMER.schedule(this::terminate, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Queues a close frame after the frames already queued ({@code dropQueued}: instead of them).
     *
     * @param code a close code, or {@link CloseCodes#NO_STATUS} for a close frame without a body
     * @return false when a close was queued before: only the first one is sent
     */
    boolean closeWith(int code, String reason, boolean dropQueued) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        if (dropQueued) {
            queue.clear();
            queuedBytes.set(0);
        }
        closeQueued = true;
        queue.add(ControlFrame.close(code, reason));
        startWriter();
        return true;
    }

    boolean isClosing() {
        return closing.get();
    }

    private void overCapacity() {
        warnings.warn("slow consumers", "app=" + appId + " socket=" + socketId + ": over " + limitBytes
                + " bytes queued, closed with 4100");
        // Frames not yet written are dropped: the client reconnects and resynchronises anyway.
        if (closeWith(PusherError.OVER_CAPACITY.code(), PusherError.OVER_CAPACITY.message(), true)) {
            TIMER.schedule(this::terminate, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
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
                Object item = queue.poll();
                while (item != null) {
                    if (terminated.get()) {
                        return;
                    }
                    if (item instanceof Frame frame) {
                        item = writeFrom(frame);
                        continue;
                    }
                    ControlFrame control = (ControlFrame) item;
                    if (control.isClose()) {
                        frameLog.closing(appId, socketId, control.closeCode(), control.reason());
                    }
                    out.writeNow(BufferData.create(control.wire()));
                    if (control.isClose()) {
                        // Nothing may follow a close frame; draining stays set so no writer starts again.
                        queue.clear();
                        closeFrameWritten();
                        return;
                    }
                    item = queue.poll();
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

    /**
     * Writes {@code first} and the data frames queued right behind it, joined into one write up to
     * {@link #BATCH_BYTES}.
     *
     * @return the next item already taken from the queue (a control frame), or null
     */
    private Object writeFrom(Frame first) {
        queuedBytes.addAndGet(-first.wire().length);
        Object next = queue.poll();
        if (!(next instanceof Frame second)) {
            out.writeNow(BufferData.create(first.wire()));
            written(first);
            return next;
        }
        queuedBytes.addAndGet(-second.wire().length);
        List<Frame> batch = new ArrayList<>();
        batch.add(first);
        batch.add(second);
        int size = first.wire().length + second.wire().length;
        next = null;
        while (size < BATCH_BYTES) {
            next = queue.poll();
            if (!(next instanceof Frame frame)) {
                break;
            }
            queuedBytes.addAndGet(-frame.wire().length);
            batch.add(frame);
            size += frame.wire().length;
            next = null;
        }
        byte[] joined = new byte[size];
        int at = 0;
        for (Frame frame : batch) {
            System.arraycopy(frame.wire(), 0, joined, at, frame.wire().length);
            at += frame.wire().length;
        }
        out.writeNow(BufferData.create(joined));
        for (Frame frame : batch) {
            written(frame);
        }
        return next;
    }

    private void written(Frame frame) {
        frameLog.outbound(appId, socketId, frame.text());
        observer.sent(socketId, frame);
    }

    private void closeFrameWritten() {
        synchronized (this) {
            closeWritten = true;
            notifyAll();
        }
    }

    /** Waits (on the reader thread) until the queued close frame is on the wire, the socket is cut, or time is up. */
    void awaitCloseWritten(long millis) {
        if (!closeQueued) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            while (!closeWritten && !terminated.get()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The socket is gone (the read loop ended): forget the session at once. */
    void gone() {
        onGone.run();
    }

    /** Cuts the socket: interrupting a virtual thread blocked on a socket closes that socket. */
    void terminate() {
        closing.set(true);
        if (!terminated.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        synchronized (this) {
            notifyAll();
        }
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
        Thread r = reader;
        if (r != null && r != Thread.currentThread()) {
            r.interrupt();
        }
        onGone.run();
    }
}
