package dev.reverbj.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Builds the {@link ReverbConfig} from, lowest precedence first: the embedded {@code application.yaml},
 * the {@code --config} YAML file, the {@code --env-file} (Laravel {@code .env}), the process environment
 * ({@code REVERB_*} names as Laravel Reverb uses them) and command-line flags. Every value is checked; all
 * problems are reported together, each naming its key and where it came from.
 */
public final class ConfigLoader {
    public static final String DEFAULT_APP_ID = "reverb-dev";
    public static final String DEFAULT_APP_KEY = "reverb-dev-key";
    public static final String DEFAULT_APP_SECRET = "reverb-dev-secret";

    private final ValueReader in = new ValueReader();
    private PublicAddress publicAddress = PublicAddress.UNSET;

    private ConfigLoader() {
    }

    /**
     * @param configFile  the {@code --config} file, or null
     * @param envFile     the {@code --env-file}, or null
     * @param flags       command-line values by server key ({@code host}, {@code port}, {@code path},
     *                    {@code hostname}, {@code debug})
     * @param environment the process environment
     * @throws ConfigException listing every problem found
     */
    public static ReverbConfig load(Path configFile, Path envFile, Map<String, String> flags, Map<String, String> environment) {
        return new ConfigLoader().resolve(configFile, envFile, flags, environment);
    }

    /**
     * The same as {@link #load}, plus every effective value with its source ("default" when no source set it),
     * for {@code reverb config --print}.
     */
    public static Effective describe(Path configFile, Path envFile, Map<String, String> flags,
                                     Map<String, String> environment) {
        ConfigLoader loader = new ConfigLoader();
        ReverbConfig config = loader.resolve(configFile, envFile, flags, environment);
        return new Effective(config, loader.in.settings(), loader.publicAddress);
    }

    /**
     * A loaded configuration, the settings it was built from (in the order they were read) and the address
     * clients use.
     */
    public record Effective(ReverbConfig config, List<Setting> settings, PublicAddress publicAddress) {
    }

    private ReverbConfig resolve(Path configFile, Path envFile, Map<String, String> flags, Map<String, String> environment) {
        List<String> problems = in.problems();
        Map<String, RawValue> yaml = new LinkedHashMap<>(
                YamlFile.flatten(Config.just(ConfigSources.classpath("application.yaml")), ValueReader.EMBEDDED));
        if (configFile != null) {
            Map<String, RawValue> fromFile = YamlFile.read(configFile, problems, in.warnings());
            // A file that lists apps replaces the embedded list as a whole.
            if (fromFile.keySet().stream().anyMatch(k -> k.startsWith("reverb.apps."))) {
                yaml.keySet().removeIf(k -> k.startsWith("reverb.apps."));
            }
            yaml.putAll(fromFile);
        }
        EnvironmentOverrides env = EnvironmentOverrides.read(envFile, environment, problems);

        ConfigSections sections = ConfigSections.of(yaml, in.warnings());
        env.applyTo(sections);
        flags.forEach((key, raw) -> sections.server().put(key, new RawValue(raw, "--" + key)));

        RawValue target = yaml.get("reverb.ops.connections-target");
        if (target != null) {
            // Read by ops/render.sh only, through config --print.
            in.record("reverb.ops.connections-target", target.raw().strip(), target);
        }
        ServerConfig serverConfig = ServerConfigReader.read(sections.server(), in);
        publicAddress = ServerConfigReader.publicAddress(sections.server(), serverConfig.hostname(), in);
        ScalingConfig scalingConfig = ScalingConfigReader.read(sections.scaling(), in);
        DashboardConfig dashboardConfig = DashboardConfigReader.read(sections.dashboard(), in);
        List<AppConfig> appConfigs = AppConfigReader.readAll(sections.apps(), in);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        boolean usingDefault = appConfigs.isEmpty();
        if (usingDefault) {
            appConfigs.add(AppConfig.withDefaults(DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_APP_SECRET));
            RawValue dev = new RawValue("", "development app (--dev)");
            in.record("reverb.apps[0].app-id", DEFAULT_APP_ID, dev);
            in.record("reverb.apps[0].key", DEFAULT_APP_KEY, dev);
            in.record("reverb.apps[0].secret", DEFAULT_APP_SECRET, dev);
        }
        return new ReverbConfig(serverConfig, appConfigs, usingDefault, in.warnings(), scalingConfig, dashboardConfig);
    }
}
