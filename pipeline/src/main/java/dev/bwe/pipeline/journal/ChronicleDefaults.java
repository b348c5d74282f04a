package dev.bwe.pipeline.journal;

/**
 * The Chronicle system properties bwe wants, set before any Chronicle class initialises so that
 * library users need not pass them: no analytics (it would phone home and write into the home
 * directory), no banner, no disk-space monitor thread. A value the user set wins.
 */
final class ChronicleDefaults {
    private ChronicleDefaults() {
    }

    /** Idempotent; called from the static initialisers of the classes that touch Chronicle first. */
    static void apply() {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("chronicle.disk.monitor.disable", "true");
    }

    private static void setIfAbsent(final String key, final String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
