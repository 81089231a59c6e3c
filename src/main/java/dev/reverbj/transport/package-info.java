/**
 * The wire: Helidon's listener, HTTP/1.1 and WebSocket upgrade handshake, and behind it our own RFC 6455
 * connection ({@code PusherConnection} reads frames, {@code MessageAssembly} joins them into messages,
 * {@code SocketConnection} and its {@code SocketOutbox} queue and write pre-framed bytes),
 * plus the request deadlines that close idle and slow sockets. Imports {@code protocol} and Helidon. Each socket has
 * its own reader virtual thread (Helidon's) and, while it has output, a writer virtual thread.
 */
package dev.reverbj.transport;
