package dev.reverbj.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 */
abstract sealed class SocketOutbox permits SocketConnection {
    // Unnamed: a counter-based name costs ~2% of a 10,000-subscriber fan-out (bench/RESULTS.md profile).
    private static final ThreadFactory WRITERS = Thread.ofVirtual().factory();
    /** Most bytes joined into one write when several frames wait. */
    private static final int BATCH_BYTES = 64 * 1024;

    private final DataWriter out;
    private final long limitBytes;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
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
        if (queuedBytes.addAndGet(frame.wire().length) > limitBytes) {
            return false;
        }
        queue.add(frame);
        startWriter();
        return true;
    }

    /** Queues a control frame behind the frames already queued and starts the writer if none runs. */
    final void enqueue(ControlFrame control) {
        queue.add(control);
        startWriter();
    }

    /** Drops every frame not yet written (and their byte count when {@code resetBytes}). */
    final void dropQueued(boolean resetBytes) {
        queue.clear();
        if (resetBytes) {
            queuedBytes.set(0);
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
                    if (isTerminated()) {
                        return;
                    }
                    if (item instanceof Frame frame) {
                        item = writeFrom(frame);
                        continue;
                    }
                    ControlFrame control = (ControlFrame) item;
                    if (control.isClose()) {
                        closeFrameWriting(control);
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
            writeFailed(e);
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
}
