package dev.reverbj.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.protocol.SocketId;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A raw Pusher client on {@link java.net.http.WebSocket} that records every frame, for assertions on
 * exact JSON. Every wait has a timeout (5 s unless given).
 */
public final class WsClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final List<String> seen = new ArrayList<>();
    private final boolean manualDemand;
    private WebSocket socket;
    private String socketId;

    private WsClient(boolean manualDemand) {
        this.manualDemand = manualDemand;
    }

    /** Connects and waits for {@code pusher:connection_established}. */
    public static WsClient connect(TestServer server, String key) {
        WsClient client = open(server.wsUrl(key), null, false);
        JsonObject established = client.next("pusher:connection_established");
        client.socketId = dataObject(established).getString("socket_id");
        return client;
    }

    /** Opens the socket without waiting for anything; {@code origin} may be null. */
    public static WsClient open(String url, String origin, boolean manualDemand) {
        WsClient client = new WsClient(manualDemand);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            client.socket = builder.buildAsync(URI.create(url), client.new Listener()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + url, e);
        }
        return client;
    }

    public String socketId() {
        return socketId;
    }

    public WebSocket socket() {
        return socket;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends {@code pusher:ping}. */
    public void ping() {
        send("{\"event\":\"pusher:ping\",\"data\":{}}");
    }

    /**
     * A fence instead of a quiet wait: sends {@code pusher:ping} and asserts that the very next frame is the pong,
     * so nothing the server queued for this client before handling the ping arrived.
     */
    public void expectOnlyPong() {
        ping();
        assertEquals("{\"event\":\"pusher:pong\",\"data\":\"{}\"}", nextRaw());
    }

    /**
     * {@link #expectOnlyPong()} with a WebSocket ping control frame, for a client whose Pusher frames would be
     * refused (rate limited): the next frame must be the control pong, not an event or a close.
     */
    public void expectOnlyControlPong() {
        socket.sendPing(java.nio.ByteBuffer.allocate(0)).join();
        assertEquals("{\"event\":\"ws:pong\"}", nextRaw());
    }

    /** Skips to the next {@code pusher:error} and returns its code. */
    public int nextErrorCode() {
        return dataObject(next("pusher:error")).getInt("code");
    }

    /** Sends a signed {@code pusher:signin} with {@code userData} (JSON text) and waits for its success frame. */
    public JsonObject signIn(String userData, AppConfig app) {
        String auth = app.key() + ":" + Signatures.hmacSha256Hex(app.secret(), socketId + "::user::" + userData);
        send(Json.createObjectBuilder().add("event", "pusher:signin")
                .add("data", Json.createObjectBuilder().add("user_data", userData).add("auth", auth)).build().toString());
        return next("pusher:signin_success");
    }

    public void subscribe(String channel) {
        send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
    }

    /** Signs and sends a subscription to a private (or encrypted) channel. */
    public void subscribePrivate(String channel, AppConfig app) {
        String auth = Signatures.channelAuth(app.key(), app.secret(), new SocketId(socketId), ChannelName.of(channel), null);
        send(Json.createObjectBuilder().add("event", "pusher:subscribe")
                .add("data", Json.createObjectBuilder().add("channel", channel).add("auth", auth)).build().toString());
    }

    /** Signs and sends a presence subscription with {@code channelData} as given. */
    public void subscribePresence(String channel, String channelData, AppConfig app) {
        String auth = Signatures.channelAuth(app.key(), app.secret(), new SocketId(socketId), ChannelName.of(channel), channelData);
        send(Json.createObjectBuilder().add("event", "pusher:subscribe")
                .add("data", Json.createObjectBuilder().add("channel", channel).add("auth", auth)
                        .add("channel_data", channelData)).build().toString());
    }

    /** Subscribes to a public channel and waits for its success frame. */
    public JsonObject join(String channel) {
        subscribe(channel);
        return joined(channel);
    }

    /** Signs, subscribes to a private channel and waits for its success frame. */
    public JsonObject joinPrivate(String channel, AppConfig app) {
        subscribePrivate(channel, app);
        return joined(channel);
    }

    /** Signs, subscribes to a presence channel and waits for its success frame (with the roster). */
    public JsonObject joinPresence(String channel, String channelData, AppConfig app) {
        subscribePresence(channel, channelData, app);
        return joined(channel);
    }

    /** Waits for {@code pusher_internal:subscription_succeeded} of {@code channel}. */
    public JsonObject joined(String channel) {
        JsonObject frame = next("pusher_internal:subscription_succeeded");
        assertEquals(channel, frame.getString("channel"));
        return frame;
    }

    /** The next frame's raw text, whatever it is. */
    public String nextRaw(Duration wait) {
        try {
            String frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("no frame within " + wait + "; seen so far: " + seen);
            }
            seen.add(frame);
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The {@code index}-th frame this client has read so far. */
    public String frameSeen(int index) {
        return seen.get(index);
    }

    public String nextRaw() {
        return nextRaw(WAIT);
    }

    /** Skips frames until one with this event arrives (within 5 s). */
    public JsonObject next(String event) {
        return next(event, WAIT);
    }

    public JsonObject next(String event, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no " + event + " within " + wait + "; seen: " + seen);
            }
            String raw = nextRaw(Duration.ofNanos(left));
            JsonObject frame = parse(raw);
            if (event.equals(frame.getString("event", null))) {
                return frame;
            }
        }
    }

    /** Asserts that no frame arrives within {@code wait}. */
    public void expectNothing(Duration wait) {
        try {
            String frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame != null) {
                fail("unexpected frame " + frame);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the server's close frame and returns its status code. */
    public int awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS)[0];
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + wait + "; seen: " + seen, e);
        }
    }

    public String closeReason() {
        return closeReason.getNow(null);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Lets a client with manual demand read {@code n} more messages. */
    public void request(long n) {
        socket.request(n);
    }

    public static JsonObject parse(String raw) {
        return Json.createReader(new java.io.StringReader(raw)).readObject();
    }

    /** The {@code data} of a frame decoded as an object (it is a JSON string on pusher frames). */
    public static JsonObject dataObject(JsonObject frame) {
        var data = frame.get("data");
        if (data instanceof jakarta.json.JsonString s) {
            return parse(s.getString());
        }
        return data.asJsonObject();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            // With manual demand only the first message is read; the test asks for more with request(n).
            webSocket.request(manualDemand ? 1 : Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            frames.add("{\"event\":\"ws:ping\"}");
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            frames.add("{\"event\":\"ws:pong\"}");
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closed.complete(new int[] {statusCode});
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason.complete(String.valueOf(error));
            closed.complete(new int[] {-1});
        }
    }
}
