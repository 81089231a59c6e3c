package dev.reverbj.cli;

import java.util.List;

import dev.reverbj.api.HttpApi;
import dev.reverbj.cluster.Broker;
import dev.reverbj.cluster.LocalBroker;
import dev.reverbj.cluster.RedisBroker;
import dev.reverbj.config.ReverbConfig;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.ChannelManager;
import dev.reverbj.protocol.Clock;
import dev.reverbj.protocol.Liveness;
import dev.reverbj.transport.ReverbServer;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;

/** One running Reverb/J node: apps, broker, liveness sweep and web server, wired by constructors. */
public final class Node implements AutoCloseable {
    private final ReverbConfig config;
    private final Apps apps;
    private final Broker broker;
    private final Liveness liveness;
    private final ReverbServer server;

    private Node(ReverbConfig config, Apps apps, Broker broker, Liveness liveness, ReverbServer server) {
        this.config = config;
        this.apps = apps;
        this.broker = broker;
        this.liveness = liveness;
        this.server = server;
    }

    public static Node start(ReverbConfig config) {
        Broker broker = config.scaling().enabled() ? RedisBroker.create(config.scaling()) : new LocalBroker();
        Clock clock = Clock.SYSTEM;
        List<App> appList = config.apps().stream()
                .map(a -> new App(a, broker, clock, ChannelManager.ChannelEvents.NONE))
                .toList();
        Apps apps = new Apps(appList);
        broker.start(apps);
        Liveness liveness = Liveness.start(apps, clock);
        String prefix = config.server().path();
        HttpApi api = new HttpApi(apps, prefix, config.server().maxRequestSize(), () -> System.currentTimeMillis() / 1000);
        ReverbServer server = ReverbServer.start(config, apps, routing -> {
            routes(routing, prefix);
            api.register(routing);
        });
        return new Node(config, apps, broker, liveness, server);
    }

    private static void routes(HttpRouting.Builder routing, String prefix) {
        routing.get(prefix + "/up", (req, res) -> {
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
            res.send("{\"health\":\"OK\"}");
        });
        if (!prefix.isEmpty()) {
            routing.get("/up", (req, res) -> {
                res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
                res.send("{\"health\":\"OK\"}");
            });
        }
    }

    public int port() {
        return server.port();
    }

    public Apps apps() {
        return apps;
    }

    public ReverbConfig config() {
        return config;
    }

    public Broker broker() {
        return broker;
    }

    @Override
    public void close() {
        liveness.close();
        server.close();
        broker.close();
    }
}
