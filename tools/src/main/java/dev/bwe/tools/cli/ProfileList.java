package dev.bwe.tools.cli;

import dev.bwe.estimator.EstimatorProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --profile} option's value: one profile ({@code adaptive}) or several to compare
 * ({@code parity,adaptive}), each parsed by {@link EstimatorProfile#parse(String)}.
 */
final class ProfileList {
    private ProfileList() {
    }

    /** The profiles in the order given; a profile named twice is an error, as is an empty list. */
    static List<EstimatorProfile> parse(final String text) {
        final List<EstimatorProfile> profiles = new ArrayList<>();
        for (final String name : text.split(",", -1)) {
            if (name.isBlank()) {
                throw new UserError("--profile has an empty entry in '" + text + "': expected e.g. parity,adaptive");
            }
            final EstimatorProfile profile;
            try {
                profile = EstimatorProfile.parse(name);
            } catch (final IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
            if (profiles.contains(profile)) {
                throw new UserError("--profile names " + profile.cliName() + " twice");
            }
            profiles.add(profile);
        }
        return profiles;
    }

    /**
     * {@code file} with {@code -PROFILE} before its extension ({@code sim.csv} → {@code sim-adaptive.csv},
     * {@code journal} → {@code journal-adaptive}) when several profiles run, so their outputs do not collide;
     * {@code file} itself for a single profile.
     */
    static Path withProfile(final Path file, final EstimatorProfile profile, final boolean several) {
        if (file == null || !several) {
            return file;
        }
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        final String renamed = dot > 0 ? name.substring(0, dot) + "-" + profile.cliName() + name.substring(dot)
            : name + "-" + profile.cliName();
        return file.resolveSibling(renamed);
    }
}
