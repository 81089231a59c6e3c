package dev.reverbj.observe;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A {@link ServerEventListener} found through {@code META-INF/services} in src/test/resources. Every node
 * of the test JVM loads it; it records only while a test has switched it on.
 */
public final class RecordingListener implements ServerEventListener {
    static volatile boolean recording;
    static final BlockingQueue<ServerEvent> EVENTS = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(ServerEvent event) {
        if (recording) {
            EVENTS.add(event);
        }
    }
}
