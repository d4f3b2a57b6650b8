/**
 * Receive page accumulation, the NIC feature at the heart of the stateless-offload argument: a
 * bounded {@link dev.toeless.accum.FlowCache} of soft per-flow state and the
 * {@link dev.toeless.accum.PageAccumulator} that appends in-order payload of a flow into the same
 * host page, so file pages arrive whole (and, with an alignment hint, aligned) without the host
 * CPU touching a byte. Losing any of this state changes counters and page fill, never bytes.
 */
package dev.toeless.accum;
