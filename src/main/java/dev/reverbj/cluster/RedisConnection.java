package dev.reverbj.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reverbj.config.ScalingConfig;

import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RTopic;
import org.redisson.api.RTopicAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.redisson.connection.ConnectionListener;

/**
 * The Redisson client and the node's subscription to the Redis channel. Created in the background and retried
 * until Redis answers (a node starts without Redis); after that Redisson reconnects and re-subscribes by itself.
 * Tells its {@link Events} what arrives and when the subscription or a connection changes, on Redisson's threads
 * (implementations hand off at once). {@link #write} is called by the {@link Publisher} thread only.
 */
final class RedisConnection {
    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
    private static final long RETRY_CONNECT_MILLIS = 2000;

    /** What the connection reports; called on Redisson threads, must not block. */
    interface Events {
        void received(String text);

        /** Subscribed to the channel: at start, and again after Redis came back. */
        void subscribed();

        /** A connection to Redis was lost. */
        void disconnected();
    }

    private final ScalingConfig config;
    private final Events events;
    private volatile RedissonClient client;
    private volatile boolean closed;

    RedisConnection(ScalingConfig config, Events events) {
        this.config = config;
        this.events = events;
    }

    void connectInBackground(String nodeId) {
        Thread.ofVirtual().name("reverb-redis-connect").start(() -> connect(nodeId));
    }

    /** Creates the Redisson client, retrying until Redis answers or the connection is closed. */
    private void connect(String nodeId) {
        boolean warned = false;
        while (!closed) {
            RedissonClient created = null;
            try {
                created = Redisson.create(redissonConfig(config, events));
                RTopic topic = created.getTopic(config.channel(), StringCodec.INSTANCE);
                topic.addListener(String.class, (channel, message) -> events.received(message));
                topic.addListener(new StatusListener() {
                    @Override
                    public void onSubscribe(String channel) {
                        events.subscribed();
                    }

                    @Override
                    public void onUnsubscribe(String channel) {
                    }
                });
                synchronized (this) {
                    if (closed) {
                        created.shutdown();
                        return;
                    }
                    client = created;
                }
                LOG.log(System.Logger.Level.INFO, "cluster node {0} connected to Redis {1}, channel {2}",
                        nodeId, config.redis(), config.channel());
                events.subscribed();
                return;
            } catch (RuntimeException e) {
                if (created != null) {
                    created.shutdown();
                }
                if (!warned) {
                    LOG.log(System.Logger.Level.WARNING, "cannot reach Redis " + config.redis() + "; serving local clients only"
                            + " and retrying every " + RETRY_CONNECT_MILLIS + " ms: " + e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(RETRY_CONNECT_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    boolean connected() {
        return client != null && !closed;
    }

    /**
     * Publishes the texts in this order, pipelined on one connection (so Redis keeps the order), and returns
     * once Redis answered for all of them.
     *
     * @throws RuntimeException when Redis did not take them all (some may have gone out: receivers drop duplicates)
     */
    void write(List<String> texts) {
        RedissonClient c = client;
        if (c == null || closed) {
            throw new IllegalStateException("not connected to Redis");
        }
        RBatch batch = c.createBatch(BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                .responseTimeout(2, TimeUnit.SECONDS)
                .retryAttempts(0));
        RTopicAsync topic = batch.getTopic(config.channel(), StringCodec.INSTANCE);
        for (String text : texts) {
            topic.publishAsync(text);
        }
        batch.execute();
    }

    /** Publishes one text outside any batch; for a process that is not a node ({@code reverb restart}). */
    static long publishOnce(ScalingConfig config, String text) {
        RedissonClient c = Redisson.create(redissonConfig(config, null));
        try {
            return c.getTopic(config.channel(), StringCodec.INSTANCE).publish(text);
        } finally {
            c.shutdown();
        }
    }

    private static Config redissonConfig(ScalingConfig scaling, Events events) {
        Config c = new Config();
        c.setCodec(StringCodec.INSTANCE);
        c.setThreads(2);
        c.setNettyThreads(4);
        if (events != null) {
            c.setConnectionListener(new ConnectionListener() {
                @Override
                public void onConnect(InetSocketAddress address) {
                }

                @Override
                public void onDisconnect(InetSocketAddress address) {
                    events.disconnected();
                }
            });
        }
        server(c, scaling)
                .setConnectTimeout(2000)
                // Short command timeouts: a publish during an outage fails in about 2 s instead of queueing.
                .setTimeout(1000)
                .setRetryAttempts(1)
                .setRetryDelay(attempt -> Duration.ofMillis(500))
                // Redisson's default backs off up to 10 s between reconnection attempts; after a long outage that
                // delays catching up by as much. A Redis that is back should be used within half a second.
                .setReconnectionDelay(attempt -> Duration.ofMillis(500))
                .setPingConnectionInterval(1000)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(8)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2);
        return c;
    }

    /** The Redis server of {@code scaling} (address, database, credentials), for every Redisson client of a node. */
    static SingleServerConfig server(Config c, ScalingConfig scaling) {
        SingleServerConfig single = c.useSingleServer()
                .setAddress(scaling.redis().address())
                .setDatabase(scaling.redis().database());
        if (scaling.redis().username() != null) {
            single.setUsername(scaling.redis().username());
        }
        if (scaling.redis().password() != null) {
            single.setPassword(scaling.redis().password());
        }
        return single;
    }

    void close() {
        RedissonClient c;
        synchronized (this) {
            closed = true;
            c = client;
            client = null;
        }
        if (c != null) {
            c.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
