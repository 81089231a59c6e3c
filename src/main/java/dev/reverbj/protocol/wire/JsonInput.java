package dev.reverbj.protocol.wire;

import java.io.StringReader;
import java.util.Map;

import jakarta.json.JsonException;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Reads JSON a client sent (WebSocket frames, channel_data, HTTP API bodies) with a nesting limit, so that
 * no input can make the parser recurse deeply or throw anything but {@link Malformed}. Thread-safe.
 */
public final class JsonInput {
    /** Deepest nesting accepted; Pusher payloads are a few levels deep, a hostile one thousands. */
    public static final int MAX_DEPTH = 64;
    private static final JsonReaderFactory READERS = JsonProvider.provider()
            // Parsson refuses a nesting equal to its maxDepth; ours is the deepest one accepted.
            .createReaderFactory(Map.of("org.eclipse.parsson.maxDepth", MAX_DEPTH + 1));

    private JsonInput() {
    }

    /** JSON a client sent that cannot be read; the message says why, in words fit for the client. */
    public static final class Malformed extends RuntimeException {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One JSON value of any type. */
    public static JsonValue read(String text) {
        try (var reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new Malformed("not valid JSON");
        } catch (RuntimeException e) {
            // Parsson's nesting guard throws a plain RuntimeException ("Input is too deeply nested").
            throw new Malformed("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
    }
}
