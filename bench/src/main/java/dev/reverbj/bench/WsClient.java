package dev.reverbj.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal WebSocket client over java.nio: one selector thread ({@link Loop}) owns many connections.
 * java.net.http.WebSocket costs tens of KB and a few objects per socket plus a shared selector thread that
 * becomes the bottleneck at 10k sockets; this costs ~1 KB per idle socket, and every connection's state is
 * touched only by its loop thread (handlers run there, {@link Conn#sendText} must be called there or via
 * {@link Loop#execute}).
 */
final class WsClient {
    private WsClient() {
    }

    /** Callbacks, run on the connection's loop thread. */
    interface Handler {
        void onOpen(Conn c);

        /** A complete text message; {@code buf[off, off+len)} is valid only during the call. */
        void onText(Conn c, byte[] buf, int off, int len);

        void onClosed(Conn c, String reason);
    }

    static final class Conn {
        final int index;
        final Loop loop;
        final Handler handler;
        final String request;
        SocketChannel ch;
        SelectionKey key;
        boolean open;
        /** Set by the handler once the connection is ready for use (e.g. subscribed); ends the handshake timer. */
        boolean settled;
        boolean closed;
        long startedNanos;
        byte[] pending;
        byte[] fragments;
        int fragmentsLen;
        ArrayDeque<ByteBuffer> out;
        /** Free for the handler (socket id, role state ...). */
        String socketId;
        Object attachment;

        Conn(int index, Loop loop, Handler handler, String request) {
            this.index = index;
            this.loop = loop;
            this.handler = handler;
            this.request = request;
        }

        /** Sends one masked text frame. Loop thread only. */
        void sendText(String text) {
            if (closed) {
                return;
            }
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            int n = payload.length;
            int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
            ByteBuffer b = ByteBuffer.allocate(header + 4 + n);
            b.put((byte) 0x81);
            if (n < 126) {
                b.put((byte) (0x80 | n));
            } else if (n < 65536) {
                b.put((byte) (0x80 | 126)).putShort((short) n);
            } else {
                b.put((byte) (0x80 | 127)).putLong(n);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            b.putInt(mask);
            byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
            for (int i = 0; i < n; i++) {
                b.put((byte) (payload[i] ^ m[i & 3]));
            }
            b.flip();
            write(b);
        }

        void sendControl(int opcode, byte[] payload) {
            ByteBuffer b = ByteBuffer.allocate(6 + payload.length);
            b.put((byte) (0x80 | opcode)).put((byte) (0x80 | payload.length)).putInt(0).put(payload).flip();
            write(b);
        }

        void write(ByteBuffer b) {
            if (out != null && !out.isEmpty()) {
                out.add(b);
                return;
            }
            try {
                ch.write(b);
            } catch (IOException e) {
                loop.fail(this, "write: " + e.getMessage());
                return;
            }
            if (b.hasRemaining()) {
                if (out == null) {
                    out = new ArrayDeque<>();
                }
                out.add(b);
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void close() {
            loop.fail(this, null);
        }
    }

    /** One selector thread. */
    static final class Loop implements Runnable {
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private ByteBuffer readBuf = ByteBuffer.allocate(1 << 18);
        private final Thread thread;
        private volatile boolean running = true;
        private final ArrayDeque<Conn> connecting = new ArrayDeque<>();
        final long handshakeTimeoutNanos;

        Loop(String name, long handshakeTimeoutMillis) throws IOException {
            this.selector = Selector.open();
            this.handshakeTimeoutNanos = handshakeTimeoutMillis * 1_000_000L;
            this.thread = Thread.ofPlatform().name(name).daemon().start(this);
        }

        void execute(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        /** Starts a connection (any thread). */
        Conn connect(int index, InetSocketAddress local, InetSocketAddress remote, String path, Handler handler) {
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + remote.getHostString() + ":" + remote.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            Conn c = new Conn(index, this, handler, request);
            execute(() -> {
                c.startedNanos = System.nanoTime();
                try {
                    c.ch = SocketChannel.open();
                    c.ch.configureBlocking(false);
                    c.ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    if (local != null) {
                        c.ch.bind(local);
                    }
                    c.key = c.ch.register(selector, SelectionKey.OP_CONNECT, c);
                    connecting.add(c);
                    if (c.ch.connect(remote)) {
                        connected(c);
                    }
                } catch (IOException e) {
                    fail(c, "connect: " + e.getMessage());
                }
            });
            return c;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    selector.select(100);
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        task.run();
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        if (!k.isValid()) {
                            continue;
                        }
                        try {
                            if (k.isConnectable()) {
                                if (c.ch.finishConnect()) {
                                    connected(c);
                                }
                                continue;
                            }
                            if (k.isWritable()) {
                                flush(c);
                            }
                            if (k.isValid() && k.isReadable()) {
                                read(c);
                            }
                        } catch (IOException e) {
                            fail(c, e.getMessage() == null ? e.toString() : e.getMessage());
                        }
                    }
                    expireHandshakes();
                } catch (RuntimeException | IOException e) {
                    System.err.println("loop error: " + e);
                    e.printStackTrace();
                }
            }
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private void expireHandshakes() {
            long now = System.nanoTime();
            while (!connecting.isEmpty()) {
                Conn c = connecting.peek();
                if (c.settled || c.closed) {
                    connecting.poll();
                } else if (now - c.startedNanos > handshakeTimeoutNanos) {
                    connecting.poll();
                    fail(c, c.open ? "no connection_established/subscription_succeeded in time" : "handshake timeout");
                } else {
                    break;
                }
            }
        }

        private void connected(Conn c) throws IOException {
            c.key.interestOps(SelectionKey.OP_READ);
            c.write(ByteBuffer.wrap(c.request.getBytes(StandardCharsets.US_ASCII)));
        }

        private void flush(Conn c) throws IOException {
            while (c.out != null && !c.out.isEmpty()) {
                ByteBuffer b = c.out.peek();
                c.ch.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                c.out.poll();
            }
            c.key.interestOps(SelectionKey.OP_READ);
        }

        void fail(Conn c, String reason) {
            if (c.closed) {
                return;
            }
            c.closed = true;
            try {
                if (c.ch != null) {
                    c.ch.close();
                }
            } catch (IOException ignored) {
                // nothing to do
            }
            c.handler.onClosed(c, reason);
        }

        private void read(Conn c) throws IOException {
            for (int rounds = 0; rounds < 16; rounds++) {
                ByteBuffer buf = readBuf;
                buf.clear();
                if (c.pending != null) {
                    if (c.pending.length > buf.capacity() / 2) {
                        readBuf = ByteBuffer.allocate(Integer.highestOneBit(c.pending.length) * 4);
                        buf = readBuf;
                    }
                    buf.put(c.pending);
                    c.pending = null;
                }
                int n = c.ch.read(buf);
                if (n < 0) {
                    fail(c, "closed by server");
                    return;
                }
                int end = buf.position();
                int used = c.open ? frames(c, buf.array(), 0, end) : handshake(c, buf.array(), end);
                if (c.closed) {
                    return;
                }
                if (used < end) {
                    c.pending = java.util.Arrays.copyOfRange(buf.array(), used, end);
                }
                if (n == 0 || end < buf.capacity()) {
                    return;
                }
            }
        }

        private int handshake(Conn c, byte[] a, int end) {
            for (int i = 3; i < end; i++) {
                if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                    String status = new String(a, 0, Math.min(end, 16), StandardCharsets.US_ASCII);
                    if (!status.startsWith("HTTP/1.1 101")) {
                        String line = new String(a, 0, i, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
                        fail(c, "upgrade refused: " + line);
                        return end;
                    }
                    c.open = true;
                    c.handler.onOpen(c);
                    return c.closed ? end : i + 1 + frames(c, a, i + 1, end);
                }
            }
            if (end > 8192) {
                fail(c, "handshake response too long");
            }
            return 0;
        }

        /** Parses whole frames in a[off,end); returns bytes consumed relative to off. */
        private int frames(Conn c, byte[] a, int off, int end) {
            int p = off;
            while (end - p >= 2 && !c.closed) {
                int b0 = a[p] & 0xff;
                int b1 = a[p + 1] & 0xff;
                boolean masked = (b1 & 0x80) != 0;
                long len = b1 & 0x7f;
                int h = 2;
                if (len == 126) {
                    if (end - p < 4) {
                        break;
                    }
                    len = ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
                    h = 4;
                } else if (len == 127) {
                    if (end - p < 10) {
                        break;
                    }
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | (a[p + 2 + i] & 0xff);
                    }
                    h = 10;
                }
                int maskAt = p + h;
                if (masked) {
                    h += 4;
                }
                if (end - p < h + len) {
                    break;
                }
                int start = p + h;
                int n = (int) len;
                if (masked) {
                    for (int i = 0; i < n; i++) {
                        a[start + i] ^= a[maskAt + (i & 3)];
                    }
                }
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0f;
                switch (opcode) {
                    case 1, 0 -> {
                        if (fin && c.fragments == null) {
                            c.handler.onText(c, a, start, n);
                        } else {
                            if (c.fragments == null) {
                                c.fragments = new byte[Math.max(1024, n * 2)];
                                c.fragmentsLen = 0;
                            }
                            if (c.fragmentsLen + n > c.fragments.length) {
                                c.fragments = java.util.Arrays.copyOf(c.fragments, (c.fragmentsLen + n) * 2);
                            }
                            System.arraycopy(a, start, c.fragments, c.fragmentsLen, n);
                            c.fragmentsLen += n;
                            if (fin) {
                                byte[] whole = c.fragments;
                                c.fragments = null;
                                c.handler.onText(c, whole, 0, c.fragmentsLen);
                            }
                        }
                    }
                    case 8 -> {
                        int code = n >= 2 ? ((a[start] & 0xff) << 8) | (a[start + 1] & 0xff) : 1005;
                        String reason = n > 2 ? new String(a, start + 2, n - 2, StandardCharsets.UTF_8) : "";
                        fail(c, "close " + code + " " + reason);
                    }
                    case 9 -> c.sendControl(10, java.util.Arrays.copyOfRange(a, start, start + n));
                    default -> {
                        // pong or binary: ignored
                    }
                }
                p = start + n;
            }
            return p - off;
        }
    }

    /** Finds {@code #T<micros>#} in a frame: the send time stamped by the publisher. -1 when absent. */
    static long stamp(byte[] a, int off, int len) {
        int end = off + len - 2;
        for (int i = off; i < end; i++) {
            if (a[i] == '#' && a[i + 1] == 'T') {
                long v = 0;
                for (int j = i + 2; j < off + len; j++) {
                    int d = a[j] - '0';
                    if (d < 0 || d > 9) {
                        return v;
                    }
                    v = v * 10 + d;
                }
                return v;
            }
        }
        return -1;
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
