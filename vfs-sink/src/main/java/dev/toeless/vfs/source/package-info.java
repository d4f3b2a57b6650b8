/** The send side's file: pages read by disk DMA and handed out by reference for zero-copy send. */
package dev.toeless.vfs.source;
