package dev.reverbj.protocol;

import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void clientEventsReachOtherMembers() {
        try (TestServer server = TestServer.start(TestApps.yaml());
             WsClient a = WsClient.connect(server, "key-1");
             WsClient b = WsClient.connect(server, "key-1")) {
            a.subscribePrivate("private-room", TestApps.MAIN);
            a.joined("private-room");
            b.subscribePrivate("private-room", TestApps.MAIN);
            b.joined("private-room");
            a.send("{\"event\":\"client-hi\",\"channel\":\"private-room\",\"data\":{\"x\":1}}");
            assertEquals("{\"event\":\"client-hi\",\"channel\":\"private-room\",\"data\":{\"x\":1}}", b.nextRaw());
        }
    }
}
