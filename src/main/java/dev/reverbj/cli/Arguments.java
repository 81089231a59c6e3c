package dev.reverbj.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code --name value}, {@code --name=value} and {@code --flag} options. */
final class Arguments {
    private Arguments() {
    }

    /**
     * @param known option name to whether it takes a value
     * @throws IllegalArgumentException naming the offending argument
     */
    static Map<String, String> parse(String[] args, int from, Map<String, Boolean> known) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Boolean takesValue = known.get(name);
            if (takesValue == null) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (takesValue && value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args[++i];
            } else if (!takesValue && value != null) {
                throw new IllegalArgumentException("option --" + name + " takes no value");
            }
            options.put(name, takesValue ? value : "true");
        }
        return options;
    }
}
