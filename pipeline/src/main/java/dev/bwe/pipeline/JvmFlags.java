package dev.bwe.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags bwe's libraries need, checked when a pipeline is built so that a missing one fails at
 * once with the list, instead of an {@link IllegalAccessError} on the first packet or journal write.
 *
 * <p>Agrona reaches {@code jdk.internal.misc.Unsafe} (always); Chronicle Queue, the journal, opens
 * {@code java.lang} and {@code java.lang.reflect} and reaches three more internal packages. The flags are
 * checked for the modules the libraries are in: the unnamed module on the class path
 * ({@code ALL-UNNAMED}), or their automatic modules on the module path.
 */
public final class JvmFlags {
    /** Always needed (Agrona). */
    static final String AGRONA_EXPORT = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private JvmFlags() {
    }

    /** Every flag bwe may need, as one line for a command line or a launcher script. */
    public static String all() {
        return String.join(" ", AGRONA_EXPORT,
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
    }

    /**
     * The flags this JVM lacks for a pipeline, as they would be written on the command line (empty
     * when all are there).
     *
     * @param journal whether the pipeline journals (Chronicle Queue's flags are needed then)
     */
    public static List<String> missing(final boolean journal) {
        final List<String> missing = new ArrayList<>();
        final Module agrona = org.agrona.DirectBuffer.class.getModule();
        requireExport(missing, "java.base", "jdk.internal.misc", agrona);
        if (journal) {
            final Module chronicle = net.openhft.chronicle.core.Jvm.class.getModule();
            requireOpen(missing, "java.base", "java.lang", chronicle);
            requireOpen(missing, "java.base", "java.lang.reflect", chronicle);
            requireExport(missing, "java.base", "sun.nio.ch", chronicle);
            requireExport(missing, "java.base", "jdk.internal.ref", chronicle);
            // Only where the JDK has the compiler module (a jlinked runtime may not, and Chronicle copes).
            requireExport(missing, "jdk.compiler", "com.sun.tools.javac.file", chronicle);
        }
        return missing;
    }

    /** Throws when a flag is missing, naming every missing one. */
    static void check(final boolean journal) {
        final List<String> missing = missing(journal);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("bwe needs JVM flags that this JVM was started without: "
                + String.join(" ", missing) + ". Add them to the java command line (or Add-Opens/Add-Exports in "
                + "an executable jar's manifest); all of bwe's flags: " + all()
                + ". See README.md, \"Embed it in a relay\".");
        }
    }

    private static void requireExport(final List<String> missing, final String moduleName, final String pkg,
                                      final Module to) {
        final Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
        if (module.isPresent() && !module.get().isExported(pkg, to)) {
            missing.add("--add-exports=" + moduleName + "/" + pkg + "=" + target(to));
        }
    }

    private static void requireOpen(final List<String> missing, final String moduleName, final String pkg,
                                    final Module to) {
        final Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
        if (module.isPresent() && !module.get().isOpen(pkg, to)) {
            missing.add("--add-opens=" + moduleName + "/" + pkg + "=" + target(to));
        }
    }

    private static String target(final Module module) {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }
}
