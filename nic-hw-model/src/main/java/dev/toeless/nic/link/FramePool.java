package dev.toeless.nic.link;

import java.util.ArrayDeque;

/**
 * Free list of {@link WireFrame}s. It grows to the most frames ever queued and in flight at once
 * and then stops allocating; buffers keep the largest size they were grown to.
 */
final class FramePool {
    private final ArrayDeque<WireFrame> free = new ArrayDeque<>();
    private long created;

    WireFrame take(LinkDirection direction) {
        WireFrame frame = free.pollLast();
        if (frame == null) {
            frame = new WireFrame();
            created++;
        }
        frame.direction = direction;
        return frame;
    }

    void recycle(WireFrame frame) {
        frame.direction = null;
        frame.length = 0;
        free.addLast(frame);
    }

    /** Frames ever allocated; flat in steady state. */
    long created() {
        return created;
    }

    int free() {
        return free.size();
    }
}
