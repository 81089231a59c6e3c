package dev.reverbj.config;

import java.util.List;

/**
 * Everything the server runs with, resolved from all sources.
 *
 * @param usingDefaultApp true when no app was configured anywhere and the development app is served
 * @param warnings        non-fatal findings to print at start (unknown keys, for example)
 * @param scaling         horizontal scaling over Redis; {@link ScalingConfig#DISABLED} for one node
 * @param dashboard       the live dashboard page; {@link DashboardConfig#DISABLED} unless configured
 */
public record ReverbConfig(ServerConfig server, List<AppConfig> apps, boolean usingDefaultApp, List<String> warnings,
                           ScalingConfig scaling, DashboardConfig dashboard) {
    public ReverbConfig {
        apps = List.copyOf(apps);
        warnings = List.copyOf(warnings);
        scaling = scaling == null ? ScalingConfig.DISABLED : scaling;
        dashboard = dashboard == null ? DashboardConfig.DISABLED : dashboard;
    }

    /** Without the dashboard. */
    public ReverbConfig(ServerConfig server, List<AppConfig> apps, boolean usingDefaultApp, List<String> warnings,
                        ScalingConfig scaling) {
        this(server, apps, usingDefaultApp, warnings, scaling, DashboardConfig.DISABLED);
    }

    /** A single-node configuration (scaling off). */
    public ReverbConfig(ServerConfig server, List<AppConfig> apps, boolean usingDefaultApp, List<String> warnings) {
        this(server, apps, usingDefaultApp, warnings, ScalingConfig.DISABLED);
    }
}
