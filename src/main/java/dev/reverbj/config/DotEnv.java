package dev.reverbj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Laravel {@code .env} file: {@code KEY=value} lines, {@code export} prefixes, {@code #} comments,
 * single quotes (literal), double quotes (escapes and {@code ${VAR}} references, may span lines) and unquoted
 * values (references, trailing {@code # comment} removed). A reference resolves against earlier lines, then the
 * process environment, else to "".
 *
 * <p>A line Laravel's dotenv would refuse is a problem naming the file, the line number and the variable, never
 * the value (it may be a secret): a line without {@code =}, a bad variable name, a quote never closed, text after
 * the closing quote. Every problem of the file is reported, not only the first.
 */
public final class DotEnv {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private DotEnv() {
    }

    /** The variables of the file; throws {@link ConfigException} listing every problem. */
    public static Map<String, String> read(Path file, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = read(file, environment, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return values;
    }

    /** The variables of the file; problems are added to {@code problems}, the good lines still count. */
    static Map<String, String> read(Path file, Map<String, String> environment, List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add("--env-file " + file + ": cannot read the file (" + e.getMessage() + ")");
            return Map.of();
        }
        return parse(lines, environment, file.toString(), problems);
    }

    static Map<String, String> parse(List<String> lines, Map<String, String> environment, String file,
                                     List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            if (trimmed.startsWith("export ") || trimmed.startsWith("export\t")) {
                trimmed = trimmed.substring(7).strip();
            }
            int eq = trimmed.indexOf('=');
            String name = (eq < 0 ? trimmed : trimmed.substring(0, eq)).strip();
            if (eq < 0) {
                problems.add(where + (NAME.matcher(name).matches()
                        ? name + ": has no '=' (write " + name + "=value)"
                        : "not a VARIABLE=value line"));
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                problems.add(where + "'" + name + "' is not a variable name (letters, digits and _, not starting with a digit)");
                continue;
            }
            String raw = trimmed.substring(eq + 1).strip();
            if (raw.startsWith("\"")) {
                // A double-quoted value may go on over the next lines until its closing quote.
                int first = i;
                StringBuilder joined = new StringBuilder(raw);
                while (closingQuote(joined, '"') < 0 && i + 1 < lines.size()) {
                    joined.append('\n').append(lines.get(++i));
                }
                raw = joined.toString();
                where = file + ":" + (first + 1) + ": ";
            }
            String value = value(name, raw, values, environment, where, problems);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** Index of the quote closing {@code text} (which starts with one), or -1. */
    private static int closingQuote(CharSequence text, char quote) {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote == '"') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String value(String name, String raw, Map<String, String> earlier, Map<String, String> environment,
                                String where, List<String> problems) {
        if (raw.startsWith("'") || raw.startsWith("\"")) {
            char quote = raw.charAt(0);
            int end = closingQuote(raw, quote);
            if (end < 0) {
                problems.add(where + name + ": the closing " + quote + " is missing");
                return null;
            }
            String after = raw.substring(end + 1).strip();
            if (!after.isEmpty() && !after.startsWith("#")) {
                problems.add(where + name + ": unexpected text after the closing " + quote);
                return null;
            }
            return quote == '\'' ? raw.substring(1, end) : expand(unescape(raw.substring(1, end)), earlier, environment);
        }
        int comment = raw.indexOf(" #");
        String value = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
        return expand(value, earlier, environment);
    }

    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                char next = quoted.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
