package dev.toeless.vfs.archfixture;

import dev.toeless.stack.tcp.seq.SeqNum;

/** Rule fixture: the file sink depending on the TCP stack, against the module map. */
public final class AsksTheStack {
    private AsksTheStack() {
    }

    public static boolean before(int a, int b) {
        return SeqNum.lt(a, b);
    }
}
