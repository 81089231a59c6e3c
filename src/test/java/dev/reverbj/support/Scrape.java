package dev.reverbj.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One {@code GET /metrics} over HTTP, parsed from the Prometheus text format: every sample with its labels. Several
 * nodes in one JVM share Helidon's registry, so {@link #of(TestServer)} keeps only the samples of that node (by its
 * {@code node} label) and those without one (JVM and process meters).
 */
public record Scrape(String text, List<Sample> samples) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** The node's samples from its own main port. */
    public static Scrape of(TestServer server) {
        return of(server.httpBase(), server.node().metrics().node());
    }

    /** The samples {@code base + /metrics} shows for one node (null: all of them). */
    public static Scrape of(String base, String node) {
        HttpResponse<String> res = get(base + "/metrics");
        if (res.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + res.statusCode() + ": " + res.body());
        }
        String type = res.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/plain")) {
            throw new AssertionError("not Prometheus text: " + type);
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : res.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample sample = parse(line);
            String of = sample.labels().get("node");
            if (node == null || of == null || of.equals(node)) {
                samples.add(sample);
            }
        }
        return new Scrape(res.body(), List.copyOf(samples));
    }

    public static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of the one sample named so whose labels include the given {@code key, value} pairs. */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + List.of(labels) + " in:\n" + text);
        }
        return found.getFirst().value();
    }

    /** Like {@link #value} but 0 when there is no such sample (a counter not created yet). */
    public double valueOrZero(String name, String... labels) {
        return has(name, labels) ? value(name, labels) : 0;
    }

    public boolean has(String name, String... labels) {
        return !find(name, labels).isEmpty();
    }

    public List<Sample> find(String name, String... labels) {
        Predicate<Sample> match = s -> s.name().equals(name);
        for (int i = 0; i + 1 < labels.length; i += 2) {
            String key = labels[i];
            String value = labels[i + 1];
            match = match.and(s -> value.equals(s.labels().get(key)));
        }
        return samples.stream().filter(match).toList();
    }

    private static Sample parse(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace < 0 || brace > space) {
            name = line.substring(0, line.indexOf(' '));
        } else {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).trim();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            space = line.indexOf(' ', line.indexOf('}'));
        }
        String rest = line.substring(space + 1).trim();
        int more = rest.indexOf(' ');
        return new Sample(name, labels, Double.parseDouble(more < 0 ? rest : rest.substring(0, more)));
    }
}
