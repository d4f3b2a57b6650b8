/**
 * The one place where wall time meets the model: the real-time bridge that joins a simulated host
 * to a real kernel through a TAP device and moves the host's virtual clock along with the wall
 * clock. Everything else in the stack sees only the time it is handed (ARCHITECTURE.md invariant 4;
 * the ArchUnit rule "no wall clock in model code" names this package as its one exception).
 */
package dev.toeless.stack.realtime;
