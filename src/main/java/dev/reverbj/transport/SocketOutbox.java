package dev.reverbj.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadFactory;

import dev.reverbj.protocol.Frame;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * A socket's byte-counted queue of outgoing frames and the writer virtual thread that drains it (started only while
 * there is something to write) through the socket's {@link DataWriter}. Data frames are queued as the shared
 * {@link Frame} itself and written as its {@code wire} bytes, so a broadcast costs each recipient one queue node: a
 * lone waiting frame is written as it is, several waiting frames are joined into one write of up to
 * {@link #BATCH_BYTES}. Nothing is written after a close frame.
 *
 * <p>Threads: any thread may enqueue. At most one writer thread exists at a time (the {@code draining} flag), and
 * only it writes, because a write blocks once the client stops reading. The hooks are called on the writer thread.
 * This is the base of {@link SocketConnection} only (a subclass, not a field, so a socket costs no extra object and a
 * frame no extra call).
 *
 * <p>A fan-out touches every recipient's outbox once, from one thread, so what it touches is kept in this one object:
 * the queue is a stack of {@link Pending} nodes whose head, byte count and writer flag are fields here (set through
 * {@link VarHandle}s), not a {@code ConcurrentLinkedQueue} and atomics of their own. The writer takes the whole stack
 * at once and reverses it, which restores the order frames were queued in. (Measured in bench/RESULTS.md: a queue and
 * three atomics per socket were the fan-out's most sampled code, mostly cache misses on their separate objects.)
 */
abstract sealed class SocketOutbox permits SocketConnection {
    // Unnamed: a counter-based name costs ~2% of a 10,000-subscriber fan-out (bench/RESULTS.md profile).
    private static final ThreadFactory WRITERS = Thread.ofVirtual().factory();
    /** Most bytes joined into one write when several frames wait. */
    private static final int BATCH_BYTES = 64 * 1024;
    private static final VarHandle HEAD;
    private static final VarHandle QUEUED_BYTES;
    private static final VarHandle DRAINING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SocketOutbox.class, "head", Pending.class);
            QUEUED_BYTES = lookup.findVarHandle(SocketOutbox.class, "queuedBytes", long.class);
            DRAINING = lookup.findVarHandle(SocketOutbox.class, "draining", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One queued frame ({@link Frame} or {@link ControlFrame}); {@code next} is the one queued before it. */
    private static final class Pending {
        final Object item;
        Pending next;

        Pending(Object item, Pending next) {
            this.item = item;
            this.next = next;
        }
    }

    private final DataWriter out;
    private final long limitBytes;
    /** The frame queued last, or null; only the writer takes from here, all at once. */
    @SuppressWarnings("unused") // through HEAD
    private volatile Pending head;
    @SuppressWarnings("unused") // through QUEUED_BYTES
    private volatile long queuedBytes;
    @SuppressWarnings("unused") // through DRAINING
    private volatile boolean draining;
    /**
     * The writer thread; written only by the thread holding {@code draining}. A writer that stops for good (socket
     * cut, close frame written, write failed) leaves itself here, finished: interrupting it then does nothing.
     */
    private volatile Thread writer;

    SocketOutbox(DataWriter out, long limitBytes) {
        this.out = out;
        this.limitBytes = limitBytes;
    }

    /** The byte bound of frames waiting to be written. */
    final long limitBytes() {
        return limitBytes;
    }

    /**
     * Queues a data frame and starts the writer if none runs.
     *
     * @return false, queuing nothing, when the waiting frames would exceed {@link #limitBytes()}
     */
    final boolean enqueue(Frame frame) {
        if (!reserve(frame.wire().length)) {
            return false;
        }
        push(frame);
        startWriter();
        return true;
    }

    /**
     * Queues a control frame behind the frames already queued and starts the writer if none runs. A ping or pong
     * counts against {@link #limitBytes()} like a data frame (a client that pings and never reads is a slow
     * consumer too); a close frame is always queued.
     *
     * @return false, queuing nothing, when the waiting frames would exceed {@link #limitBytes()}
     */
    final boolean enqueue(ControlFrame control) {
        if (!control.isClose() && !reserve(control.wire().length)) {
            return false;
        }
        push(control);
        startWriter();
        return true;
    }

    /** Counts {@code length} more bytes waiting; false when that exceeds the limit (the socket is then closed). */
    private boolean reserve(int length) {
        return (long) QUEUED_BYTES.getAndAdd(this, (long) length) + length <= limitBytes;
    }

    /** Drops every frame not yet written (and their byte count when {@code resetBytes}). */
    final void dropQueued(boolean resetBytes) {
        HEAD.setVolatile(this, (Pending) null);
        if (resetBytes) {
            QUEUED_BYTES.setVolatile(this, 0L);
        }
    }

    /** Interrupts the writer thread, if one runs: interrupting a virtual thread blocked on a socket closes it. */
    final void interruptWriter() {
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
    }

    /** True once the socket is cut: the writer stops before its next frame. */
    abstract boolean isTerminated();

    /** A data frame is on the wire. */
    abstract void written(Frame frame);

    /** A close frame is about to be written. */
    abstract void closeFrameWriting(ControlFrame close);

    /** The close frame is on the wire; nothing more will be written. */
    abstract void closeFrameWritten();

    /** A write failed: the socket is broken (reset, closed under us, interrupted). */
    abstract void writeFailed(RuntimeException e);

    private void push(Object item) {
        Pending node = new Pending(item, null);
        Pending top;
        do {
            top = (Pending) HEAD.getVolatile(this);
            node.next = top;
        } while (!HEAD.compareAndSet(this, top, node));
    }

    /** Everything queued so far, oldest first, or null; the queue is empty afterwards. */
    private Pending takeAll() {
        Pending newest = (Pending) HEAD.getAndSet(this, (Pending) null);
        Pending oldest = null;
        while (newest != null) {
            Pending next = newest.next;
            newest.next = oldest;
            oldest = newest;
            newest = next;
        }
        return oldest;
    }

    private void startWriter() {
        if (DRAINING.compareAndSet(this, false, true)) {
            WRITERS.newThread(this::drain).start();
        }
    }

    private void drain() {
        writer = Thread.currentThread();
        try {
            while (true) {
                Pending pending = takeAll();
                while (pending != null) {
                    if (isTerminated()) {
                        return;
                    }
                    if (pending.item instanceof Frame) {
                        pending = writeFrom(pending);
                        continue;
                    }
                    ControlFrame control = (ControlFrame) pending.item;
                    if (control.isClose()) {
                        closeFrameWriting(control);
                    } else {
                        QUEUED_BYTES.getAndAdd(this, (long) -control.wire().length);
                    }
                    out.writeNow(BufferData.create(control.wire()));
                    if (control.isClose()) {
                        // Nothing may follow a close frame; draining stays set so no writer starts again.
                        dropQueued(false);
                        closeFrameWritten();
                        return;
                    }
                    pending = pending.next;
                }
                // Cleared before draining is let go: once it is, a new writer may set its own thread here.
                writer = null;
                DRAINING.setVolatile(this, false);
                // A producer may have pushed after takeAll but seen draining still set.
                if (HEAD.getVolatile(this) == null || !DRAINING.compareAndSet(this, false, true)) {
                    return;
                }
                writer = Thread.currentThread();
            }
        } catch (RuntimeException e) {
            writeFailed(e);
        }
    }

    /**
     * Writes the data frame {@code first} holds and the data frames queued right behind it, joined into one write up
     * to {@link #BATCH_BYTES}.
     *
     * @return the first node not written (a control frame, or a frame beyond the batch), or null
     */
    private Pending writeFrom(Pending first) {
        int size = 0;
        int count = 0;
        Pending end = first;
        while (end != null && end.item instanceof Frame frame && (count == 0 || size < BATCH_BYTES)) {
            size += frame.wire().length;
            count++;
            end = end.next;
        }
        QUEUED_BYTES.getAndAdd(this, (long) -size);
        if (count == 1) {
            out.writeNow(BufferData.create(((Frame) first.item).wire()));
        } else {
            byte[] joined = new byte[size];
            int at = 0;
            for (Pending p = first; p != end; p = p.next) {
                byte[] wire = ((Frame) p.item).wire();
                System.arraycopy(wire, 0, joined, at, wire.length);
                at += wire.length;
            }
            out.writeNow(BufferData.create(joined));
        }
        for (Pending p = first; p != end; p = p.next) {
            written((Frame) p.item);
        }
        return end;
    }
}
