package dev.bwe.jmh;

import java.util.List;

/**
 * The JVM flags a forked benchmark JVM needs, as constants that {@code @Fork(jvmArgsAppend = ...)}
 * can name (annotation values must be compile-time constants, so a list cannot be shared directly).
 *
 * <p>JMH starts each fork as {@code java -cp benchmarks.jar ForkedMain}: a manifest's
 * {@code Add-Opens} would not reach it, and Agrona's {@code UnsafeBuffer} fails with an
 * {@code IllegalAccessError} without {@link #EXPORT_JDK_INTERNAL_MISC}. The set is the parent
 * POM's {@code bwe.jvm.base} (checked by {@code JvmArgsTest}) plus {@link #ENABLE_NATIVE_ACCESS};
 * all of these are accepted by JDK 17 and JDK 25 alike, so the annotation needs no JDK switch.
 *
 * <p>{@link #ALLOW_UNSAFE_MEMORY_ACCESS} is the exception: JDK 17 refuses to start with it, so it is
 * not in the annotation. On JDK 24+ it only silences the "terminally deprecated method in
 * sun.misc.Unsafe" warning (JMH's own {@code Utils} triggers it too; the benchmarks run either way),
 * and forks inherit the launching JVM's flags, so
 * {@code java --sun-misc-unsafe-memory-access=allow -jar benchmarks.jar} passes it on, as surefire's
 * {@code argLine} (the parent's {@code jdk24plus} profile) does for the smoke test.
 * The Chronicle system properties of {@code bwe.jvm.props} are left out: no benchmark loads Chronicle.
 */
public final class JvmArgs {
    public static final String OPEN_JAVA_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPEN_JAVA_LANG_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String EXPORT_JDK_INTERNAL_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String EXPORT_SUN_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String EXPORT_JDK_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String EXPORT_JAVAC_FILE =
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    /** Needed for Agrona's native access on JDK 24+; JDK 17 accepts it too (JEP 412). */
    public static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** JDK 24+ only (JEP 498): JDK 17 does not start with it. Not in the annotation, see above. */
    public static final String ALLOW_UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    private JvmArgs() {
    }

    /** The flags {@link BweBenchmark}'s {@code @Fork} appends, in the same order. */
    public static List<String> forked() {
        return List.of(OPEN_JAVA_LANG, OPEN_JAVA_LANG_REFLECT, EXPORT_JDK_INTERNAL_MISC, EXPORT_SUN_NIO_CH,
            EXPORT_JDK_INTERNAL_REF, EXPORT_JAVAC_FILE, ENABLE_NATIVE_ACCESS);
    }
}
