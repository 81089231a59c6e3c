package dev.reverbj.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ObjIntConsumer;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.wire.JsonText;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The signed Pusher HTTP API under {@code {path}/apps/...} (SPEC.md section 7). One handler routes by path
 * and method so that every refusal, 404 and 405 included, is a JSON body {@code {"error": "..."}}.
 * Runs on Helidon's request virtual threads; answers come from the {@link dev.reverbj.protocol.Hub} so
 * that they are cluster-wide when scaling is on.
 */
public final class HttpApi {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private final Apps apps;
    private final String prefix;
    private final int maxRequestSize;
    private final LongSupplier epochSeconds;
    private final ObjIntConsumer<String> answered;
    private final Publishing publishing = new Publishing();
    private final Queries queries = new Queries();

    /** What one request is about, after routing. */
    record Call(App app, String route, String[] segments, Map<String, String> params, byte[] body) {
    }

    /**
     * @param answered told of every answer: its route ({@code "POST events"}, …, or {@code "unknown"}) and status
     */
    public HttpApi(Apps apps, String prefix, int maxRequestSize, LongSupplier epochSeconds,
                   ObjIntConsumer<String> answered) {
        this.apps = apps;
        this.prefix = prefix;
        this.maxRequestSize = maxRequestSize;
        this.epochSeconds = epochSeconds;
        this.answered = answered;
    }

    public void register(HttpRouting.Builder routing) {
        routing.any(prefix + "/apps", this::handle);
        routing.any(prefix + "/apps/*", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        String relative = req.path().path().substring(prefix.length());
        String[] segments = relative.substring(1).split("/", -1);
        String route = route(segments);
        int status = 200;
        String body;
        try {
            body = dispatch(req, relative, segments, route);
        } catch (ApiException e) {
            status = e.status();
            body = "{\"error\":" + JsonText.quote(e.getMessage()) + "}";
            if (status == 405) {
                res.header(HeaderValues.create(HeaderNames.ALLOW, expectedMethod(route).text()));
            }
            if (e.retryAfterSeconds() > 0) {
                res.header(HeaderValues.create(HeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds())));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug in HTTP API " + req.prologue().method() + " " + req.path().path(), e);
            status = 500;
            body = "{\"error\":\"Internal server error\"}";
        }
        res.status(Status.create(status));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        if (status == 408) {
            try {
                res.send(body);
            } catch (RuntimeException gone) {
                // see readBody: the socket is closed already
            }
            return;
        }
        res.send(body);
        answered.accept(route == null ? "unknown" : route, status);
    }

    private String dispatch(ServerRequest req, String relative, String[] segments, String route) {
        if (route == null) {
            throw ApiException.notFound("Unknown route " + relative);
        }
        Method expected = expectedMethod(route);
        if (!req.prologue().method().equals(expected)) {
            throw new ApiException(405, "Method " + req.prologue().method().text() + " is not allowed on " + relative
                    + "; use " + expected.text());
        }
        App app = apps.byId(segments[1]);
        if (app == null) {
            throw ApiException.notFound("Unknown app " + segments[1]);
        }
        byte[] body = readBody(req);
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            if (req.query().all(name).size() > 1) {
                // Which one would the signature cover? Refuse rather than let the first silently win.
                throw ApiException.badRequest("Query parameter " + name + " is given more than once");
            }
            params.put(name, req.query().first(name).orElse(""));
        }
        RequestSignature.verify(app.config(), expected.text(), relative, params, body, epochSeconds.getAsLong());
        Call call = new Call(app, route, segments, params, body);
        return switch (route) {
            case "POST events" -> publishing.event(call);
            case "POST batch_events" -> publishing.batch(call);
            case "GET channels" -> queries.channels(call);
            case "GET channel" -> queries.channel(call);
            case "GET users" -> queries.users(call);
            case "GET connections" -> queries.connections(call);
            case "POST terminate" -> queries.terminate(call);
            default -> throw new IllegalStateException(route);
        };
    }

    /** The route a path names, with its method, or null. */
    private static String route(String[] s) {
        if (s.length < 3 || !s[0].equals("apps") || s[1].isEmpty()) {
            return null;
        }
        if (s.length == 3) {
            return switch (s[2]) {
                case "events" -> "POST events";
                case "batch_events" -> "POST batch_events";
                case "channels" -> "GET channels";
                case "connections" -> "GET connections";
                default -> null;
            };
        }
        if (s[2].equals("channels") && s.length == 4 && !s[3].isEmpty()) {
            return "GET channel";
        }
        if (s[2].equals("channels") && s.length == 5 && s[4].equals("users")) {
            return "GET users";
        }
        if (s[2].equals("users") && s.length == 5 && !s[3].isEmpty() && s[4].equals("terminate_connections")) {
            return "POST terminate";
        }
        return null;
    }

    private static Method expectedMethod(String route) {
        return route.startsWith("POST") ? Method.POST : Method.GET;
    }

    private byte[] readBody(ServerRequest req) {
        if (req.headers().contentLength().orElse(0) > maxRequestSize) {
            throw new ApiException(413, "Request body is larger than max-request-size (" + maxRequestSize + " bytes)");
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(maxRequestSize + 1);
        } catch (NumberFormatException | RequestException e) {
            // Helidon reads the framing lazily: a chunk size that is not hex surfaces here, as the client's mistake.
            throw ApiException.badRequest("The request body is not framed correctly (chunked encoding or Content-Length)");
        } catch (IOException | RuntimeException e) {
            // The socket failed mid-body: the client left, or its body stalled and the transport answered 408 and
            // closed it (reverb.server.request-timeout). Nobody is left to answer.
            throw new ApiException(408, "Request body not received");
        }
        if (body.length > maxRequestSize) {
            throw new ApiException(413, "Request body is larger than max-request-size (" + maxRequestSize + " bytes)");
        }
        return body;
    }
}
