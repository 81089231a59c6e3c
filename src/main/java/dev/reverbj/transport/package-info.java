/**
 * Helidon adapters: the WebSocket listener that feeds protocol sessions, the per-connection outbound queue
 * and writer, the upgrade checks and the web server itself. Imports {@code protocol} and Helidon. Helidon
 * calls in on one virtual thread per socket; writers are virtual threads started per burst of output.
 */
package dev.reverbj.transport;
