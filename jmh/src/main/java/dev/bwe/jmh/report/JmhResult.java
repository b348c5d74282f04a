package dev.bwe.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of JMH's {@code -rf json} output: a benchmark method with one set of parameters, its primary
 * score and the secondary figures the report uses (bytes allocated per operation from {@code -prof gc},
 * the pipeline benchmark's publisher counters), and the run settings that produced it.
 *
 * @param className  the benchmark class's simple name, e.g. {@code EstimatorBenchmark}
 * @param method     the benchmark method, e.g. {@code estimatorWithRemb}
 * @param params     parameter name → value, in JMH's order
 * @param score      the primary score, in {@code unit}
 * @param error      half-width of JMH's 99.9 % confidence interval; NaN with a single measurement
 * @param secondary  secondary metric name → score (NaN scores kept)
 */
public record JmhResult(String className, String method, Map<String, String> params, double score, double error,
                        String unit, Map<String, Double> secondary, int forks, int warmupIterations,
                        String warmupTime, int measurementIterations, String measurementTime, String jdkVersion,
                        String vmName, String vmVersion) {
    /** {@code gc.alloc.rate.norm}: bytes allocated per operation (all threads), NaN without {@code -prof gc}. */
    public double bytesPerOp() {
        return secondary.getOrDefault("gc.alloc.rate.norm", Double.NaN);
    }

    public String param(final String name) {
        return params.get(name);
    }

    /** Reads every entry of one or more JMH JSON result files. */
    public static List<JmhResult> read(final List<Path> files) throws IOException {
        final List<JmhResult> results = new ArrayList<>();
        for (final Path file : files) {
            for (final Object entry : Json.list(Json.parse(Files.readString(file, StandardCharsets.UTF_8)))) {
                results.add(of(entry));
            }
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    static JmhResult of(final Object entry) {
        final String benchmark = Json.string(Json.get(entry, "benchmark"), "?");
        final int methodDot = benchmark.lastIndexOf('.');
        final String qualifiedClass = benchmark.substring(0, Math.max(0, methodDot));
        final String className = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
        final Map<String, String> params = new LinkedHashMap<>();
        final Object paramsObject = Json.get(entry, "params");
        if (paramsObject instanceof Map) {
            ((Map<String, Object>) paramsObject).forEach((key, value) -> params.put(key, String.valueOf(value)));
        }
        final Map<String, Double> secondary = new LinkedHashMap<>();
        final Object secondaryObject = Json.get(entry, "secondaryMetrics");
        if (secondaryObject instanceof Map) {
            ((Map<String, Object>) secondaryObject).forEach((key, value) ->
                secondary.put(key, Json.number(Json.get(value, "score"))));
        }
        return new JmhResult(className, benchmark.substring(methodDot + 1), params,
            Json.number(Json.at(entry, "primaryMetric", "score")),
            Json.number(Json.at(entry, "primaryMetric", "scoreError")),
            Json.string(Json.at(entry, "primaryMetric", "scoreUnit"), ""), secondary,
            (int) Json.number(Json.get(entry, "forks")), (int) Json.number(Json.get(entry, "warmupIterations")),
            Json.string(Json.get(entry, "warmupTime"), "?"),
            (int) Json.number(Json.get(entry, "measurementIterations")),
            Json.string(Json.get(entry, "measurementTime"), "?"), Json.string(Json.get(entry, "jdkVersion"), "?"),
            Json.string(Json.get(entry, "vmName"), "?"), Json.string(Json.get(entry, "vmVersion"), "?"));
    }
}
