package dev.reverbj.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code reverb start} with the dashboard enabled but no credentials: exit 2 and one line, nothing listens. */
class DashboardStartTest {
    @TempDir
    Path dir;

    @Test
    void anEnabledDashboardWithoutCredentialsStopsStartWithExit2AndOneLine() throws Exception {
        Path yaml = dir.resolve("reverb.yaml");
        Files.writeString(yaml, "reverb:\n  dashboard:\n    enabled: true\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"start", "--config", yaml.toString(), "--host", "127.0.0.1", "--port", "0"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("reverb: invalid configuration: reverb.dashboard: enabled without credentials; set "
                + "reverb.dashboard.username and password (or REVERB_DASHBOARD_USERNAME and REVERB_DASHBOARD_PASSWORD)\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
