/** Disks that are not plain files: injected faults (EIO, ENOSPC, failing fsync) and generated content. */
package dev.toeless.vfs.disk;
