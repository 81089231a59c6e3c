package dev.reverbj.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.reverbj.protocol.Connection;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.RepeatedWarnings;
import dev.reverbj.protocol.SocketId;

import io.helidon.common.buffers.DataWriter;

/**
 * The outbound half of one WebSocket as the protocol sees it: a {@link Connection} whose frames go through its
 * {@link SocketOutbox} (the queue, its writer thread, the joined writes), plus the close handshake and the end of
 * the socket. When the queue holds more than {@code limitBytes} the client is a slow consumer: the queue is dropped
 * and the socket is closed with 4100; if the close cannot be written in time the writer and reader threads are
 * interrupted, which closes the socket. Only the first close is sent, and nothing is written after it.
 *
 * <p>Threads: {@link #send}, {@link #ping} and the closes are safe from any thread; {@link #awaitCloseWritten} runs
 * on the reader thread; {@link #terminate} and {@link #gone} from any thread ({@code onGone} must be idempotent).
 */
final class SocketConnection extends SocketOutbox implements Connection {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ws-close-timer").factory());
    /** How long a closing socket may take to finish its close handshake before it is cut. */
    static final long CLOSE_GRACE_MILLIS = 5_000;
    // Flags of their own would be an object each, per socket, and one more cache miss per delivery (SocketOutbox).
    private static final VarHandle CLOSING;
    private static final VarHandle TERMINATED;
    private static final VarHandle CLOSE_CODE;
    private static final VarHandle CLOSE_REPORTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSING = lookup.findVarHandle(SocketConnection.class, "closing", boolean.class);
            TERMINATED = lookup.findVarHandle(SocketConnection.class, "terminated", boolean.class);
            CLOSE_CODE = lookup.findVarHandle(SocketConnection.class, "closeCode", int.class);
            CLOSE_REPORTED = lookup.findVarHandle(SocketConnection.class, "closeReported", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SocketId socketId;
    private final FrameLog frameLog;
    private final Observer observer;
    private final RepeatedWarnings warnings;
    private volatile boolean closing;
    private volatile boolean terminated;
    private volatile boolean closeQueued;
    private volatile boolean closeWritten;
    private volatile Thread reader;
    private volatile Runnable onGone = () -> { };
    /** The app's id, or "?" for an unknown key: known before the first frame, so every log line names it. */
    private final String appId;
    /** The close code of whoever closed first; 0 while open (the observer is told 1006 if it stays 0). */
    private volatile int closeCode;
    @SuppressWarnings("unused") // through CLOSE_REPORTED
    private volatile boolean closeReported;

    /**
     * @param observer told of every text frame written (the app's metrics and server events)
     * @param warnings the node's summariser for slow consumers and failed writes
     */
    SocketConnection(DataWriter out, String appId, SocketId socketId, long limitBytes, FrameLog frameLog,
                     Observer observer, RepeatedWarnings warnings) {
        super(out, limitBytes);
        this.appId = appId;
        this.socketId = socketId;
        this.frameLog = frameLog;
        this.observer = observer;
        this.warnings = warnings;
    }

    /** What to run once when the socket is gone for any reason. */
    void onGone(Runnable action) {
        this.onGone = () -> {
            if (CLOSE_REPORTED.compareAndSet(this, false, true)) {
                int code = closeCode;
                observer.closedWith(code == 0 ? CloseCodes.ABNORMAL : code);
            }
            action.run();
        };
    }

    /** Records how the socket ends ({@link Observer#closedWith}), unless an earlier close already did. */
    void closedBy(int code) {
        CLOSE_CODE.compareAndSet(this, 0, code);
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
        if (closing) {
            return;
        }
        if (!enqueue(frame)) {
            overCapacity();
        }
    }

    @Override
    public void ping() {
        control(ControlFrame.PING);
    }

    void pong(byte[] payload) {
        control(ControlFrame.pong(payload));
    }

    private void control(ControlFrame control) {
        if (!closing && !enqueue(control)) {
            overCapacity();
        }
    }

    @Override
    public void close(PusherError reason) {
        close(reason.code(), reason.message());
    }

    /** Queues a close frame after the frames already queued; the socket is cut if the handshake takes too long. */
    void close(int code, String reason) {
        closeWithin(code, reason, false);
    }

    private void closeWithin(int code, String reason, boolean dropQueued) {
        if (closeWith(code, reason, dropQueued)) {
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
        if (!CLOSING.compareAndSet(this, false, true)) {
            return false;
        }
        if (dropQueued) {
            dropQueued(true);
        }
        closeQueued = true;
        closedBy(code);
        enqueue(ControlFrame.close(code, reason));
        return true;
    }

    boolean isClosing() {
        return closing;
    }

    private void overCapacity() {
        warnings.warn("slow consumers", "app=" + appId + " socket=" + socketId + ": over " + limitBytes()
                + " bytes queued, closed with 4100");
        // Frames not yet written are dropped: the client reconnects and resynchronises anyway.
        closeWithin(PusherError.OVER_CAPACITY.code(), PusherError.OVER_CAPACITY.message(), true);
    }

    @Override
    boolean isTerminated() {
        return terminated;
    }

    @Override
    void written(Frame frame) {
        frameLog.outbound(appId, socketId, frame.text());
        observer.sent(socketId, frame);
    }

    @Override
    void closeFrameWriting(ControlFrame close) {
        frameLog.closing(appId, socketId, close.closeCode(), close.reason());
    }

    @Override
    void writeFailed(RuntimeException e) {
        // The socket is broken (reset, closed under us, interrupted): treat it as a disconnect.
        warnings.report(System.Logger.Level.DEBUG, "failed writes", "app=" + appId + " socket=" + socketId + ": " + e);
        terminate();
    }

    @Override
    void closeFrameWritten() {
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
            while (!closeWritten && !terminated) {
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
        closing = true;
        if (!TERMINATED.compareAndSet(this, false, true)) {
            return;
        }
        dropQueued(false);
        synchronized (this) {
            notifyAll();
        }
        interruptWriter();
        Thread r = reader;
        if (r != null && r != Thread.currentThread()) {
            r.interrupt();
        }
        onGone.run();
    }
}
