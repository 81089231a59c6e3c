package dev.reverbj.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.wire.JsonText;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The signed Pusher HTTP API under {@code {path}/apps/...} (SPEC.md section 7). One handler routes by path
 * and method so that every refusal, 404 and 405 included, is a JSON body {@code {"error": "..."}}.
 * Runs on Helidon's request virtual threads; answers come from the {@link dev.reverbj.cluster.Broker} so
 * that they are cluster-wide when scaling is on.
 */
public final class HttpApi {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private final Apps apps;
    private final String prefix;
    private final int maxRequestSize;
    private final LongSupplier epochSeconds;
    private final Publishing publishing = new Publishing();
    private final Queries queries = new Queries();

    /** What one request is about, after routing. */
    record Call(App app, String route, String[] segments, Map<String, String> params, byte[] body) {
    }

    public HttpApi(Apps apps, String prefix, int maxRequestSize, LongSupplier epochSeconds) {
        this.apps = apps;
        this.prefix = prefix;
        this.maxRequestSize = maxRequestSize;
        this.epochSeconds = epochSeconds;
    }

    public void register(HttpRouting.Builder routing) {
        routing.any(prefix + "/apps", this::handle);
        routing.any(prefix + "/apps/*", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        int status = 200;
        String body;
        try {
            body = dispatch(req);
        } catch (ApiException e) {
            status = e.status();
            body = "{\"error\":" + JsonText.quote(e.getMessage()) + "}";
            if (status == 405) {
                res.header(HeaderValues.create(HeaderNames.ALLOW, allowedMethod(req)));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug in HTTP API " + req.prologue().method() + " " + req.path().path(), e);
            status = 500;
            body = "{\"error\":\"Internal server error\"}";
        }
        res.status(Status.create(status));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        res.send(body);
    }

    private String dispatch(ServerRequest req) {
        String path = req.path().path();
        String relative = path.substring(prefix.length());
        String[] segments = relative.substring(1).split("/", -1);
        String route = route(segments);
        if (route == null) {
            throw ApiException.notFound("Unknown route " + relative);
        }
        Method expected = route.startsWith("POST") ? Method.POST : Method.GET;
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

    /**
     * The route a request path names, like {@code "POST events"}, or {@code "unknown"}: the label of the
     * {@code reverb_http_api_requests_total} metric.
     *
     * @param relativePath the path without the configured prefix, starting with {@code /apps}
     */
    public static String routeOf(String relativePath) {
        String route = relativePath.length() > 1 ? route(relativePath.substring(1).split("/", -1)) : null;
        return route == null ? "unknown" : route;
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

    private String allowedMethod(ServerRequest req) {
        String path = req.path().path().substring(prefix.length());
        String route = route(path.substring(1).split("/", -1));
        return route != null && route.startsWith("POST") ? "POST" : "GET";
    }

    private byte[] readBody(ServerRequest req) {
        if (req.headers().contentLength().orElse(0) > maxRequestSize) {
            throw new ApiException(413, "Request body is larger than max-request-size (" + maxRequestSize + " bytes)");
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxRequestSize + 1);
            if (body.length > maxRequestSize) {
                throw new ApiException(413, "Request body is larger than max-request-size (" + maxRequestSize + " bytes)");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
