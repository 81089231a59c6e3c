package dev.reverbj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code reverb install}: fresh app credentials, like {@code php artisan reverb:install}. An app id of 6
 * digits, a key and a secret of 20 random lowercase letters, all from {@link SecureRandom}; written as the
 * {@code REVERB_*} and {@code VITE_REVERB_*} lines a Laravel {@code .env} uses, or printed as a YAML app block.
 * A variable the file already has is kept unless {@code --force} is given.
 */
final class Install {
    private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=.*$");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    /** The new credentials. */
    record Credentials(String appId, String key, String secret) {
        static Credentials random(SecureRandom random) {
            String id = Integer.toString(100_000 + random.nextInt(900_000));
            return new Credentials(id, letters(random, 20), letters(random, 20));
        }

        private static String letters(SecureRandom random, int n) {
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
            return s.toString();
        }
    }

    private Install() {
    }

    /** The lines for a {@code .env}, in order, by variable name. */
    static Map<String, String> envLines(Credentials c, String host, String port, String scheme) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("BROADCAST_CONNECTION", "reverb");
        lines.put("REVERB_APP_ID", c.appId());
        lines.put("REVERB_APP_KEY", c.key());
        lines.put("REVERB_APP_SECRET", c.secret());
        lines.put("REVERB_HOST", "\"" + host + "\"");
        lines.put("REVERB_PORT", port);
        lines.put("REVERB_SCHEME", scheme);
        lines.put("VITE_REVERB_APP_KEY", "\"${REVERB_APP_KEY}\"");
        lines.put("VITE_REVERB_HOST", "\"${REVERB_HOST}\"");
        lines.put("VITE_REVERB_PORT", "\"${REVERB_PORT}\"");
        lines.put("VITE_REVERB_SCHEME", "\"${REVERB_SCHEME}\"");
        return lines;
    }

    static String yaml(Credentials c) {
        return """
                reverb:
                  apps:
                    - app-id: "%s"
                      key: %s
                      secret: %s
                      allowed-origins: ["*"]
                """.formatted(c.appId(), c.key(), c.secret());
    }

    /** What {@link #writeEnv} did to the file. */
    record Changes(boolean created, int added, int replaced, int kept) {
        String summary(Path file) {
            if (added + replaced == 0) {
                return "Nothing changed: " + file + " already has every variable (" + kept
                        + " kept; --force replaces them).";
            }
            return (created ? "Created " : "Updated ") + file + ": " + added + " added, " + replaced + " replaced, "
                    + kept + " kept.";
        }
    }

    /**
     * Merges the lines into the file: a variable already there is kept (reported), or replaced in place
     * with {@code force}; new ones are appended. The file is not written when nothing changes.
     */
    static Changes writeEnv(Path file, Map<String, String> wanted, boolean force, PrintStream out) throws IOException {
        boolean exists = Files.exists(file);
        List<String> lines = exists ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>();
        int replaced = 0;
        int kept = 0;
        Map<String, String> missing = new LinkedHashMap<>(wanted);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (!m.matches() || !wanted.containsKey(m.group(1))) {
                continue;
            }
            String name = m.group(1);
            if (!missing.containsKey(name)) {
                continue;
            }
            if (force) {
                lines.set(i, name + "=" + wanted.get(name));
                out.println("replaced " + name);
                replaced++;
            } else {
                out.println("kept existing " + name + " (use --force to replace it)");
                kept++;
            }
            missing.remove(name);
        }
        if (!missing.isEmpty()) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                lines.add("");
            }
            boolean vite = false;
            for (Map.Entry<String, String> e : missing.entrySet()) {
                if (e.getKey().startsWith("VITE_") && !vite && !lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                    lines.add("");
                }
                vite |= e.getKey().startsWith("VITE_");
                lines.add(e.getKey() + "=" + e.getValue());
                out.println("added " + e.getKey());
            }
        }
        if (!missing.isEmpty() || replaced > 0 || !exists) {
            Files.write(file, lines);
        }
        return new Changes(!exists, missing.size(), replaced, kept);
    }
}
