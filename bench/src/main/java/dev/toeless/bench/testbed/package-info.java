/**
 * One way to build what a bench scenario runs on: a virtual clock, one seeded random source, a wire, and the
 * two hosts at its ends ({@link dev.toeless.bench.testbed.Testbed}). The demo's transfers, the debate's
 * runs, the loss table, the TOE benchmarks and the JMH host benchmarks all start from it, so that a host's
 * addresses, its place on the link and the order in which the random source is drawn from are written once.
 */
package dev.toeless.bench.testbed;
