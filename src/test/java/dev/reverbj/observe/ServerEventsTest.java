package dev.reverbj.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reverbj.support.Scrape;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ServerEventsTest {
    @BeforeEach
    void record() {
        RecordingListener.EVENTS.clear();
        RecordingListener.recording = true;
    }

    @AfterEach
    void stopRecording() {
        RecordingListener.recording = false;
        SleepyListener.sleeping = false;
    }

    @Test
    void listenerFoundThroughServiceLoaderSeesEveryEventWithItsData() {
        String channel = "private-events";
        String clientEvent = "{\"event\":\"client-wave\",\"channel\":\"" + channel + "\",\"data\":{\"hand\":\"left\"}}";
        try (TestServer server = TestServer.start(TestApps.yaml())) {
            WsClient a = WsClient.connect(server, "key-1");
            String sa = a.socketId();
            expect(new ServerEvent.ConnectionOpened("app-1", sa));
            a.subscribePrivate(channel, TestApps.MAIN);
            a.joined(channel);
            expect(new ServerEvent.ChannelCreated("app-1", channel));
            expect(new ServerEvent.Subscribed("app-1", sa, channel));

            WsClient b = WsClient.connect(server, "key-1");
            String sb = b.socketId();
            b.subscribePrivate(channel, TestApps.MAIN);
            b.joined(channel);
            expect(new ServerEvent.Subscribed("app-1", sb, channel));

            a.send(clientEvent);
            assertEquals(clientEvent, b.nextRaw());
            expect(new ServerEvent.MessageReceived("app-1", sa, clientEvent));
            expect(new ServerEvent.MessageSent("app-1", sb, clientEvent));

            b.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
            expect(new ServerEvent.Unsubscribed("app-1", sb, channel));
            a.close();
            expect(new ServerEvent.Unsubscribed("app-1", sa, channel));
            expect(new ServerEvent.ChannelRemoved("app-1", channel));
            expect(new ServerEvent.ConnectionClosed("app-1", sa));
            b.close();
        }
    }

    @Test
    void silentConnectionIsPruned() {
        try (TestServer server = TestServer.start(TestApps.yaml("ping-interval: 1"))) {
            WsClient silent = WsClient.connect(server, "key-1");
            expect(new ServerEvent.ConnectionOpened("app-1", silent.socketId()));
            // WsClient never answers pusher:ping, so after two ping intervals it is pruned with 4201.
            assertEquals(4201, silent.awaitClose(Duration.ofSeconds(5)));
            expect(new ServerEvent.ConnectionPruned("app-1", silent.socketId()));
            assertEquals(1, Scrape.of(server).value("reverb_connections_pruned_total", "app", "app-1"));
        }
    }

    @Test
    void sleepingListenerDelaysNeitherClientsNorOtherListeners() {
        String channel = "private-sleepy";
        try (TestServer server = TestServer.start(TestApps.yaml());
             WsClient a = WsClient.connect(server, "key-1");
             WsClient b = WsClient.connect(server, "key-1")) {
            a.subscribePrivate(channel, TestApps.MAIN);
            a.joined(channel);
            b.subscribePrivate(channel, TestApps.MAIN);
            b.joined(channel);
            SleepyListener.sleeping = true;
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                String frame = "{\"event\":\"client-n\",\"channel\":\"" + channel + "\",\"data\":{\"i\":" + i + "}}";
                a.send(frame);
                assertEquals(frame, b.nextRaw());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Each of those frames makes two events; the sleeper would need 40 s for them.
            assertTrue(millis < 2_000, "10 round trips took " + millis + " ms");
            expect(new ServerEvent.MessageSent("app-1", b.socketId(),
                    "{\"event\":\"client-n\",\"channel\":\"" + channel + "\",\"data\":{\"i\":9}}"));
        }
    }

    private final List<ServerEvent> seen = new ArrayList<>();

    /** Waits (5 s) until the recording listener has seen this exact event (in any order relative to others). */
    private void expect(ServerEvent wanted) {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        try {
            while (!seen.contains(wanted) && System.nanoTime() < deadline) {
                ServerEvent event = RecordingListener.EVENTS.poll(50, TimeUnit.MILLISECONDS);
                if (event != null) {
                    seen.add(event);
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (!seen.contains(wanted)) {
            fail("no " + wanted + " within 5 s; seen " + seen);
        }
    }
}
