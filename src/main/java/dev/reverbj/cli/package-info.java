/**
 * The command line ({@code start}) and the wiring of a node from its parts with plain constructors.
 * May import every other package. Runs on the main thread; the shutdown hook stops the node.
 */
package dev.reverbj.cli;
