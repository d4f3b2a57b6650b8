/**
 * The TOE figures as scenarios that can be rerun: short connections per second of virtual time
 * and host CPU per connection in each mode ({@link dev.toeless.bench.toe.ShortConnections}), and a
 * ramp of concurrent connections against a card's slots under each full-card policy
 * ({@link dev.toeless.bench.toe.CardExhaustion}). Each is a plain Java entry point returning a
 * record; {@code toeless toe} prints them.
 */
package dev.toeless.bench.toe;
