/**
 * Operating a node: its metrics ({@link dev.reverbj.observe.NodeMetrics}: Helidon meters, served with Helidon's JVM
 * meters and our {@link dev.reverbj.observe.ProcessMeters} as Prometheus text at {@code /metrics} by
 * {@link dev.reverbj.observe.MetricsEndpoint}), the server-event SPI ({@link dev.reverbj.observe.ServerEvent},
 * {@link dev.reverbj.observe.ServerEventListener}, public) and the per-app observer that feeds both from the
 * protocol. May import every package but {@code cli}. Called on connection, writer, broker and sweeper
 * threads; nothing here blocks them.
 */
package dev.reverbj.observe;
