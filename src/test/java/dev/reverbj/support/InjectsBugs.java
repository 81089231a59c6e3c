package dev.reverbj.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test (or a test class) that injects a bug on purpose (a listener that throws, a broken dependency), so
 * the SEVERE lines it causes are expected: {@link NoSevereLogs} lets them pass. Say in {@link #value} what is
 * injected.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface InjectsBugs {
    String value();
}
