/**
 * The deterministic simulator ({@code toeless sim}): seeded two-host runs with link faults,
 * invariant checks after every event and a liveness phase ({@link dev.toeless.bench.sim.Simulator},
 * {@link dev.toeless.bench.sim.SimRun}), and the goodput-versus-loss table
 * ({@link dev.toeless.bench.sim.LossTable}).
 */
package dev.toeless.bench.sim;
