package dev.reverbj.webhook;

/**
 * What the webhook senders report for the node's {@code /metrics}. Called from sender threads and, for
 * {@link #dropped}, from connection threads; every method is cheap and never blocks.
 */
public interface WebhookMetrics {
    WebhookMetrics NONE = new WebhookMetrics() {
    };

    /**
     * One POST ended: {@code result} is {@code ok}, {@code rejected} (a 4xx: not retried), {@code server_error}
     * (5xx), {@code timeout}, {@code refused} (no connection) or {@code failed} (any other I/O error).
     */
    default void request(String result) {
    }

    /** A failed POST is tried again. */
    default void retried() {
    }

    /** Events given up on: the queue was full, or retries ran out. */
    default void dropped(int events) {
    }

    /** Events waiting to be sent grew (positive) or shrank (negative). */
    default void queued(int delta) {
    }
}
