#!/usr/bin/env bash
# The closed-loop Chromium benchmark: headless Chromium through the shaper (300 kbps, 1 Mbps at 20 s, 300 kbps at
# 40 s) to bwe parity, bwe adaptive and libwebrtc's own receiver, RUNS times each (default 3, interleaved), then
# the medians: rise to 450 kbps, reaction to the drop, mean estimates, send rates, queue p95, drops.
# Needs Debian's chromium, chromium-driver and tshark. About 1 minute per receiver per run.
# Usage: relay/closed-loop-benchmark.sh [RUNS]   (from anywhere; prints the table and writes
# relay/target/browser-artifacts/closed-loop-benchmark.md)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
BWE_BROWSER_TESTS=required BWE_CLOSED_LOOP_RUNS="$runs" ./mvnw -B -ntp -q -pl relay -am test \
  -Dtest=ClosedLoopBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
echo
cat relay/target/browser-artifacts/closed-loop-benchmark.md
