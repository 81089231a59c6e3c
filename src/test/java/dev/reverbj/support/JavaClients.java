package dev.reverbj.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official Pusher Java libraries pointed at a test server. */
public final class JavaClients {
    private JavaClients() {
    }

    /** A pusher-java-client connected to {@code server} (plain ws), with {@code options} otherwise as given. */
    public static Pusher connect(TestServer server, String key, PusherOptions options) throws InterruptedException {
        options.setHost("127.0.0.1").setWsPort(server.port()).setUseTLS(false);
        Pusher pusher = new Pusher(key, options);
        CountDownLatch connected = new CountDownLatch(1);
        pusher.connect(new ConnectionEventListener() {
            @Override
            public void onConnectionStateChange(ConnectionStateChange change) {
                if (change.getCurrentState() == ConnectionState.CONNECTED) {
                    connected.countDown();
                }
            }

            @Override
            public void onError(String message, String code, Exception e) {
            }
        }, ConnectionState.ALL);
        assertTrue(connected.await(5, TimeUnit.SECONDS), "pusher-java-client did not connect");
        return pusher;
    }

    /** pusher-http-java (what a backend uses) for the test app on {@code server}. */
    public static com.pusher.rest.Pusher api(TestServer server) {
        com.pusher.rest.Pusher api = new com.pusher.rest.Pusher(TestApps.MAIN.id(), TestApps.MAIN.key(), TestApps.MAIN.secret());
        api.setHost("127.0.0.1:" + server.port());
        api.setEncrypted(false);
        return api;
    }
}
