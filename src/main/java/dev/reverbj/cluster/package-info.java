/**
 * Fan-out and shared state across nodes: the {@link dev.reverbj.cluster.Broker} interface (the protocol's
 * {@code ClusterLink}, {@code ClusterCounts} and {@code ClusterPresence}), {@link dev.reverbj.cluster.LocalBroker} for
 * one node and {@link dev.reverbj.cluster.RedisBroker} for many (Redisson pub/sub, an ordered outbox with per-node
 * sequence numbers, JSON envelope in docs/scaling.md). May import {@code protocol}, {@code config} and Redisson; it
 * never delivers to sockets nor builds protocol frames — it hands what it receives to the protocol's
 * {@code ClusterInbound} (the Hub). Called from connection and HTTP threads, which only offer to the outbox; one
 * publisher thread writes to Redis and one cluster thread applies what arrives, in order.
 */
package dev.reverbj.cluster;
