package dev.reverbj.observe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.sun.management.UnixOperatingSystemMXBean;

import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.spi.MetersProvider;

/**
 * The process meters Helidon's system meters leave out, added to its registry through Helidon's
 * {@link MetersProvider} SPI (named in {@code META-INF/services}): CPU used by this process, open and maximum file
 * descriptors (a node's capacity, see docs/operations.md) and resident memory. Read when scraped; a meter the
 * platform cannot measure is not registered.
 */
public final class ProcessMeters implements MetersProvider {
    private static final System.Logger LOG = System.getLogger(ProcessMeters.class.getName());
    private static final Path STATUS = Path.of("/proc/self/status");

    /** For {@link java.util.ServiceLoader}. */
    public ProcessMeters() {
    }

    @Override
    public Collection<Meter.Builder<?, ?>> meterBuilders(MetricsFactory factory) {
        List<Meter.Builder<?, ?>> meters = new ArrayList<>();
        try {
            addOperatingSystemMeters(factory, meters);
        } catch (LinkageError e) {
            // A runtime without the jdk.management module (a trimmed jlink image): no CPU or file meters.
            LOG.log(System.Logger.Level.DEBUG, "no process CPU and file meters: " + e);
        }
        if (residentBytes() >= 0) {
            meters.add(factory.gaugeBuilder("process_resident_memory", STATUS, p -> (double) residentBytes())
                    .baseUnit(Meter.BaseUnits.BYTES)
                    .description("Resident set size of this process (VmRSS).")
                    .scope(Meter.Scope.BASE));
        }
        return meters;
    }

    private static void addOperatingSystemMeters(MetricsFactory factory, List<Meter.Builder<?, ?>> meters) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean cpu) {
            meters.add(factory.gaugeBuilder("process_cpu_usage", cpu,
                            com.sun.management.OperatingSystemMXBean::getProcessCpuLoad)
                    .description("Recent CPU use of this process, as a fraction of all CPUs (0 to 1).")
                    .scope(Meter.Scope.BASE));
            meters.add(factory.functionalCounterBuilder("process_cpu_time", cpu, c -> c.getProcessCpuTime() / 1_000_000)
                    .baseUnit(Meter.BaseUnits.MILLISECONDS)
                    .description("CPU time this process has used.")
                    .scope(Meter.Scope.BASE));
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            meters.add(factory.gaugeBuilder("process_open_fds", unix,
                            u -> (double) u.getOpenFileDescriptorCount())
                    .description("Open file descriptors: sockets included, so connections plus a few hundred.")
                    .scope(Meter.Scope.BASE));
            meters.add(factory.gaugeBuilder("process_max_fds", unix, u -> (double) u.getMaxFileDescriptorCount())
                    .description("The open-file limit of this process.")
                    .scope(Meter.Scope.BASE));
        }
    }

    /** VmRSS from /proc/self/status (Linux), or -1 where there is none. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
