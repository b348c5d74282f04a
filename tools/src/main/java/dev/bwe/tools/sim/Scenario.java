package dev.bwe.tools.sim;

import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * A named, documented simulation setup. {@link #config()} builds a fresh {@link SimulationConfig} each
 * time; change its seed, duration or receiver with {@link SimulationConfig#toBuilder()}.
 */
public final class Scenario {
    private final String name;
    private final String description;
    private final LongFunction<SimulationConfig> config;

    /** A scenario whose setup does not depend on the seed (only the run's random draws do). */
    public Scenario(final String name, final String description, final Supplier<SimulationConfig> config) {
        this(name, description, seed -> config.get());
        Objects.requireNonNull(config, "config");
    }

    /**
     * A scenario whose setup is itself drawn from the seed (a random-walk capacity, say): {@code config}
     * maps a seed to the setup; the run's own draws use the same seed.
     */
    public Scenario(final String name, final String description, final LongFunction<SimulationConfig> config) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.config = Objects.requireNonNull(config, "config");
    }

    public String name() {
        return name;
    }

    /** One or two sentences: what the scenario checks and where its numbers come from. */
    public String description() {
        return description;
    }

    /** The setup for seed 1. */
    public SimulationConfig config() {
        return config(1);
    }

    /** The setup for {@code seed}, with {@link SimulationConfig#seed()} set to it. */
    public SimulationConfig config(final long seed) {
        return config.apply(seed).toBuilder().seed(seed).build();
    }

    /** Runs the scenario as configured. */
    public SimulationResult run() {
        return Simulation.run(config());
    }

    @Override
    public String toString() {
        return name + ": " + description;
    }
}
