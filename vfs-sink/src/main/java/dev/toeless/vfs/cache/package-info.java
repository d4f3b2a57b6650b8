/** The page cache: a file's dirty pages by page index, bounded by a dirty limit that drives backpressure. */
package dev.toeless.vfs.cache;
