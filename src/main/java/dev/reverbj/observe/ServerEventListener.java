package dev.reverbj.observe;

/**
 * The server-event SPI: a class implementing this, named in
 * {@code META-INF/services/dev.reverbj.observe.ServerEventListener} of a jar on the class path (for
 * {@code java -jar reverb.jar}: a jar in {@code libs/} next to it), is created once per node with its public
 * no-argument constructor and told of every {@link ServerEvent}. See docs/operations.md.
 *
 * <p>Each listener has its own bounded queue and its own dispatcher thread: {@link #onEvent} is called
 * for one event at a time, in the order the events happened, never on a connection thread. A listener
 * that is slow only falls behind; when its queue is full, further events for it are dropped and counted
 * ({@code reverb_server_events_dropped_total}). An exception thrown by {@link #onEvent} is logged and the
 * next event is delivered.
 */
public interface ServerEventListener {
    void onEvent(ServerEvent event);

    /**
     * Whether this listener wants events of a kind; asked once at start-up. Saying no to
     * {@link ServerEvent.MessageSent} and {@link ServerEvent.MessageReceived} saves an event per frame.
     */
    default boolean wants(Class<? extends ServerEvent> kind) {
        return true;
    }
}
