package dev.reverbj.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.reverbj.config.ScalingConfig;

import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * {@link Holds} in Redis, one atomic Lua script per call. Key {@code K} is a Redis set of the ids of the nodes
 * holding it; each node also keeps the set of its keys, and its last heartbeat (Redis server time) in a sorted
 * set, so survivors can release a dead node's keys. Names start with {@code {scaling channel}:once:}.
 * Own Redisson client (the broker's connection stays free for fan-out); created lazily and again after a
 * failure, so Redis being away at start only delays the first answer.
 */
final class RedisHolds implements Holds {
    private static final String ACQUIRE = """
            redis.call('SADD', KEYS[2], KEYS[1])
            if redis.call('SADD', KEYS[1], ARGV[1]) == 1 and redis.call('SCARD', KEYS[1]) == 1 then return 1 end
            return 0""";
    private static final String RELEASE = """
            redis.call('SREM', KEYS[2], KEYS[1])
            if redis.call('SREM', KEYS[1], ARGV[1]) == 1 and redis.call('SCARD', KEYS[1]) == 0 then return 1 end
            return 0""";
    // Wraps ACQUIRE or RELEASE so that running the same call again answers as the first run did: its answer
    // may be lost (Redis stalls past the timeout, the connection drops after the script ran) and then the call is
    // sent again, by Redisson or by this class; run twice, the script itself would answer 0 the second time and
    // the cluster's transition would never be announced. KEYS[3]: this call's answer, kept ARGV[2] ms at most;
    // KEYS[4...]: answers of this node's earlier calls that it has received, no longer needed.
    private static final String ONCE = """
            for i = 4, #KEYS do redis.call('DEL', KEYS[i]) end
            local answered = redis.call('GET', KEYS[3])
            if answered then return tonumber(answered) end
            local answer = (function()
            %s
            end)()
            redis.call('SET', KEYS[3], answer, 'PX', ARGV[2])
            return answer""";
    private static final String ACQUIRE_ONCE = ONCE.formatted(ACQUIRE);
    private static final String RELEASE_ONCE = ONCE.formatted(RELEASE);
    private static final String HELD = """
            local out = {}
            for i, key in ipairs(KEYS) do if redis.call('SCARD', key) > 0 then table.insert(out, key) end end
            return out""";
    // ARGV: node id, node timeout ms, prefix of a node's key set. Returns {1 if this node was unknown, freed keys...}.
    private static final String SWEEP = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local out = {tostring(redis.call('ZADD', KEYS[1], now, ARGV[1]))}
            for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))) do
              local set = ARGV[3] .. node
              for _, key in ipairs(redis.call('SMEMBERS', set)) do
                if redis.call('SREM', key, node) == 1 and redis.call('SCARD', key) == 0 then table.insert(out, key) end
              end
              redis.call('DEL', set)
              redis.call('ZREM', KEYS[1], node)
            end
            return out""";

    /** The longest Redis keeps a call's answer for the call to be asked again (the next call deletes it sooner). */
    private static final long ANSWER_KEPT_MILLIS = 10 * 60_000;

    private final ScalingConfig config;
    private final String nodeId;
    private final String prefix;
    private final Set<String> mine = new LinkedHashSet<>();
    // Acquires whose answer did not arrive (the key stays in mine), by key: the call id they are asked again with.
    private final Map<String, String> acquiring = new HashMap<>();
    // Released here while Redis was away: Redis may still name this node; retried on each sweep with the same call id.
    private final Map<String, String> unreleased = new LinkedHashMap<>();
    private long calls;
    // Answers kept in Redis for calls whose answer arrived: deleted by the next call.
    private final List<Object> received = new ArrayList<>();
    private RedissonClient client;

    private RedisHolds(ScalingConfig config, String nodeId) {
        this.config = config;
        this.nodeId = nodeId;
        this.prefix = config.channel() + ":once:";
    }

    static RedisHolds create(ScalingConfig config, String nodeId) {
        return new RedisHolds(config, nodeId);
    }

    @Override
    public boolean acquire(String key) {
        unreleased.remove(key);
        String call = acquiring.remove(key);
        if (call == null) {
            if (!mine.add(key)) {
                return false;
            }
            call = nextCall();
        }
        try {
            return once(ACQUIRE_ONCE, key, call);
        } catch (Unavailable e) {
            acquiring.put(key, call); // the caller tries again, and learns what this call did
            throw e;
        }
    }

    @Override
    public boolean release(String key) {
        if (!mine.remove(key)) {
            return false;
        }
        acquiring.remove(key); // whether or not that acquire ran, this release leaves Redis without this node
        return releaseInRedis(key, nextCall());
    }

    private boolean releaseInRedis(String key, String call) {
        try {
            boolean freed = once(RELEASE_ONCE, key, call);
            unreleased.remove(key);
            return freed;
        } catch (Unavailable e) {
            unreleased.put(key, call);
            throw e;
        }
    }

    /** Runs ACQUIRE_ONCE or RELEASE_ONCE for {@code key} as call {@code call}: asked again, it answers the same. */
    private boolean once(String script, String key, String call) {
        String answer = prefix + "call:" + nodeId + ":" + call;
        List<Object> keys = new ArrayList<>(List.of(prefix + "k:" + key, nodeSet(), answer));
        keys.addAll(received);
        long result = eval(script, RScript.ReturnType.LONG, keys, nodeId, Long.toString(ANSWER_KEPT_MILLIS));
        received.clear();
        received.add(answer);
        return result == 1L;
    }

    private String nextCall() {
        return Long.toString(++calls);
    }

    @Override
    public Set<String> held(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<Object> redisKeys = new ArrayList<>();
        keys.forEach(k -> redisKeys.add(prefix + "k:" + k));
        List<String> found = eval(HELD, RScript.ReturnType.LIST, redisKeys);
        Set<String> out = new HashSet<>();
        found.forEach(k -> out.add(k.substring(prefix.length() + 2)));
        return out;
    }

    @Override
    public Swept sweep() {
        List<String> result = eval(SWEEP, RScript.ReturnType.LIST, List.of(prefix + "nodes"), nodeId,
                Long.toString(config.nodeTimeout().toMillis()), prefix + "node:");
        List<String> freed = new ArrayList<>();
        for (var key : List.copyOf(unreleased.entrySet())) {
            if (releaseInRedis(key.getKey(), key.getValue())) {
                freed.add(key.getKey());
            }
        }
        for (String key : result.subList(1, result.size())) {
            freed.add(key.substring(prefix.length() + 2));
        }
        List<String> regained = new ArrayList<>();
        if ("1".equals(result.get(0))) {
            // Unknown to the cluster: a first heartbeat, or survivors took us for dead and released our keys.
            for (String key : List.copyOf(mine)) {
                mine.remove(key);
                acquiring.remove(key);
                if (acquire(key)) {
                    regained.add(key);
                }
            }
        }
        return new Swept(freed, regained);
    }

    private String nodeSet() {
        return prefix + "node:" + nodeId;
    }

    @SuppressWarnings("unchecked")
    private <T> T eval(String script, RScript.ReturnType type, List<Object> keys, Object... args) {
        RedissonClient c;
        try {
            c = client();
        } catch (RuntimeException e) {
            throw new Unavailable(e);
        }
        try {
            return (T) c.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, script, type, keys, args);
        } catch (org.redisson.client.RedisException e) {
            if (e instanceof org.redisson.client.RedisConnectionException) {
                client = null;
                c.shutdown();
            }
            throw new Unavailable(e);
        }
    }

    private RedissonClient client() {
        if (client == null) {
            Config c = new Config();
            c.setCodec(StringCodec.INSTANCE);
            c.setThreads(1);
            c.setNettyThreads(2);
            RedisConnection.server(c, config)
                    // Off the protocol path: a loaded Redis or host may take its time rather than fail.
                    .setConnectTimeout(5000)
                    .setTimeout(5000)
                    .setConnectionMinimumIdleSize(1)
                    .setConnectionPoolSize(2)
                    .setSubscriptionConnectionMinimumIdleSize(0);
            client = Redisson.create(c);
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
            client = null;
        }
    }
}
