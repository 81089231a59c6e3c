package dev.reverbj.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;

/**
 * Puts what each other node sends back into that node's order, once. A message already applied (a batch
 * written again after a failure, a copy sent for another node) is dropped; one that arrives after a hole (this
 * node was not subscribed for a moment, e.g. while Redis restarted) waits until the hole is filled: the sender
 * is asked to publish again from the hole on, asked again every {@code retryMillis} (asks made while this node
 * was cut off from Redis do not count: {@link #askAgain}), and after three asks the
 * hole is given up (logged: the sender no longer keeps those envelopes). The first message from a node sets
 * where its sequence starts here; a copy sent for another node never does.
 *
 * <p>Used only on the broker's cluster thread.
 */
final class Sequencer {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
    private static final int ASKS = 3;

    private static final class Origin {
        long next;
        final TreeMap<Long, Envelope.Received> waiting = new TreeMap<>();
        boolean hole;
        long holeSince;
        int asked;

        Origin(long next) {
            this.next = next;
        }
    }

    private final Map<String, Origin> origins = new HashMap<>();
    private final int maxWaiting;
    private final long retryMillis;
    private long duplicates;

    /** @param maxWaiting messages kept per node behind a hole; beyond it the hole is given up at once */
    Sequencer(int maxWaiting, long retryMillis) {
        this.maxWaiting = maxWaiting;
        this.retryMillis = retryMillis;
    }

    /**
     * @param ask told (node, first missing sequence number) when a hole opens
     * @return the messages that are now in order, oldest first (none when this one waits or is a duplicate)
     */
    List<Envelope.Received> accept(Envelope.Received message, long now, ObjLongConsumer<String> ask) {
        if (message.seq() <= 0) {
            return List.of(message);
        }
        Origin origin = origins.get(message.node());
        if (origin == null) {
            if (message.replay()) {
                return List.of();
            }
            origin = new Origin(message.seq());
            origins.put(message.node(), origin);
        }
        if (message.seq() < origin.next || origin.waiting.containsKey(message.seq())) {
            duplicates++;
            return List.of();
        }
        if (message.seq() > origin.next) {
            origin.waiting.put(message.seq(), message);
            if (!origin.hole) {
                origin.hole = true;
                origin.holeSince = now;
                origin.asked = 1;
                ask.accept(message.node(), origin.next);
            }
            return origin.waiting.size() > maxWaiting ? skipHole(message.node(), origin) : List.of();
        }
        List<Envelope.Received> ready = new ArrayList<>();
        ready.add(message);
        origin.next++;
        drain(origin, ready);
        return ready;
    }

    /**
     * Called every heartbeat: asks again for holes open longer than the retry interval, and gives up those asked
     * for three times.
     *
     * @return messages released by giving up a hole, in order
     */
    List<Envelope.Received> expire(long now, ObjLongConsumer<String> ask) {
        List<Envelope.Received> ready = new ArrayList<>();
        origins.forEach((node, origin) -> {
            if (!origin.hole || now - origin.holeSince < retryMillis) {
                return;
            }
            if (origin.asked < ASKS) {
                origin.asked++;
                origin.holeSince = now;
                ask.accept(node, origin.next);
            } else {
                ready.addAll(skipHole(node, origin));
            }
        });
        return ready;
    }

    /**
     * This node was cut off from Redis: its asks may have gone nowhere. Every open hole is asked for at the next
     * {@link #expire}, three times again, before it is given up.
     */
    void askAgain() {
        origins.values().forEach(origin -> {
            if (origin.hole) {
                origin.holeSince = Long.MIN_VALUE / 2;
                origin.asked = 0;
            }
        });
    }

    private List<Envelope.Received> skipHole(String node, Origin origin) {
        long first = origin.waiting.firstKey();
        LOG.log(System.Logger.Level.WARNING, "cluster node {0}: envelopes {1} to {2} never arrived; going on without them",
                node, origin.next, first - 1);
        origin.next = first;
        origin.hole = false;
        List<Envelope.Received> ready = new ArrayList<>();
        drain(origin, ready);
        return ready;
    }

    private static void drain(Origin origin, List<Envelope.Received> ready) {
        Envelope.Received next;
        while ((next = origin.waiting.remove(origin.next)) != null) {
            ready.add(next);
            origin.next++;
        }
        if (origin.waiting.isEmpty()) {
            origin.hole = false;
        } else if (!origin.hole) {
            // A new hole behind the one just filled: expire() asks for it at the next beat.
            origin.hole = true;
            origin.holeSince = Long.MIN_VALUE / 2;
            origin.asked = 0;
        }
    }

    /** The node left the cluster: forget where its sequence was. */
    void forget(String node) {
        origins.remove(node);
    }

    long duplicates() {
        return duplicates;
    }
}
