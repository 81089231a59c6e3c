/**
 * Configuration: immutable records built once at start-up by {@link dev.reverbj.config.ConfigLoader} from
 * the embedded YAML, a YAML file, a Laravel {@code .env}, the environment and flags. Imports Helidon
 * config in the loader only. Nothing reads Helidon {@code Config} after start-up.
 */
package dev.reverbj.config;
