package dev.reverbj.cluster;

/** The single-node broker: no other node to send to, hear from or count. */
public final class LocalBroker implements Broker {
}
