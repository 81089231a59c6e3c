package dev.reverbj.protocol;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Matches the host of an {@code Origin} header against an app's {@code allowed-origins} globs, where
 * {@code *} is any run of characters (SPEC.md section 1): {@code laravel.com} does not match
 * {@code sub.laravel.com}, and {@code *.laravel.com} does not match {@code laravel.com}.
 */
public final class Origins {
    private Origins() {
    }

    /** @param origin the raw header, or null when the client sent none */
    public static boolean allowed(List<String> globs, String origin) {
        if (globs.contains("*")) {
            return true;
        }
        String host = hostOf(origin);
        if (host == null) {
            return false;
        }
        for (String glob : globs) {
            if (globMatches(glob.toLowerCase(Locale.ROOT), host)) {
                return true;
            }
        }
        return false;
    }

    static String hostOf(String origin) {
        if (origin == null || origin.isBlank() || origin.equals("null")) {
            return null;
        }
        try {
            String host = URI.create(origin.trim()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean globMatches(String glob, String text) {
        // Iterative wildcard match with backtracking to the last '*'.
        int g = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (star >= 0) {
                g = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
