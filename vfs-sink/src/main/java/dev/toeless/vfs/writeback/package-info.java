/** The modeled disk: writeback of dirty pages from page memory to a part file ({@code NAME.PID.N.part}), fsync, verify, rename. */
package dev.toeless.vfs.writeback;
