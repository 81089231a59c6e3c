package dev.reverbj.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bookkeeping of one load: every problem and warning found, and every effective value with its source (for
 * {@code reverb config --print}), plus the readers that turn raw values into typed ones. A reader never throws:
 * a bad value is a problem naming its key and source, and the reader returns the fallback so checking goes on.
 * One instance per load, used by one thread.
 */
final class ValueReader {
    /** The source of the built-in defaults, shown as "default". */
    static final String EMBEDDED = "embedded application.yaml";

    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Every value the configuration was built from, by key, in the order they were read. */
    private final Map<String, Setting> settings = new LinkedHashMap<>();

    /** Problems so far; callers add to it. Any problem fails the load. */
    List<String> problems() {
        return problems;
    }

    /** Warnings so far; callers add to it. */
    List<String> warnings() {
        return warnings;
    }

    List<Setting> settings() {
        return List.copyOf(settings.values());
    }

    /** Records {@code key}'s effective value; {@code from} null (or the embedded file) means "default". */
    void record(String key, Object value, RawValue from) {
        settings.put(key, new Setting(key, value, from == null || from.source().equals(EMBEDDED) ? "default" : from.source()));
    }

    /** The stripped value of {@code field}, or null after a problem when it is unset or blank. */
    String required(Map<String, RawValue> values, String field, String prefix) {
        RawValue v = values.get(field);
        if (v == null || v.raw().isBlank()) {
            String where = values.values().stream().findFirst().map(RawValue::source).orElse("configuration");
            problems.add(prefix + field + ": is required but missing (" + where + ")");
            return null;
        }
        record(prefix + field, v.raw().strip(), v);
        return v.raw().strip();
    }

    String text(Map<String, RawValue> values, String field, String key, String fallback) {
        RawValue v = values.get(field);
        String value = v == null ? fallback : v.raw().strip();
        record(key, value, v);
        return value;
    }

    /** A whole number in [{@code min}, {@code max}]; {@code fallback} when unset, blank or wrong. */
    int integer(Map<String, RawValue> values, String field, String key, int fallback, int min, int max) {
        RawValue v = values.get(field);
        if (v == null || v.raw().isBlank()) {
            record(key, fallback, null);
            return fallback;
        }
        try {
            long parsed = Long.parseLong(v.raw().strip());
            if (parsed < min || parsed > max) {
                problems.add(key + ": must be between " + min + " and " + max + ", got " + parsed + " (" + v.source() + ")");
                return fallback;
            }
            record(key, (int) parsed, v);
            return (int) parsed;
        } catch (NumberFormatException e) {
            problems.add(key + ": must be a whole number, got '" + v.raw() + "' (" + v.source() + ")");
            return fallback;
        }
    }

    /** true/1/yes/on or false/0/no/off, in any case; {@code fallback} when unset, blank or wrong. */
    boolean bool(Map<String, RawValue> values, String field, String key, boolean fallback) {
        RawValue v = values.get(field);
        if (v == null || v.raw().isBlank()) {
            record(key, fallback, null);
            return fallback;
        }
        return switch (v.raw().strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> {
                record(key, true, v);
                yield true;
            }
            case "false", "0", "no", "off" -> {
                record(key, false, v);
                yield false;
            }
            default -> {
                problems.add(key + ": must be true or false, got '" + v.raw() + "' (" + v.source() + ")");
                yield fallback;
            }
        };
    }
}
