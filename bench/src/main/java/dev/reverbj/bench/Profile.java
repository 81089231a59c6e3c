package dev.reverbj.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the server: hottest methods by own samples (top frame), hottest Reverb/J or
 * Helidon frames (first such frame of each sample, i.e. "where in our code the CPU went"), and the classes
 * allocated most (jdk.ObjectAllocationSample weight). Same data as {@code jfr print --events jdk.ExecutionSample}.
 * <p>Run alone: {@code java -cp ... dev.reverbj.bench.Profile file.jfr}
 */
final class Profile {
    private Profile() {
    }

    public static void main(String[] argv) throws Exception {
        System.out.println(summarize(Path.of(argv[0]), 15));
    }

    static String summarize(Path file, int top) throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> app = new HashMap<>();
        Map<String, Long> alloc = new HashMap<>();
        int samples = 0;
        long allocTotal = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = st.getFrames();
                self.merge(name(frames.get(0)), 1, Integer::sum);
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (n.startsWith("dev.reverbj.") || n.startsWith("io.helidon.")) {
                        app.merge(n, 1, Integer::sum);
                        break;
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long w = e.getLong("weight");
                allocTotal += w;
                String cls = e.getClass("objectClass").getName();
                RecordedStackTrace st = e.getStackTrace();
                String site = "";
                if (st != null) {
                    for (RecordedFrame f : st.getFrames()) {
                        String n = name(f);
                        if (n.startsWith("dev.reverbj.") || n.startsWith("io.helidon.")) {
                            site = " at " + n;
                            break;
                        }
                    }
                }
                alloc.merge(cls + site, w, Long::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Execution samples: ").append(samples).append("\n\n");
        sb.append("| Self samples | % | Method (top frame) |\n|---:|---:|---|\n");
        append(sb, self, samples, top);
        sb.append("\n| Samples | % | First Reverb/J or Helidon frame on the stack |\n|---:|---:|---|\n");
        append(sb, app, samples, top);
        sb.append("\nAllocation by jdk.ObjectAllocationSample weight (indicative only: a sample's weight is what its thread "
                + "allocated since its previous sample, so rare samples on short-lived virtual threads can be heavy).\n");
        sb.append("\n| Allocated (sampled weight) | % | Class and first Reverb/J or Helidon frame |\n|---:|---:|---|\n");
        final long total = allocTotal;
        alloc.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> sb.append("| ").append(en.getValue() >> 20).append(" MB | ")
                        .append(String.format("%.1f", 100.0 * en.getValue() / Math.max(1, total))).append(" | `")
                        .append(en.getKey()).append("` |\n"));
        return sb.toString();
    }

    private static void append(StringBuilder sb, Map<String, Integer> counts, int samples, int top) {
        sb.append(counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .map(en -> "| " + en.getValue() + " | " + String.format("%.1f", 100.0 * en.getValue() / Math.max(1, samples))
                        + " | `" + en.getKey() + "` |")
                .collect(Collectors.joining("\n"))).append('\n');
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
