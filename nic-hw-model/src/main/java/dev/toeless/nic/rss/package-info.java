/**
 * Receive Side Scaling: the Toeplitz hash (verified against Microsoft's published suite), the
 * hash types a completion reports, and the 128-entry indirection table that maps a hash to a
 * receive queue.
 */
package dev.toeless.nic.rss;
