package dev.reverbj.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Tiny JSON text helpers: the bench writes its own lines and reads only a few fields. */
final class Json {
    private Json() {
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String counts(Map<String, AtomicInteger> counts) {
        StringBuilder sb = new StringBuilder("{");
        counts.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(quote(k)).append(':').append(v.get());
        });
        return sb.append('}').toString();
    }

    /** The string value of {@code "name":"value"} in unescaped JSON text, or null. */
    static String field(String text, String name) {
        String needle = "\"" + name + "\":";
        int i = text.indexOf(needle);
        if (i < 0) {
            return null;
        }
        int p = i + needle.length();
        while (p < text.length() && text.charAt(p) == ' ') {
            p++;
        }
        if (p >= text.length()) {
            return null;
        }
        if (text.charAt(p) == '"') {
            int end = text.indexOf('"', p + 1);
            return end < 0 ? null : text.substring(p + 1, end);
        }
        int end = p;
        while (end < text.length() && ",}] ".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(p, end);
    }
}
