package dev.reverbj.observe;

/** A listener that takes two seconds per event while switched on: it must not slow the server down. */
public final class SleepyListener implements ServerEventListener {
    static volatile boolean sleeping;

    @Override
    public void onEvent(ServerEvent event) {
        if (sleeping) {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
