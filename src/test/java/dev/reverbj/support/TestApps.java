package dev.reverbj.support;

import dev.reverbj.config.AppConfig;

/** The apps most tests run with, and their YAML. */
public final class TestApps {
    public static final AppConfig MAIN = AppConfig.withDefaults("app-1", "key-1", "secret-1");

    private TestApps() {
    }

    /** One app ({@link #MAIN}) with the given extra app settings, as YAML lines indented for the app block. */
    public static String yaml(String... extraAppLines) {
        StringBuilder yaml = new StringBuilder("""
                reverb:
                  apps:
                    - app-id: app-1
                      key: key-1
                      secret: secret-1
                """);
        for (String line : extraAppLines) {
            yaml.append("      ").append(line).append('\n');
        }
        return yaml.toString();
    }
}
