/**
 * {@code toeless debate}: the ten claims of the 2003-2004 TOE argument ({@code EXPERIMENTS.md},
 * C1..C10) as experiments on the model, each with a verdict that follows from its figures by a
 * rule written here, a chart, and one self-contained HTML report (and the same as JSON).
 *
 * <p>The modes an experiment runs in come from a {@link dev.toeless.bench.debate.ModeRegistry}: the
 * host-TCP modes are there from the start; a mode built later (a TOE, DDP, the card node) joins by
 * registering itself, and until it does a claim that needs it says {@code not measured: needs MODE}.
 */
package dev.toeless.bench.debate;
