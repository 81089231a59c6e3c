/**
 * The command line ({@code start}, {@code config --print}, {@code restart}, {@code install}, {@code --version}) and
 * the wiring of a node from its parts with plain constructors. May import every other package. Runs on the main
 * thread; the shutdown hook stops the node. The jar's entry point, {@code Launcher}, lives in
 * {@code src/launcher/java}: it is compiled for Java 8 so that an old {@code java} gets a one-line answer.
 */
package dev.reverbj.cli;
