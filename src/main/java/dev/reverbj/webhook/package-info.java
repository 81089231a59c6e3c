/**
 * What happens once for the cluster: Pusher-format webhooks ({@link dev.reverbj.webhook.Endpoint} batches,
 * signs, retries and drops; docs/webhooks.md) and watchlist online/offline events. The protocol's
 * {@link dev.reverbj.protocol.Observer} hooks are turned into tasks for one worker thread per node
 * ({@link dev.reverbj.webhook.Transitions}), which asks {@link dev.reverbj.cluster.Holds} whether the cluster as
 * a whole changed. May import {@code protocol}, {@code cluster} and {@code config}; connection threads only
 * ever queue work here, never wait.
 */
package dev.reverbj.webhook;
