package dev.reverbj.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.reverbj.cli.Node;
import dev.reverbj.config.ConfigLoader;
import dev.reverbj.config.ReverbConfig;
import dev.reverbj.protocol.Clock;

/** A real Reverb/J node in this JVM on a free port of 127.0.0.1, configured from YAML text. */
public final class TestServer implements AutoCloseable {
    private final Node node;

    private TestServer(Node node) {
        this.node = node;
    }

    public static TestServer start(String yaml) {
        return start(yaml, Map.of());
    }

    /** @param environment variables as the process environment would give them */
    public static TestServer start(String yaml, Map<String, String> environment) {
        return start(yaml, environment, Clock.SYSTEM);
    }

    /** @param clock every time source of the node (an {@link AdvancingClock} lets a test skip waits) */
    public static TestServer start(String yaml, Map<String, String> environment, Clock clock) {
        try {
            Path file = Files.createTempFile("reverb-test", ".yaml");
            Files.writeString(file, yaml);
            ReverbConfig config = ConfigLoader.load(file, null, Map.of("host", "127.0.0.1", "port", "0"), environment);
            return new TestServer(Node.start(config, clock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return node.port();
    }

    public Node node() {
        return node;
    }

    public String wsUrl(String key) {
        return "ws://127.0.0.1:" + port() + node.config().server().path() + "/app/" + key + "?protocol=7&client=java&version=1.0";
    }

    public String httpBase() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        node.close();
    }
}
