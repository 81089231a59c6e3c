package dev.reverbj.cluster;

import java.util.function.LongSupplier;

/**
 * What a clustered broker reports for the node's {@code /metrics}: messages it published to and received
 * from the other nodes, publishes that failed, and outages of its connection. A broker is handed one at
 * construction and calls it from any thread; every method is cheap and never blocks.
 */
public interface BrokerMetrics {
    BrokerMetrics NONE = new BrokerMetrics() {
    };

    /** One message handed to the cluster (an event, a query, a presence update). */
    default void published() {
    }

    /** A publish the cluster refused or that failed (local delivery went on). */
    default void publishFailed() {
    }

    /** One message received from another node. */
    default void received() {
    }

    /** The connection to the cluster was lost ({@code down} true) or came back ({@code down} false). */
    default void connectivity(boolean down) {
    }

    /** Where to read, at scrape time, how many envelopes for other nodes wait in the outbox (an outage's backlog). */
    default void outbox(LongSupplier unsent) {
    }
}
