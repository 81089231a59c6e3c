/**
 * The Pusher protocol: messages, channels, presence, cache, client events, signatures, liveness and errors.
 * A {@link dev.reverbj.protocol.Session} dispatches a connection's frames to one class per concept
 * (subscriptions, client events, sign-in, rate window); a {@link dev.reverbj.protocol.ChannelKind} owns its
 * authorisation and membership rules; a {@link dev.reverbj.protocol.PusherException} writes every error frame.
 * Imports only {@code java.*} and the config records (never {@code cluster}: the cluster reaches it through
 * {@link dev.reverbj.protocol.Hub} and the small interfaces it owns, {@code ClusterLink}, {@code ClusterInbound},
 * {@code ClusterPresence}, {@code ClusterCounts}); the
 * JSON library is used in {@code protocol.wire} only. Called from connection reader threads (one virtual
 * thread per socket), from the liveness sweeper, and from broker delivery threads; every shared structure
 * is concurrent and nothing here blocks on a socket.
 */
package dev.reverbj.protocol;
