package dev.reverbj.observe;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands {@link ServerEvent}s to the node's listeners off the connection threads: one bounded queue and one
 * dispatcher virtual thread per listener, so a slow listener delays neither the server nor other
 * listeners. {@link #publish} never blocks: a full queue drops the event and counts it.
 */
public final class ServerEvents implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServerEvents.class.getName());
    /** Events a listener may fall behind by before events for it are dropped. */
    public static final int QUEUE_CAPACITY = 10_000;

    private final List<Lane> lanes = new ArrayList<>();
    private final NodeMetrics metrics;

    private static final class Lane {
        final ServerEventListener listener;
        final BlockingQueue<ServerEvent> queue;
        final boolean[] wants = new boolean[KINDS.size()];
        Thread thread;

        Lane(ServerEventListener listener, int capacity) {
            this.listener = listener;
            this.queue = new ArrayBlockingQueue<>(capacity);
            for (int i = 0; i < KINDS.size(); i++) {
                wants[i] = listener.wants(KINDS.get(i));
            }
        }
    }

    private static final List<Class<? extends ServerEvent>> KINDS = List.of(
            ServerEvent.ConnectionOpened.class, ServerEvent.ConnectionClosed.class, ServerEvent.ConnectionPruned.class,
            ServerEvent.ChannelCreated.class, ServerEvent.ChannelRemoved.class, ServerEvent.Subscribed.class,
            ServerEvent.Unsubscribed.class, ServerEvent.MessageReceived.class, ServerEvent.MessageSent.class);

    private ServerEvents(List<ServerEventListener> listeners, int capacity, NodeMetrics metrics) {
        this.metrics = metrics;
        for (ServerEventListener listener : listeners) {
            Lane lane = new Lane(listener, capacity);
            lane.thread = Thread.ofVirtual().name("server-events-" + listener.getClass().getSimpleName())
                    .start(() -> dispatch(lane));
            lanes.add(lane);
        }
    }

    /**
     * The listeners found with {@link ServiceLoader} on the class path and in the jars of the {@code libs/}
     * directory next to {@code reverb.jar} (the manifest class path names only the jars of the build, so a
     * jar dropped there is added here).
     */
    public static ServerEvents load(NodeMetrics metrics) {
        List<ServerEventListener> found = new ArrayList<>();
        var loader = ServiceLoader.load(ServerEventListener.class, withLibs()).iterator();
        while (true) {
            try {
                if (!loader.hasNext()) {
                    break;
                }
                ServerEventListener listener = loader.next();
                found.add(listener);
                LOG.log(System.Logger.Level.INFO, "server event listener {0}", listener.getClass().getName());
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.ERROR, "cannot load a server event listener: " + e.getMessage());
            }
        }
        return new ServerEvents(found, QUEUE_CAPACITY, metrics);
    }

    /** The application class loader, plus every jar in {@code libs/} beside the running reverb.jar. */
    private static ClassLoader withLibs() {
        ClassLoader parent = ServerEvents.class.getClassLoader();
        try {
            var source = ServerEvents.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return parent;
            }
            Path jar = Path.of(source.getLocation().toURI());
            Path libs = jar.resolveSibling("libs");
            if (!Files.isRegularFile(jar) || !Files.isDirectory(libs)) {
                return parent;
            }
            List<URL> urls = new ArrayList<>();
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(libs, "*.jar")) {
                for (Path j : jars) {
                    urls.add(j.toUri().toURL());
                }
            }
            // Parent first: the build's own jars keep resolving from the application class loader, and
            // ServiceLoader skips a provider it has already seen through the parent.
            return new URLClassLoader("reverb-libs", urls.toArray(URL[]::new), parent);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot scan libs/ for server event listeners: " + e);
            return parent;
        }
    }

    public static ServerEvents of(List<ServerEventListener> listeners, int capacity, NodeMetrics metrics) {
        return new ServerEvents(listeners, capacity, metrics);
    }

    /** Whether any listener wants events of this kind (so the caller can skip building them). */
    public boolean wants(Class<? extends ServerEvent> kind) {
        int index = KINDS.indexOf(kind);
        for (Lane lane : lanes) {
            if (lane.wants[index]) {
                return true;
            }
        }
        return false;
    }

    /** Queues the event for every listener that wants it; never blocks. */
    public void publish(ServerEvent event) {
        int index = KINDS.indexOf(event.getClass());
        for (Lane lane : lanes) {
            if (lane.wants[index] && !lane.queue.offer(event)) {
                metrics.eventDropped();
            }
        }
    }

    private void dispatch(Lane lane) {
        while (true) {
            ServerEvent event;
            try {
                event = lane.queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                lane.listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "server event listener " + lane.listener.getClass().getName()
                        + " failed on " + event.getClass().getSimpleName(), e);
            }
        }
    }

    /** Gives listeners up to {@code millis} to catch up, then stops their threads. */
    public void close(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Lane lane : lanes) {
            while (!lane.queue.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            lane.thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(1_000);
    }
}
