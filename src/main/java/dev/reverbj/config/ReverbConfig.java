package dev.reverbj.config;

import java.util.List;

/**
 * Everything the server runs with, resolved from all sources.
 *
 * @param usingDefaultApp true when no app was configured anywhere and the development app is served
 * @param warnings        non-fatal findings to print at start (unknown keys, for example)
 */
public record ReverbConfig(ServerConfig server, List<AppConfig> apps, boolean usingDefaultApp, List<String> warnings) {
    public ReverbConfig {
        apps = List.copyOf(apps);
        warnings = List.copyOf(warnings);
    }
}
