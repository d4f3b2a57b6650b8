/** The file side's counters under their report names. */
package dev.toeless.vfs.stats;
