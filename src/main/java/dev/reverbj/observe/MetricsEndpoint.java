package dev.reverbj.observe;

import java.util.List;

import io.helidon.metrics.api.BuiltInMeterNameFormat;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.spi.ServerFeature;

/**
 * Helidon metrics as Reverb/J uses them: the JVM-wide meter registry (Helidon's global one, configured here once)
 * and the feature that serves it as Prometheus text at {@code /metrics} on one listener of the web server.
 *
 * <p>Helidon 4.5's Micrometer provider keeps every registry of a JVM in one Micrometer registry, so this registry
 * is shared by every node in the JVM; {@link NodeMetrics} tags each node's meters with {@code node} to keep them
 * apart.
 */
public final class MetricsEndpoint {
    /** Where the meters are served, on whichever listener {@link #feature} is given. */
    public static final String PATH = "/metrics";

    // snake_case names for Helidon's JVM meters (memory_used_heap_bytes, not memory_usedHeap_bytes), as Prometheus
    // names go; everything else is Helidon's default.
    private static final MetricsConfig CONFIG = MetricsConfig.builder()
            .builtInMeterNameFormat(BuiltInMeterNameFormat.SNAKE)
            .build();

    static {
        // Micrometer's Prometheus client logs through SLF4J, for which we ship no provider; keep SLF4J from printing
        // a three-line warning at start-up about it.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private MetricsEndpoint() {
    }

    /** The registry every node of this JVM registers its meters in; created with Reverb/J's settings on first use. */
    public static MeterRegistry registry() {
        return MetricsFactory.getInstance().globalRegistry(CONFIG);
    }

    /**
     * Helidon's metrics observer serving {@link #registry()} at {@value #PATH} on the named listener only
     * ({@code "@default"} for the main port). Prometheus text by default; OpenMetrics or JSON when the
     * {@code Accept} header asks for them; {@code ?name=} and {@code ?scope=} select meters.
     */
    public static ServerFeature feature(String socket) {
        MetricsObserver observer = MetricsObserver.builder()
                .endpoint(PATH)
                .metricsConfig(CONFIG)
                .meterRegistry(registry())
                .build();
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .addObserver(observer)
                .sockets(List.of(socket))
                .build();
    }
}
