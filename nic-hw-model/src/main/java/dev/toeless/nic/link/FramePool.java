package dev.toeless.nic.link;

import java.util.Arrays;

/**
 * Free list of one {@link LinkDirection}'s {@link WireFrame}s. It grows to the most frames ever
 * queued and in flight at once and then stops allocating; buffers keep the largest size they were
 * grown to. Frames are numbered and the free list holds numbers, so taking and returning a frame
 * stores no reference.
 */
final class FramePool {
    private WireFrame[] frames = new WireFrame[16];
    private int[] free = new int[16];
    private int freeCount;
    private int created;

    WireFrame take() {
        if (freeCount > 0) {
            return frames[free[--freeCount]];
        }
        if (created == frames.length) {
            frames = Arrays.copyOf(frames, 2 * created);
            free = Arrays.copyOf(free, 2 * created);
        }
        final WireFrame frame = new WireFrame(created);
        frames[created++] = frame;
        return frame;
    }

    /** Frame number {@code index}. */
    WireFrame frame(int index) {
        return frames[index];
    }

    void recycle(WireFrame frame) {
        frame.length = 0;
        free[freeCount++] = frame.index;
    }

    /** Frames ever allocated; flat in steady state. */
    long created() {
        return created;
    }

    int free() {
        return freeCount;
    }
}
