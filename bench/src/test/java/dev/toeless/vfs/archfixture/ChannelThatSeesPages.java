package dev.toeless.vfs.archfixture;

import java.nio.channels.FileChannel;

/**
 * Rule fixture: a file channel outside the disk model. DiskDma hands a channel views of page
 * memory, so this class could read payload uncounted.
 */
public abstract class ChannelThatSeesPages extends FileChannel {
    protected ChannelThatSeesPages() {
    }
}
