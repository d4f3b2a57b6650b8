package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;

/**
 * A test of scripted conversations with one connection: its host memory, the script {@code t} (made
 * by the test class, or by each test), and at the end the script's own checks and a page-leak check
 * of the memory.
 */
@ExtendWith(PageLeakCheck.class)
abstract class ScriptedConversation {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    /** The first sequence numbers of data after each side's SYN. */
    static final int L = LOCAL_ISS + 1;
    static final int R = REMOTE_ISS + 1;

    final HostMemory memory;
    TcpScript t;

    ScriptedConversation(int memoryPages) {
        this.memory = new HostMemory(memoryPages);
    }

    @AfterEach
    void finishScript() {
        if (t != null) {
            t.finish();
        }
    }
}
