/**
 * The closed-loop network simulator behind {@code bwe simulate} and {@code bwe demo}: RTP senders, a
 * bottleneck network and the receiver under test, run in simulated time by one discrete-event loop, as
 * fast as the CPU allows, deterministic for a given seed.
 *
 * <pre>
 *   VideoSender ──▶ BottleneckLink ──────────────────────────────▶ SimReceiver (EstimatorReceiver, later the pipeline)
 *   (frames, Pacer,   loss ▸ FIFO at CapacitySchedule(t) ▸              │
 *    abs-send-time)   propagation delay + jitter (no reordering)       │ RembFeedback
 *        ▲            ▲ TcpLikeCrossTraffic shares the FIFO            │
 *        └────────────────── REMB after the reverse delay ◀────────────┘
 * </pre>
 *
 * <p>Parts, one job each:
 * <ul>
 *   <li>{@link dev.bwe.tools.sim.EventLoop}: simulated time and the agenda, ties broken by scheduling order.</li>
 *   <li>{@link dev.bwe.tools.sim.CapacitySchedule}, {@link dev.bwe.tools.sim.QueueLimit},
 *       {@link dev.bwe.tools.sim.BurstLoss}, {@link dev.bwe.tools.sim.LinkConfig} and
 *       {@link dev.bwe.tools.sim.BottleneckLink}: the network path.</li>
 *   <li>{@link dev.bwe.tools.sim.VideoSender} with its {@code Pacer}: RTP streams that follow REMB.</li>
 *   <li>{@link dev.bwe.tools.sim.TcpLikeCrossTraffic}: an AIMD flow competing for the bottleneck.</li>
 *   <li>{@link dev.bwe.tools.sim.SimReceiver}, {@link dev.bwe.tools.sim.SimPacket},
 *       {@link dev.bwe.tools.sim.RembFeedback}: the receive side's interface, which the pipeline will
 *       implement; {@link dev.bwe.tools.sim.EstimatorReceiver} and {@link dev.bwe.tools.sim.RembThrottle}
 *       implement it with the estimator alone.</li>
 *   <li>{@link dev.bwe.tools.sim.Simulation}, {@link dev.bwe.tools.sim.SimulationConfig},
 *       {@link dev.bwe.tools.sim.SessionConfig}, {@link dev.bwe.tools.sim.Scenarios}: wiring and named setups.</li>
 *   <li>{@link dev.bwe.tools.sim.SimulationResult} with {@link dev.bwe.tools.sim.SessionMetrics},
 *       {@link dev.bwe.tools.sim.TimeSeriesCsv} and {@link dev.bwe.tools.sim.TimeSeriesPlot}: output.</li>
 * </ul>
 *
 * <p>Units are in names: times in ns ({@code arrivalTimeNs}) unless a name says otherwise, rates in bits
 * per second ({@code capacityBps}). Link capacities and rates count IP packets (RTP + UDP + IPv4 headers);
 * targets and estimates count RTP payload, as the estimator and REMB do.
 */
package dev.bwe.tools.sim;
