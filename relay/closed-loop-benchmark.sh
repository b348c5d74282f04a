#!/usr/bin/env bash
# The closed-loop Chromium benchmark: headless Chromium through the shaper (300 kbps, 1 Mbps at 20 s, 300 kbps at
# 45 s) to bwe parity, bwe adaptive and libwebrtc's own receiver, RUNS times each (default 3, interleaved), then
# the medians: rise to 450 kbps, reaction to the drop, mean estimates, send rates, queue p95, drops.
# Needs Debian's chromium, chromium-driver and tshark. About 1 minute per receiver per run.
# Usage: relay/closed-loop-benchmark.sh [RUNS]   (from anywhere)
# Writes relay/closed-loop-benchmark.md and puts it into BENCHMARKS.md as its section (where
# ./jmh/run-benchmarks.sh keeps it when it rewrites that file).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
table=relay/target/browser-artifacts/closed-loop-benchmark.md
rm -f "$table"
# The figures are written before the test's assertions run: report them even when an assertion fails.
status=0
BWE_BROWSER_TESTS=required BWE_CLOSED_LOOP_RUNS="$runs" ./mvnw -B -ntp -q -pl relay -am test \
  -Dtest=ClosedLoopBrowserTest -Dsurefire.failIfNoSpecifiedTests=false || status=$?
if [ ! -f "$table" ]; then
  echo "closed-loop-benchmark: the runs did not finish (exit $status); nothing written" >&2
  exit "${status:-1}"
fi
section=relay/closed-loop-benchmark.md
{
  echo "## Chromium closed loop: bwe parity, bwe adaptive and libwebrtc (\`relay/closed-loop-benchmark.sh\`)"
  echo
  echo "> Written by \`relay/closed-loop-benchmark.sh $runs\` on $started from commit" \
    "\`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- . ':!BENCHMARKS.md' ':!relay/closed-loop-benchmark.md' \
    || echo ' plus uncommitted changes'); load average $load_start at the start," \
    "$(cut -d' ' -f1-3 /proc/loadavg) at the end, on $(nproc) cores (other builds ran beside it)."
  echo
  echo "Headless Debian Chromium sends a 320x240 noise clip (VP8) through the relay's UDP shaper (300 ms drop-tail"
  echo "queue, 20 ms one-way delay); only REMB steers it (transport-cc is not negotiated). Each receiver gets the"
  echo "same link, one after the other, and the rounds are interleaved. A figure that a run never reached is left"
  echo "out of the median and counted. The same runs, once each, are the test \`ClosedLoopBrowserTest\` in CI."
  if [ "$status" -ne 0 ]; then
    echo
    echo "**The test's assertions failed in this run** (exit $status): see its output for which."
  fi
  echo
  cat "$table"
} > "$section"
# BENCHMARKS.md: this section replaces the one there, in the place BenchmarksReport puts it (after the generated
# part, before the sections appended after it, e.g. the scaling one), or goes at the end.
tmp="$(mktemp)"
awk -v section="$section" '
  function put() { while ((getline line < section) > 0) print line; print ""; placed = 1 }
  /^## Chromium closed loop/ { skipping = 1; next }
  skipping && /^## / { skipping = 0 }
  skipping { next }
  !placed && /^## Scaling with sessions/ { put() }
  { print }
  END { if (!placed) { print ""; put() } }
' BENCHMARKS.md | cat -s > "$tmp"
mv "$tmp" BENCHMARKS.md
echo
cat "$section"
exit "$status"
