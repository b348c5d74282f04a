#!/usr/bin/env bash
# Runs every bwe benchmark (estimator, RTP parse, pipeline throughput, pipeline latency), each beside its
# baseline, with JSON output, then writes BENCHMARKS.md at the repository root from those results.
#
#   ./jmh/run-benchmarks.sh           the BENCHMARKS.md run: about 12 minutes on 2 cores. Run it on a quiet
#                                     machine: nothing else running (the report records the load average).
#   ./jmh/run-benchmarks.sh --quick   a smoke run, about 2 minutes: 1 fork, sub-second iterations. It proves
#                                     everything works end to end; BENCHMARKS.md then says it is a smoke run.
#   options: --no-build (use the existing jmh/target/benchmarks.jar), --out FILE (instead of BENCHMARKS.md)
#
# JSON results and logs stay in jmh/target/benchmark-results/. Set JAVA to pick a JDK (default: java).
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

QUICK=0
BUILD=1
OUT=BENCHMARKS.md
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --no-build) BUILD=0 ;;
        --out) shift; OUT=${1:?--out needs a file} ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-benchmarks.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=jmh/target/benchmarks.jar
RESULTS=jmh/target/benchmark-results
STARTED_S=$(date +%s)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
GIT_REV=$(git describe --always --dirty 2>/dev/null || echo '?')

# JDK 24+ warns about Agrona's and JMH's sun.misc.Unsafe use unless told; JDK 17 refuses the flag.
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
JAVA_FLAGS=()
if [ "${JAVA_MAJOR%%.*}" -ge 24 ] 2>/dev/null; then
    JAVA_FLAGS=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi

if [ "$QUICK" = 1 ]; then
    # Smoke: one fork, short iterations. The estimator keeps 2 s of warm-up: before C2 it allocates.
    ESTIMATOR_RUN=(-f 1 -wi 1 -w 2s -i 1 -r 500ms)
    PARSE_RUN=(-f 1 -wi 1 -w 1s -i 1 -r 500ms)
    PIPELINE_RUN=(-f 1 -wi 1 -w 500ms -i 1 -r 500ms)
    LATENCY_RUN=(--quick)
    COMMAND="./jmh/run-benchmarks.sh --quick"
else
    # About 1.8 + 2.3 + 3.2 + 3 minutes, plus the build. The estimator and parser keep their class defaults
    # (3 forks × 5 × 1 s); the pipeline's forks are slower to set up (lap, correctness check), so 2 forks.
    ESTIMATOR_RUN=(-f 3 -wi 5 -w 1s -i 5 -r 1s)
    PARSE_RUN=(-f 3 -wi 5 -w 1s -i 5 -r 1s)
    PIPELINE_RUN=(-f 2 -wi 4 -w 1s -i 5 -r 1s)
    LATENCY_RUN=()
    COMMAND="./jmh/run-benchmarks.sh"
fi

if [ "$BUILD" = 1 ]; then
    ./mvnw -B -ntp -q -pl jmh -am package -DskipTests
fi
[ -f "$JAR" ] || { echo "run-benchmarks.sh: $JAR is missing; run without --no-build" >&2; exit 1; }
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.json "$RESULTS"/*.log

jmh() {
    local name=$1; shift
    echo "== $name: $*"
    "$JAVA" "${JAVA_FLAGS[@]}" -jar "$JAR" "$@" -prof gc -rf json -rff "$RESULTS/$name.json" 2>&1 \
        | tee "$RESULTS/$name.log"
}

jmh estimator EstimatorBenchmark "${ESTIMATOR_RUN[@]}"
jmh parse ParseBenchmark "${PARSE_RUN[@]}"
jmh pipeline PipelineThroughputBenchmark "${PIPELINE_RUN[@]}"
echo "== latency: ${LATENCY_RUN[*]}"
"$JAVA" "${JAVA_FLAGS[@]}" -cp "$JAR" dev.bwe.jmh.PipelineLatencyHarness "${LATENCY_RUN[@]}" \
    --out "$RESULTS/latency.json" 2>&1 | tee "$RESULTS/latency.log"

REPORT_FLAGS=()
[ "$QUICK" = 1 ] && REPORT_FLAGS=(--quick)
"$JAVA" -cp "$JAR" dev.bwe.jmh.report.BenchmarksReport "${REPORT_FLAGS[@]}" \
    --jmh "$RESULTS/estimator.json" --jmh "$RESULTS/parse.json" --jmh "$RESULTS/pipeline.json" \
    --latency "$RESULTS/latency.json" --out "$OUT" --command "$COMMAND" --git "$GIT_REV" \
    --started "$STARTED" --duration-s $(( $(date +%s) - STARTED_S )) --load-start "$LOAD_START" \
    --load-end "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" --nproc "$(nproc 2>/dev/null || echo '?')"
