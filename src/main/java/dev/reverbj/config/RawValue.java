package dev.reverbj.config;

/** A configuration value as written, before it is checked, and where it came from, for error messages. */
record RawValue(String raw, String source) {
}
