package dev.bwe.tools.sim;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A named, documented simulation setup. {@link #config()} builds a fresh {@link SimulationConfig} each
 * time; change its seed, duration or receiver with {@link SimulationConfig#toBuilder()}.
 */
public final class Scenario {
    private final String name;
    private final String description;
    private final Supplier<SimulationConfig> config;

    public Scenario(final String name, final String description, final Supplier<SimulationConfig> config) {
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

    public SimulationConfig config() {
        return config.get();
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
