/**
 * bwe's pipeline seen through Micrometer and Prometheus, outside {@code bwe-pipeline} so that a relay that
 * does not want Micrometer does not get it. {@link dev.bwe.metrics.BweMetrics} turns every pipeline
 * counter into a meter (tags {@code shard}, and {@code reason} for rejections) and, opt-in and capped,
 * adds per-session gauges while each session is open; {@link dev.bwe.metrics.PrometheusEndpoint} serves a
 * Prometheus registry's scrape on {@code /metrics}. Meters only read counters and the lock-free session
 * status: a scrape never touches the packet path.
 */
package dev.bwe.metrics;
