package dev.reverbj.protocol;

import dev.reverbj.config.AppConfig;
import dev.reverbj.support.RecordingConnection;

/**
 * Measures the heap one subscription costs in the protocol (channel maps, the session's set), sockets aside:
 * {@code java -cp target/classes:target/test-classes:target/libs/* dev.reverbj.protocol.SubscriptionMemory}.
 * Not a test: the number is written down in docs/operations.md.
 */
public final class SubscriptionMemory {
    private SubscriptionMemory() {
    }

    public static void main(String[] args) {
        int connections = 1_000;
        int channels = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        AppConfig config = AppConfig.withDefaults("m", "k", "s");
        App app = new App(config, Hub.local(), Clock.SYSTEM, ChannelManager.ChannelEvents.NONE);
        Session[] sessions = new Session[connections];
        for (int i = 0; i < connections; i++) {
            sessions[i] = app.open(new RecordingConnection());
        }
        long before = usedHeap();
        for (Session session : sessions) {
            for (int c = 0; c < channels; c++) {
                session.receive("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"channel-" + c + "\"}}");
            }
        }
        long after = usedHeap();
        long subscriptions = (long) connections * channels;
        System.out.printf("%d connections x %d channels: %d bytes per subscription%n", connections, channels,
                (after - before) / subscriptions);
        // Keep everything reachable until measured.
        System.out.println(sessions.length + app.connectionCount());
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
