/**
 * Fan-out across nodes: the {@link dev.reverbj.cluster.Broker} interface and its implementations
 * ({@link dev.reverbj.cluster.LocalBroker} for one node). May import {@code protocol}. Called from
 * connection threads and HTTP API threads; delivery to sockets only queues frames.
 */
package dev.reverbj.cluster;
