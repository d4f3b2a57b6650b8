/**
 * The receive side's file sink: a TCP stream's payload fragments mapped to file pages, whole aligned
 * pages flipped into the page cache, the rest assembled by counted host CPU copies.
 */
package dev.toeless.vfs.sink;
