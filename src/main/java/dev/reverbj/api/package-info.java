/**
 * The signed Pusher HTTP API a backend publishes through: request signature, validation and handlers.
 * Imports {@code protocol}, {@code cluster} and Helidon HTTP. Called on Helidon's request virtual threads;
 * publishing only queues frames, queries may wait a bounded time on the broker.
 */
package dev.reverbj.api;
