package dev.reverbj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Laravel {@code .env} file: {@code KEY=value} lines, {@code export} prefixes, {@code #} comments,
 * single quotes (literal), double quotes (escapes and {@code ${VAR}} references) and unquoted values
 * (references, trailing {@code # comment} removed). A reference resolves against earlier lines, then the
 * process environment, else to "".
 */
public final class DotEnv {
    private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*(.*)$");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private DotEnv() {
    }

    public static Map<String, String> read(Path file, Map<String, String> environment) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException(List.of("--env-file " + file + ": cannot read the file (" + e.getMessage() + ")"));
        }
        return parse(lines, environment);
    }

    static Map<String, String> parse(List<String> lines, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(trimmed);
            if (!m.matches()) {
                continue;
            }
            values.put(m.group(1), value(m.group(2), values, environment));
        }
        return values;
    }

    private static String value(String raw, Map<String, String> earlier, Map<String, String> environment) {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            return end < 0 ? raw.substring(1) : raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> next;
                    });
                } else if (c == '"') {
                    break;
                } else {
                    out.append(c);
                }
            }
            return expand(out.toString(), earlier, environment);
        }
        int comment = raw.indexOf(" #");
        String value = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
        return expand(value, earlier, environment);
    }

    private static String expand(String value, Map<String, String> earlier, Map<String, String> environment) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = earlier.containsKey(name) ? earlier.get(name) : environment.getOrDefault(name, "");
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
