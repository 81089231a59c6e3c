/**
 * The signed Pusher HTTP API a backend publishes through: request signature, validation and handlers.
 * Imports {@code protocol} and Helidon HTTP; it reaches the cluster only through {@link dev.reverbj.protocol.Hub}.
 * Called on Helidon's request virtual threads; a publish waits (bounded) until its frames are safe for the other
 * nodes, queries answer from memory.
 */
package dev.reverbj.api;
