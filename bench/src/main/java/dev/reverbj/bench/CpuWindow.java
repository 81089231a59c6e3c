package dev.reverbj.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * CPU used over one measured phase, in cores (CPU seconds / wall seconds): the server's, the whole box's
 * (/proc/stat) and, by difference, everybody else's — on a shared machine that tells whether a slow result
 * came from the server, the load generator, or a neighbour.
 */
final class CpuWindow {
    private final List<Procs.Server> servers;
    private final long wall0 = System.nanoTime();
    private final double box0 = boxBusySeconds();
    private final double server0;
    private final double serverKernel0;
    private final double self0 = selfSeconds();

    /** @param servers the server processes whose CPU counts as the server's (none for an external server) */
    CpuWindow(List<Procs.Server> servers) {
        this.servers = servers;
        this.server0 = serverSeconds();
        this.serverKernel0 = serverKernelSeconds();
    }

    CpuWindow(Procs.Server server) {
        this(server == null ? List.of() : List.of(server));
    }

    private double serverSeconds() {
        return servers.stream().mapToDouble(Procs.Server::cpuSeconds).sum();
    }

    private double serverKernelSeconds() {
        return servers.stream().mapToDouble(Procs.Server::kernelSeconds).sum();
    }

    /** Adds serverCpuCores, boxBusyCores and otherCpuCores (box minus server, clients and this process). */
    void finish(Map<String, Object> row, double clientCores) {
        double wall = Math.max(1e-3, (System.nanoTime() - wall0) / 1e9);
        double serverCores = (serverSeconds() - server0) / wall;
        double box = (boxBusySeconds() - box0) / wall;
        double self = (selfSeconds() - self0) / wall;
        row.put("serverCpuCores", round(serverCores));
        row.put("serverCpuSeconds", Math.round(serverCores * wall * 1000) / 1000.0);
        row.put("serverKernelCpuSeconds", Math.round((serverKernelSeconds() - serverKernel0) * 1000) / 1000.0);
        row.put("clientCpuCores", round(clientCores));
        row.put("publisherCpuCores", round(self));
        row.put("boxBusyCores", round(box));
        row.put("otherCpuCores", round(Math.max(0, box - serverCores - clientCores - self)));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double boxBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static double selfSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
