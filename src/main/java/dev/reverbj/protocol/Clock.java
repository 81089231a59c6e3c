package dev.reverbj.protocol;

/** Monotonic time in milliseconds; injected so liveness rules are tested without sleeping. */
@FunctionalInterface
public interface Clock {
    Clock SYSTEM = () -> System.nanoTime() / 1_000_000L;

    long millis();
}
