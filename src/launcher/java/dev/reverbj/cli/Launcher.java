package dev.reverbj.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 8 so that any old {@code java} can run it: on a Java older than 21 it
 * prints one line (what is needed, and the bundled runtime {@code reverb/bin/reverb} that needs no JDK) and exits
 * with 1, instead of an {@code UnsupportedClassVersionError}; otherwise it hands over to {@link Main}.
 * It must not touch any class compiled for 21 before the check.
 */
public final class Launcher {
    static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int major = major(System.getProperty("java.specification.version", "0"));
        if (major < REQUIRED) {
            System.err.println("reverb: needs Java " + REQUIRED + " or newer, but this is Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home")
                    + "); run " + bundledLauncher() + " instead, which brings its own Java runtime");
            System.exit(1);
        }
        try {
            Class.forName("dev.reverbj.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "1.8" → 8, "17" → 17, "21.0.1" → 21; 0 when unreadable. */
    static int major(String specification) {
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }

    /** The image's launcher beside the running jar: {@code target/reverb/bin/reverb} for {@code target/reverb.jar}. */
    private static String bundledLauncher() {
        try {
            File jar = new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            File dir = jar.getParentFile();
            for (File candidate : new File[] {new File(dir, "reverb/bin/reverb"), new File(dir, "bin/reverb")}) {
                if (candidate.isFile()) {
                    return relative(candidate);
                }
            }
        } catch (Exception e) {
            // fall through to the documented path
        }
        return "target/reverb/bin/reverb";
    }

    private static String relative(File file) {
        String cwd = new File("").getAbsolutePath() + File.separator;
        String path = file.getAbsolutePath();
        return path.startsWith(cwd) ? path.substring(cwd.length()) : path;
    }
}
