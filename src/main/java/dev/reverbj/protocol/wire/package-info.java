/**
 * The Pusher wire format: {@link dev.reverbj.protocol.wire.FrameParser} turns client text into
 * {@link dev.reverbj.protocol.ClientMessage} records, {@link dev.reverbj.protocol.wire.ServerFrames} writes
 * every frame the server sends. The only place in {@code protocol} that imports the JSON library. Stateless and
 * thread-safe; called from reader threads, the HTTP API and brokers.
 */
package dev.reverbj.protocol.wire;
