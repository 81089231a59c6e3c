/**
 * The live dashboard (docs/dashboard.md): a read-only page behind HTTP basic auth that shows, per app, the last
 * 15 minutes of connections and messages, the busiest channels, presence rosters, refusals and closes by code,
 * and a console of events, fed by server-sent events. It taps the protocol's {@link dev.reverbj.protocol.Observer}
 * as one more observer of each app, added only when the dashboard is on, so when it is off nothing here runs. Protocol threads only count
 * and offer to bounded lossy queues; a sampler thread and one request thread per viewer do the rest.
 * May import every package but {@code cli}.
 */
package dev.reverbj.observe.dashboard;
