package dev.reverbj.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command that runs this Reverb/J again, for messages that tell the user what to type next: no
 * {@code reverb} is on the PATH after a build, so the message names the launcher of the jlink image
 * ({@code target/reverb/bin/reverb}) when there is one, else the java and jar now running.
 */
final class SelfCommand {
    private SelfCommand() {
    }

    static String of() {
        Path home = Path.of(System.getProperty("java.home"));
        Path imageLauncher = home.resolveSibling("bin").resolve("reverb");
        if (home.getFileName() != null && home.getFileName().toString().equals("runtime") && Files.isExecutable(imageLauncher)) {
            return shortest(imageLauncher);
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path besideJar = jar.resolveSibling("reverb").resolve("bin").resolve("reverb");
            if (Files.isExecutable(besideJar)) {
                return shortest(besideJar);
            }
            if (Files.isRegularFile(jar)) {
                return shortest(home.resolve("bin").resolve("java")) + " -XX:+ExitOnOutOfMemoryError -jar " + shortest(jar);
            }
        } catch (Exception e) {
            // fall through
        }
        return "reverb";
    }

    /** Relative to the working directory when under it. */
    private static String shortest(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
