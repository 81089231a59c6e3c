package dev.reverbj.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The processes a benchmark run starts: servers under test and client workers. All are killed at the end. */
final class Procs {
    static final List<Process> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly))));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(Process::destroyForcibly)));
    }

    private Procs() {
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static String jdkTool(String name) {
        Path p = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(p) ? p.toString() : name;
    }

    static synchronized Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            pb.redirectOutput(log.toFile());
        }
        Process p = pb.start();
        ALL.add(p);
        return p;
    }

    /** A server process under test (Reverb/J or the raw baseline). */
    static final class Server {
        final Process process;
        final int port;
        final Path log;

        Server(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        long pid() {
            return process.pid();
        }

        void awaitPort(String host, long timeoutMillis) throws Exception {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server exited: " + tail(log, 20));
                }
                try (Socket s = new Socket(host, port)) {
                    return;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("server did not listen on " + port + " within " + timeoutMillis + " ms");
        }

        long rssKb() {
            return statusKb("VmRSS");
        }

        long statusKb(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone
            }
            return -1;
        }

        int threads() {
            return (int) statusKb("Threads");
        }

        /** utime + stime in seconds. */
        double cpuSeconds() {
            return Procs.cpuSeconds(pid());
        }

        /** stime in seconds. */
        double kernelSeconds() {
            return Procs.kernelSeconds(pid());
        }

        long openFiles() {
            try (var s = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
                return s.count();
            } catch (IOException e) {
                return -1;
            }
        }

        long openFileLimit() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/limits"))) {
                    if (line.startsWith("Max open files")) {
                        return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unknown
            }
            return -1;
        }

        /** Heap used in KB after a full GC (jcmd GC.run, then GC.heap_info). */
        long heapUsedKbAfterGc() {
            try {
                run(List.of(jdkTool("jcmd"), Long.toString(pid()), "GC.run"));
                String info = run(List.of(jdkTool("jcmd"), Long.toString(pid()), "GC.heap_info"));
                // G1: one "garbage-first heap ... used NK" line; Serial/Parallel: one line per generation.
                long used = -1;
                for (String line : info.split("\n")) {
                    if (line.contains("Metaspace") || line.contains("class space")) {
                        continue;
                    }
                    Matcher m = Pattern.compile("used (\\d+)K").matcher(line);
                    if (m.find()) {
                        used = Math.max(used, 0) + Long.parseLong(m.group(1));
                    }
                }
                return used;
            } catch (Exception e) {
                return -1;
            }
        }

        /** Starts a JFR recording (profile settings) of only what follows, e.g. the measured phase. */
        void jfrStart() {
            try {
                run(List.of(jdkTool("jcmd"), Long.toString(pid()), "JFR.start", "name=bench", "settings=profile",
                        "jdk.ExecutionSample#period=2ms",
                        // Socket events would time every write of the very path being measured.
                        "jdk.SocketWrite#enabled=false", "jdk.SocketRead#enabled=false"));
            } catch (Exception e) {
                System.err.println("bench: JFR.start failed: " + e);
            }
        }

        void jfrStop(Path file) {
            try {
                run(List.of(jdkTool("jcmd"), Long.toString(pid()), "JFR.stop", "name=bench", "filename=" + file));
            } catch (Exception e) {
                System.err.println("bench: JFR.stop failed: " + e);
            }
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    static double cpuSeconds(long pid) {
        return statSeconds(pid, true);
    }

    /** stime alone: the CPU the process spent in the kernel (system calls, and on loopback the TCP work they do). */
    static double kernelSeconds(long pid) {
        return statSeconds(pid, false);
    }

    private static double statSeconds(long pid, boolean withUser) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 (utime) and 15 (stime) of stat; after the ")" the state is field 3, so index = field - 3
            return ((withUser ? Long.parseLong(f[11]) : 0) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** A client worker process, driven by line commands (see {@link Worker}). */
    static final class WorkerProc {
        final Process process;
        private final PrintWriter in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        WorkerProc(List<String> args, Path log) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-XX:+UseParallelGC", "-cp",
                    System.getProperty("java.class.path"), Worker.class.getName()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
            process = pb.start();
            synchronized (Procs.class) {
                ALL.add(process);
            }
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // process gone
                }
                lines.add("EXIT");
            });
        }

        void send(String command) {
            in.println(command);
        }

        /** Waits for a line starting with {@code prefix + " "}; returns the rest. */
        String await(String prefix, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (true) {
                long left = deadline - System.currentTimeMillis();
                String line = left > 0 ? lines.poll(left, TimeUnit.MILLISECONDS) : null;
                if (line == null) {
                    throw new IllegalStateException("worker gave no " + prefix + " within " + timeoutMillis + " ms");
                }
                if (line.equals("EXIT")) {
                    throw new IllegalStateException("worker exited before " + prefix);
                }
                if (line.startsWith(prefix + " ")) {
                    return line.substring(prefix.length() + 1);
                }
            }
        }

        long count() throws InterruptedException {
            send("COUNT");
            return Long.parseLong(await("COUNT", 15_000).trim());
        }

        void stop() {
            send("STOP");
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
