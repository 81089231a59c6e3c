package dev.reverbj.cli;

import java.util.ArrayList;
import java.util.List;

import dev.reverbj.observe.ServerEvent;
import dev.reverbj.observe.ServerEventListener;

/**
 * Test-only hook for {@link OutOfMemoryExitIT}: with {@code -Dreverb.test.exhaust-heap=true}, the first connection
 * makes this listener allocate until the heap runs out, on its own thread. Without the property it wants no event
 * (it is on the class path of every in-process test).
 */
public final class HeapExhaustingListener implements ServerEventListener {
    private static final List<long[]> HELD = new ArrayList<>();

    @Override
    public boolean wants(Class<? extends ServerEvent> kind) {
        return Boolean.getBoolean("reverb.test.exhaust-heap") && kind == ServerEvent.ConnectionOpened.class;
    }

    @Override
    public void onEvent(ServerEvent event) {
        while (true) {
            HELD.add(new long[1 << 17]);
        }
    }
}
