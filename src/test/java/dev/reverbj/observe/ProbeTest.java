package dev.reverbj.observe;

import dev.reverbj.support.Scrape;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() throws Exception {
        try (TestServer server = TestServer.start(TestApps.yaml()); WsClient c = WsClient.connect(server, "key-1")) {
            System.out.println(Scrape.get(server.httpBase() + "/metrics").headers().map());
            System.out.println(Scrape.of(server).text());
            System.out.println("OBSERVE " + Scrape.get(server.httpBase() + "/observe/metrics").statusCode());
        }
    }
}
