package dev.bwe.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every bwe benchmark shares, in one place: JMH reads these annotations from the
 * superclass of a benchmark class. The {@code @Fork} flags are {@link JvmArgs#forked()}, spelled out
 * because an annotation cannot take a list constant.
 *
 * <p>The iteration counts are for a quiet machine (the BENCHMARKS.md run); command-line options
 * ({@code -f}, {@code -wi}, {@code -i}, ...) override them, as the smoke test does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {
    JvmArgs.OPEN_JAVA_LANG,
    JvmArgs.OPEN_JAVA_LANG_REFLECT,
    JvmArgs.EXPORT_JDK_INTERNAL_MISC,
    JvmArgs.EXPORT_SUN_NIO_CH,
    JvmArgs.EXPORT_JDK_INTERNAL_REF,
    JvmArgs.EXPORT_JAVAC_FILE,
    JvmArgs.ENABLE_NATIVE_ACCESS,
})
public abstract class BweBenchmark {
}
