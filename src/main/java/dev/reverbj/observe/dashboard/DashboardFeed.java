package dev.reverbj.observe.dashboard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open pages. Protocol threads ask {@link #watched} (one volatile read) before building a console
 * event, so with no page open the console costs nothing.
 */
final class DashboardFeed {
    /** Pages open at once; one more gets 503 (each holds a request thread and a queue). */
    static final int MAX_VIEWERS = 16;

    private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
    private volatile boolean watched;

    boolean watched() {
        return watched;
    }

    void offer(ConsoleEvent event) {
        for (Viewer viewer : viewers) {
            viewer.offer(event);
        }
    }

    void stats(String json) {
        for (Viewer viewer : viewers) {
            viewer.stats(json);
        }
    }

    /** @return the new viewer, or null when {@link #MAX_VIEWERS} are open */
    synchronized Viewer join() {
        if (viewers.size() >= MAX_VIEWERS) {
            return null;
        }
        Viewer viewer = new Viewer();
        viewers.add(viewer);
        watched = true;
        return viewer;
    }

    synchronized void leave(Viewer viewer) {
        viewers.remove(viewer);
        watched = !viewers.isEmpty();
    }
}
