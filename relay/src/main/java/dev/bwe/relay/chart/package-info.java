/**
 * The relay page's live chart, server side: a sampler that every 500 ms reads the shaper's capacity and
 * queue, bwe's estimate and REMBs, the reference receiver's REMBs and the figures the page posts from the
 * browser's getStats, into a bounded {@link dev.bwe.relay.chart.RunTimeline}; and its JSON (for the page's
 * uPlot chart) and CSV (the download) forms. Nothing here is on the packet path.
 */
package dev.bwe.relay.chart;
