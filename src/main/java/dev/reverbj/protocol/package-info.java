/**
 * The Pusher protocol: messages, channels, presence, cache, client events, signatures, liveness and errors.
 * Imports only {@code java.*}, the config records and the {@link dev.reverbj.cluster.Broker} interface; the
 * JSON library is used in {@code protocol.wire} only. Called from connection reader threads (one virtual
 * thread per socket), from the liveness sweeper, and from broker delivery threads; every shared structure
 * is concurrent and nothing here blocks on a socket.
 */
package dev.reverbj.protocol;
