/** The modeled disk: writeback of dirty pages from page memory to {@code NAME.part}, fsync, verify, rename. */
package dev.toeless.vfs.writeback;
