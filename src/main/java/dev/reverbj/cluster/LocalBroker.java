package dev.reverbj.cluster;

import java.util.List;
import java.util.Optional;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.SocketId;

/** The single-node broker: delivery is a direct hand-off to this node's channels; answers are local. */
public final class LocalBroker implements Broker {
    @Override
    public void publish(App app, ChannelName channel, String frame, SocketId except) {
        app.channels().deliver(channel, frame, except);
    }

    @Override
    public List<ChannelSnapshot> channels(App app) {
        return LocalState.channels(app);
    }

    @Override
    public Optional<ChannelSnapshot> channel(App app, ChannelName channel) {
        return LocalState.channel(app, channel);
    }

    @Override
    public int connections(App app) {
        return app.connectionCount();
    }

    @Override
    public void terminate(App app, String userId) {
        app.terminateUser(userId);
    }
}
