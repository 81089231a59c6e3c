package dev.reverbj.cluster;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link Holds} of a node alone: every change of this node is a change of the cluster. One thread only. */
final class LocalHolds implements Holds {
    private final Set<String> held = new HashSet<>();

    @Override
    public boolean acquire(String key) {
        return held.add(key);
    }

    @Override
    public boolean release(String key) {
        return held.remove(key);
    }

    @Override
    public Set<String> held(Collection<String> keys) {
        return keys.stream().filter(held::contains).collect(Collectors.toSet());
    }

    @Override
    public Swept sweep() {
        return Swept.NOTHING;
    }

    @Override
    public void close() {
    }
}
