package dev.reverbj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The {@code --config} YAML file, flattened to dotted keys. A file that cannot be read, is not YAML, or has no
 * {@code reverb:} root is a problem naming the file (and the line of the first top-level key): without the root
 * every setting would be ignored and the server would run on defaults. Other top-level keys beside
 * {@code reverb:} are warned about.
 */
final class YamlFile {
    private static final Pattern TOP_LEVEL = Pattern.compile("^[\"']?([^\\s:#\"'{}\\[\\]-][^:#\"']*?)[\"']?\\s*:(\\s|$)");

    private YamlFile() {
    }

    static Map<String, RawValue> read(Path file, List<String> problems, List<String> warnings) {
        String where = "--config " + file;
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(where + ": the file does not exist or cannot be read");
            return Map.of();
        }
        Map<String, RawValue> values;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
            values = flatten(Config.just(ConfigSources.file(file)), file.toString());
        } catch (IOException | RuntimeException e) {
            problems.add(where + ": not valid YAML (" + e.getMessage() + ")");
            return Map.of();
        }
        Map<String, Integer> roots = topLevelKeys(lines);
        values.keySet().forEach(k -> roots.putIfAbsent(k.split("\\.", 2)[0], 1));
        if (!roots.containsKey("reverb")) {
            int line = roots.values().stream().findFirst().orElse(1);
            problems.add(file + ":" + line + ": no 'reverb:' root" + (roots.isEmpty() ? " (the file is empty)"
                    : " (top-level keys: " + String.join(", ", roots.keySet()) + ")")
                    + "; every setting goes under reverb:, see README.md");
            return Map.of();
        }
        roots.forEach((key, line) -> {
            if (!key.equals("reverb")) {
                warnings.add(file + ":" + line + ": top-level key '" + key + "' is outside the reverb: root (ignored)");
            }
        });
        return values;
    }

    /** Every leaf of {@code root} by its dotted key ({@code reverb.apps.0.key}), each marked with {@code source}. */
    static Map<String, RawValue> flatten(Config root, String source) {
        Map<String, RawValue> flat = new LinkedHashMap<>();
        root.traverse()
                .filter(Config::isLeaf)
                .forEach(node -> flat.put(node.key().toString(), new RawValue(node.asString().orElse(""), source)));
        return flat;
    }

    /** Block-style top-level keys and their line numbers (1-based), in file order. */
    private static Map<String, Integer> topLevelKeys(List<String> lines) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TOP_LEVEL.matcher(lines.get(i));
            if (m.find()) {
                keys.putIfAbsent(m.group(1).strip(), i + 1);
            }
        }
        return keys;
    }
}
