package dev.reverbj.observe.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The dashboard's HTTP side: {@code GET {path}} (and {@code {path}/}) is the page, one self-contained HTML file
 * from the class path (inline CSS and script, no external asset, so it works on a box without internet);
 * {@code GET {path}/feed} is its server-sent-event stream: {@code hello} once, then {@code stats} every second
 * and {@code events} (console lines, with how many were dropped) as they come. Everything needs basic auth
 * (401 otherwise); anything but GET is 405: the page only reads.
 */
final class DashboardRoutes {
    /** How often a viewer's thread wakes to send what queued. */
    private static final long FLUSH_MILLIS = 200;
    /** Console lines per {@code events} message at most. */
    private static final int BATCH = 500;

    private final Dashboard dashboard;
    private final DashboardAuth auth;

    DashboardRoutes(Dashboard dashboard, DashboardAuth auth) {
        this.dashboard = dashboard;
        this.auth = auth;
    }

    void register(HttpRouting.Builder routing, String path) {
        String feedPath = path + "/feed";
        String html = page(feedPath);
        byte[] page = html.getBytes(StandardCharsets.UTF_8);
        // Only the page's own script may run: its hash is the one script source allowed.
        String policy = "default-src 'none'; script-src '" + scriptHash(html) + "'; style-src 'unsafe-inline'; "
                + "connect-src 'self'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        Handler pageHandler = guarded((req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            res.header("Content-Security-Policy", policy);
            res.send(page);
        });
        routing.get(path, pageHandler);
        routing.get(path + "/", pageHandler);
        routing.get(feedPath, guarded(this::feed));
        Handler readOnly = guarded((req, res) -> {
            res.status(Status.METHOD_NOT_ALLOWED_405);
            res.header(HeaderNames.ALLOW, "GET");
            res.send("405 Method Not Allowed: the dashboard is read-only\n");
        });
        for (String p : List.of(path, path + "/", feedPath)) {
            routing.any(p, readOnly);
        }
    }

    /** Basic auth first, then the handler; every answer is private and never cached. */
    private Handler guarded(Handler handler) {
        return (req, res) -> {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            res.header("X-Frame-Options", "DENY");
            if (!auth.allows(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
                res.status(Status.UNAUTHORIZED_401);
                res.header(HeaderNames.WWW_AUTHENTICATE, DashboardAuth.CHALLENGE);
                res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                res.send("401 Unauthorized: the Reverb/J dashboard needs its username and password\n");
                return;
            }
            handler.handle(req, res);
        };
    }

    /** The stream of one open page; runs on its request's thread until the page goes or the node stops. */
    private void feed(ServerRequest req, ServerResponse res) {
        DashboardFeed feed = dashboard.feed();
        Viewer viewer = feed.join();
        if (viewer == null) {
            res.status(Status.SERVICE_UNAVAILABLE_503);
            res.send("503 Service Unavailable: " + DashboardFeed.MAX_VIEWERS + " dashboard pages are open already\n");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        // nginx would otherwise buffer the stream.
        res.header("X-Accel-Buffering", "no");
        try (OutputStream out = res.outputStream()) {
            send(out, "hello", dashboard.hello());
            // Now, not with the first figures: until this flush the page has not even the response headers.
            out.flush();
            long reported = 0;
            while (!dashboard.closed()) {
                boolean wrote = false;
                String stats = viewer.takeStats();
                if (stats != null) {
                    send(out, "stats", stats);
                    wrote = true;
                }
                List<ConsoleEvent> events = viewer.drain(BATCH);
                long dropped = viewer.dropped();
                if (!events.isEmpty() || dropped != reported) {
                    send(out, "events", events(events, dropped));
                    reported = dropped;
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                }
                if (events.size() < BATCH) {
                    // Caught up: wait for more. A full batch means more is queued: send it at once.
                    Thread.sleep(FLUSH_MILLIS);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The page was closed: nothing to do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.leave(viewer);
        }
    }

    private static String events(List<ConsoleEvent> events, long dropped) {
        StringBuilder out = new StringBuilder(256 * events.size() + 32);
        out.append("{\"dropped\":").append(dropped).append(",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            events.get(i).appendJson(out);
        }
        return out.append("]}").toString();
    }

    /** One server-sent event; the JSON has no newline, so it is one {@code data:} line. */
    private static void send(OutputStream out, String event, String json) throws IOException {
        out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code sha256-<base64>} of the text of the page's one inline script, for its Content-Security-Policy. */
    static String scriptHash(String html) {
        int start = html.indexOf("<script>") + "<script>".length();
        int end = html.indexOf("</script>", start);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(html.substring(start, end).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String page(String feedPath) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html is missing from the jar");
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return html.replace("{{FEED}}", feedPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
