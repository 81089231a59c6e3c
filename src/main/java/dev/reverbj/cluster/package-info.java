/**
 * Fan-out and shared state across nodes: the {@link dev.reverbj.cluster.Broker} interface,
 * {@link dev.reverbj.cluster.LocalBroker} for one node and {@link dev.reverbj.cluster.RedisBroker} for many
 * (Redisson pub/sub, JSON envelope in docs/scaling.md). May import {@code protocol}, {@code config} and
 * Redisson. Called from connection threads and HTTP API threads, which it never blocks (delivery only
 * queues frames, publishing is asynchronous); the Redis broker applies what it receives on its own
 * cluster thread.
 */
package dev.reverbj.cluster;
