package dev.reverbj.cluster;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.reverbj.support.RedisProcess;

import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RReliableTopic;
import org.redisson.api.RTopic;
import org.redisson.api.RTopicAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * A short, bounded measurement (docs/scaling.md) of what publishing costs on Redisson's plain {@code RTopic} (one
 * call per envelope, and pipelined batches as the {@link Publisher} writes them) and on {@code RReliableTopic}
 * (a Redis stream that replays what a reconnecting subscriber missed), with one subscriber receiving everything.
 * Run: {@code ./run java -cp target/classes:target/test-classes:target/libs/* dev.reverbj.cluster.TopicCost}
 */
public final class TopicCost {
    private static final int COUNT = 10_000;
    private static final String ENVELOPE = "{\"v\":1,\"node\":\"4121-9f3a2c1e\",\"seq\":17,\"app\":\"app-1\",\"type\":\"event\","
            + "\"channel\":\"orders\",\"frame\":\"{\\\"event\\\":\\\"created\\\",\\\"channel\\\":\\\"orders\\\",\\\"data\\\":"
            + "\\\"{\\\\\\\"id\\\\\\\":1,\\\\\\\"total\\\\\\\":12.5,\\\\\\\"items\\\\\\\":[1,2,3]}\\\"}\"}";

    private TopicCost() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        try (RedisProcess redis = RedisProcess.start()) {
            Config config = new Config();
            config.setCodec(StringCodec.INSTANCE);
            config.useSingleServer().setAddress(redis.url());
            RedissonClient publisher = Redisson.create(config);
            RedissonClient subscriber = Redisson.create(config);
            try {
                for (int round = 1; round <= 2; round++) { // the first round warms up the JIT and the connections
                    System.out.println("round " + round);
                    plain(publisher, subscriber);
                    batched(publisher, subscriber);
                    reliable(publisher, subscriber);
                }
            } finally {
                publisher.shutdown();
                subscriber.shutdown();
            }
        }
    }

    private static void plain(RedissonClient publisher, RedissonClient subscriber) throws Exception {
        RTopic in = subscriber.getTopic("plain", StringCodec.INSTANCE);
        CountDownLatch received = new CountDownLatch(COUNT);
        int listener = in.addListener(String.class, (c, m) -> received.countDown());
        oneAtATime("RTopic.publish, one at a time", publisher.getTopic("plain", StringCodec.INSTANCE)::publish, received);
        in.removeListener(listener);
    }

    private static void batched(RedissonClient publisher, RedissonClient subscriber) throws Exception {
        CountDownLatch received = new CountDownLatch(COUNT);
        RTopic in = subscriber.getTopic("batched", StringCodec.INSTANCE);
        int listener = in.addListener(String.class, (c, m) -> received.countDown());
        int batchSize = 256;
        long[] latencies = new long[COUNT / batchSize + 1];
        long start = System.nanoTime();
        int batches = 0;
        for (int sent = 0; sent < COUNT; batches++) {
            long t = System.nanoTime();
            RBatch batch = publisher.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY));
            RTopicAsync topic = batch.getTopic("batched", StringCodec.INSTANCE);
            for (int i = 0; i < batchSize && sent < COUNT; i++, sent++) {
                topic.publishAsync(ENVELOPE);
            }
            batch.execute();
            latencies[batches] = System.nanoTime() - t;
        }
        report("RTopic in pipelined batches of " + batchSize + " (latency per batch)", start, received,
                Arrays.copyOf(latencies, batches));
        in.removeListener(listener);
    }

    private static void reliable(RedissonClient publisher, RedissonClient subscriber) throws Exception {
        RReliableTopic in = subscriber.getReliableTopic("reliable", StringCodec.INSTANCE);
        CountDownLatch received = new CountDownLatch(COUNT);
        String listener = in.addListener(String.class, (c, m) -> received.countDown());
        RReliableTopic out = publisher.getReliableTopic("reliable", StringCodec.INSTANCE);
        oneAtATime("RReliableTopic.publish, one at a time", out::publish, received);
        in.removeListener(listener);
        out.delete();
    }

    private static void oneAtATime(String what, Consumer<String> publish, CountDownLatch received) throws Exception {
        long[] latencies = new long[COUNT];
        long start = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            long t = System.nanoTime();
            publish.accept(ENVELOPE);
            latencies[i] = System.nanoTime() - t;
        }
        report(what, start, received, latencies);
    }

    private static void report(String what, long start, CountDownLatch received, long[] latencies) throws InterruptedException {
        long published = System.nanoTime() - start;
        boolean all = received.await(60, TimeUnit.SECONDS);
        long delivered = System.nanoTime() - start;
        Arrays.sort(latencies);
        System.out.printf("%-60s publish %7.0f/s  p50 %6.3f ms  p99 %6.3f ms  all %d received after %5.0f ms%s%n", what,
                COUNT / (published / 1e9), latencies[latencies.length / 2] / 1e6, latencies[latencies.length * 99 / 100] / 1e6,
                COUNT, delivered / 1e6, all ? "" : " (NOT ALL RECEIVED)");
    }
}
