package dev.reverbj.cluster;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.SocketId;

/** The single-node broker: delivery is a direct hand-off to this node's channels. */
public final class LocalBroker implements Broker {
    @Override
    public void publish(App app, ChannelName channel, String frame, SocketId except) {
        app.channels().deliver(channel, frame, except);
    }
}
