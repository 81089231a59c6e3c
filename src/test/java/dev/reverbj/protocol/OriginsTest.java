package dev.reverbj.protocol;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OriginsTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "*, https://anything.test, true",
            "*, , true",
            "laravel.com, https://laravel.com, true",
            "laravel.com, https://sub.laravel.com, false",
            "*.laravel.com, https://sub.laravel.com, true",
            "*.laravel.com, https://laravel.com, false",
            "*.example.com, https://app.example.com:8443, true",
            "app.example.com, http://APP.example.com, true",
            "example.com, https://evil-example.com, false",
            "example.com, , false",
            "example.com, null, false",
            "example.com, not a url, false",
    })
    void originHostsMatchGlobs(String glob, String origin, boolean allowed) {
        assertEquals(allowed, Origins.allowed(List.of(glob), origin));
    }
}
