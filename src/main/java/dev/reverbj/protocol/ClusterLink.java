package dev.reverbj.protocol;

import java.util.concurrent.CompletableFuture;

/**
 * Where the {@link Hub} sends what other nodes must see: events for their subscribers and user terminations.
 * One node: {@link #NONE}. The clustered implementation (the Redis broker) promises:
 *
 * <ul>
 *   <li><b>Delivery:</b> an envelope it accepted reaches every other node once, also through an outage of the
 *       link: while the link is down, accepted envelopes wait in a bounded outbox and go out when it is back.
 *       Receivers drop duplicates (every envelope carries its origin node and a sequence number).</li>
 *   <li><b>Ordering:</b> envelopes of one node are applied by every other node in the order they were
 *       accepted (so per channel, in publishing order); anything accepted later never overtakes them.</li>
 *   <li><b>Outage:</b> {@link #admit} refuses when the promise cannot be kept (not linked yet, outbox full);
 *       local delivery never depends on the link.</li>
 * </ul>
 *
 * Called on connection and HTTP threads; never blocks.
 */
public interface ClusterLink {
    /** No other node: everything is accepted and nothing goes anywhere. */
    ClusterLink NONE = new ClusterLink() {
    };

    /** Whether {@code envelopes} more envelopes would be accepted now. */
    default Admission admit(int envelopes) {
        return Admission.ACCEPTED;
    }

    /**
     * Hands an event for the subscribers of {@code channel} on other nodes ({@code except}: a socket id or null).
     *
     * @return completes once the event is safe: written to the cluster's transport, or held in the outbox while
     *         the link is down; fails with {@link Refused} when it was not accepted
     */
    default CompletableFuture<Void> publish(String appId, ChannelName channel, String frame, SocketId except) {
        return CompletableFuture.completedFuture(null);
    }

    /** Closes the user's connections on other nodes. */
    default void terminate(String appId, String userId) {
    }

    /** Whether this node has reached the cluster at least once since it started (always true for one node). */
    default boolean linked() {
        return true;
    }

    /** The answer of {@link #admit}. */
    enum Admission {
        ACCEPTED(0, null),
        NOT_LINKED(1, "This node is not yet linked to the cluster; retry shortly"),
        OUTBOX_FULL(5, "The cluster link is down and this node's outbox is full; retry later");

        private final int retryAfterSeconds;
        private final String message;

        Admission(int retryAfterSeconds, String message) {
            this.retryAfterSeconds = retryAfterSeconds;
            this.message = message;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }

        public String message() {
            return message;
        }
    }

    /** Why an envelope was not accepted. */
    final class Refused extends RuntimeException {
        private final Admission reason;

        public Refused(Admission reason) {
            super(reason.message(), null, false, false);
            this.reason = reason;
        }

        public Admission reason() {
            return reason;
        }
    }
}
