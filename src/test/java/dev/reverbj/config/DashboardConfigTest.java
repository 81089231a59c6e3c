package dev.reverbj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reverb.dashboard.*}: off by default, never on without credentials, environment over YAML. */
class DashboardConfigTest {
    @TempDir
    Path dir;

    private Path yaml(String dashboard) throws IOException {
        Path file = dir.resolve("reverb.yaml");
        Files.writeString(file, "reverb:\n  dashboard:\n" + dashboard);
        return file;
    }

    @Test
    void theDashboardIsOffByDefault() {
        DashboardConfig dashboard = ConfigLoader.load(null, null, Map.of(), Map.of()).dashboard();
        assertFalse(dashboard.enabled());
        assertEquals("/dashboard", dashboard.path());
    }

    @Test
    void enabledWithoutCredentialsIsOneProblem() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(yaml("    enabled: true\n    username: ops\n"), null, Map.of(), Map.of()));
        assertEquals(List.of("reverb.dashboard: enabled without credentials; set reverb.dashboard.username and password "
                + "(or REVERB_DASHBOARD_USERNAME and REVERB_DASHBOARD_PASSWORD)"), e.problems());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(null, null, Map.of(),
                Map.of("REVERB_DASHBOARD_ENABLED", "true", "REVERB_DASHBOARD_PASSWORD", "x")));
    }

    @Test
    void theEnvironmentEnablesItAndOverridesTheFile() throws IOException {
        DashboardConfig dashboard = ConfigLoader.load(yaml("    enabled: false\n    username: ops\n    password: from-file\n"),
                null, Map.of(), Map.of("REVERB_DASHBOARD_ENABLED", "true", "REVERB_DASHBOARD_PASSWORD", "from-env",
                        "REVERB_DASHBOARD_PATH", "ops/live/")).dashboard();
        assertEquals(new DashboardConfig(true, "ops", "from-env", "/ops/live"), dashboard);
        assertFalse(dashboard.toString().contains("from-env"), "the password is never printed");
    }

    @Test
    void configPrintShowsTheDashboardButHidesItsPassword() throws IOException {
        List<Setting> settings = ConfigLoader.describe(yaml("    enabled: true\n    username: ops\n    password: s3cret\n"),
                null, Map.of(), Map.of()).settings();
        Setting password = settings.stream().filter(s -> s.key().equals("reverb.dashboard.password")).findFirst().orElseThrow();
        assertTrue(password.secret(), "printed as <hidden>");
        assertTrue(settings.stream().anyMatch(s -> s.key().equals("reverb.dashboard.username") && "ops".equals(s.value())));
    }

    @Test
    void aPathThatIsNotItsOwnIsRefused() throws IOException {
        for (String path : List.of("/", "/apps", "/app/x", "/metrics", "/up", "/a b", "/x?y")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                    yaml("    enabled: true\n    username: ops\n    password: pw\n    path: \"" + path + "\"\n"), null,
                    Map.of(), Map.of()), path);
            assertTrue(e.problems().get(0).startsWith("reverb.dashboard.path: must be a URL path of its own"),
                    e.problems().toString());
        }
    }

    @Test
    void aUsernameWithAColonIsRefused() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                yaml("    enabled: true\n    username: \"a:b\"\n    password: pw\n"), null, Map.of(), Map.of()));
        assertTrue(e.problems().get(0).startsWith("reverb.dashboard.username: must not contain ':'"), e.problems().toString());
    }

    @Test
    void anUnknownDashboardKeyIsAWarning() throws IOException {
        ReverbConfig config = ConfigLoader.load(yaml("    enabled: false\n    pasword: typo\n"), null, Map.of(), Map.of());
        assertTrue(config.warnings().stream().anyMatch(w -> w.startsWith("unknown key reverb.dashboard.pasword")),
                config.warnings().toString());
    }
}
