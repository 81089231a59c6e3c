package dev.reverbj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The TLS certificate and private key files ({@code reverb.server.tls.*}), checked up front to be PEM that Java
 * can read, so a wrong file is a config problem with the fix in it, not a failure when the listener starts.
 */
final class PemFiles {
    private PemFiles() {
    }

    /**
     * The file named by {@code reverb.server.<field>}, or null when unset or wrong (then a problem is added).
     *
     * @param field {@code tls.certificate} or {@code tls.private-key}
     */
    static Path check(RawValue v, String field, List<String> problems) {
        if (v == null || v.raw().isBlank()) {
            return null;
        }
        Path file = Path.of(v.raw().strip());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add("reverb.server." + field + ": " + file + " does not exist or cannot be read (" + v.source() + ")");
            return null;
        }
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            problems.add("reverb.server." + field + ": cannot read " + file + " (" + e.getMessage() + ")");
            return null;
        }
        String problem = field.equals("tls.private-key") ? privateKeyProblem(file, pem) : certificateProblem(file, pem);
        if (problem != null) {
            problems.add(problem);
            return null;
        }
        return file;
    }

    private static String privateKeyProblem(Path file, String pem) {
        if (pem.contains("BEGIN EC PRIVATE KEY")) {
            return "reverb.server.tls.private-key: " + file + " is an EC key in SEC1 form (BEGIN EC PRIVATE KEY), "
                    + "which Java cannot read; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in "
                    + file + " -out key-pkcs8.pem";
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            return "reverb.server.tls.private-key: " + file + " is encrypted; give an unencrypted PKCS#8 key "
                    + "(openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key-pkcs8.pem)";
        }
        if (!pem.contains("PRIVATE KEY-----")) {
            return "reverb.server.tls.private-key: " + file + " holds no PEM private key";
        }
        return null;
    }

    private static String certificateProblem(Path file, String pem) {
        if (!pem.contains("BEGIN CERTIFICATE")) {
            return "reverb.server.tls.certificate: " + file + " holds no PEM certificate (BEGIN CERTIFICATE)";
        }
        return null;
    }
}
