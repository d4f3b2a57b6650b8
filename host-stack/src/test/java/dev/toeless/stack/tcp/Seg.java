package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment template for scripted conversations: flags always count; every other field counts
 * only when set. Used both to build received segments and to match emitted ones.
 */
final class Seg {
    final int flags;
    Integer seq;
    Integer ack;
    Integer win;
    Integer mss;
    Integer ws;
    Boolean sackOk;
    Integer tsVal;
    Integer tsEcr;
    boolean noTs;
    List<int[]> sack;
    int len;
    boolean lenSet;

    private Seg(int flags) {
        this.flags = flags;
    }

    static Seg seg(int flags) {
        return new Seg(flags);
    }

    static Seg syn() {
        return new Seg(TcpFlags.SYN);
    }

    static Seg synAck() {
        return new Seg(TcpFlags.SYN | TcpFlags.ACK);
    }

    static Seg ack() {
        return new Seg(TcpFlags.ACK);
    }

    static Seg rst() {
        return new Seg(TcpFlags.RST);
    }

    Seg seq(int v) { seq = v; return this; }
    Seg ack(int v) { ack = v; return this; }
    Seg win(int v) { win = v; return this; }
    Seg mss(int v) { mss = v; return this; }
    Seg ws(int v) { ws = v; return this; }
    Seg sackOk() { sackOk = true; return this; }
    Seg ts(int val, int ecr) { tsVal = val; tsEcr = ecr; return this; }
    Seg noTs() { noTs = true; return this; }
    Seg tsEcr(int ecr) { tsEcr = ecr; return this; }
    Seg len(int v) { len = v; lenSet = true; return this; }

    Seg sack(int left, int right) {
        if (sack == null) {
            sack = new ArrayList<>();
        }
        sack.add(new int[] {left, right});
        return this;
    }

    Seg noSack() {
        sack = new ArrayList<>();
        return this;
    }

    /** Mismatch description, or null when {@code s} fits the template. */
    String mismatch(TcpSegment s) {
        final StringBuilder sb = new StringBuilder();
        if (s.flags() != flags) {
            sb.append(" flags ").append(TcpFlags.toString(s.flags())).append(" != ").append(TcpFlags.toString(flags));
        }
        check(sb, "seq", seq, s.seq());
        check(sb, "ack", ack, s.ack());
        check(sb, "win", win, s.windowField());
        check(sb, "mss", mss, s.mssOption());
        check(sb, "ws", ws, s.windowScaleOption());
        if (sackOk != null && sackOk != s.sackPermitted()) {
            sb.append(" sackOk ").append(s.sackPermitted());
        }
        if (tsVal != null && (!s.hasTimestamps() || s.tsVal() != tsVal)) {
            sb.append(" tsVal ").append(s.hasTimestamps() ? SeqNum.unsigned(s.tsVal()) : "none").append(" != ").append(SeqNum.unsigned(tsVal));
        }
        if (tsEcr != null && (!s.hasTimestamps() || s.tsEcr() != tsEcr)) {
            sb.append(" tsEcr ").append(s.hasTimestamps() ? SeqNum.unsigned(s.tsEcr()) : "none").append(" != ").append(SeqNum.unsigned(tsEcr));
        }
        if (noTs && s.hasTimestamps()) {
            sb.append(" has timestamps");
        }
        if (sack != null) {
            boolean same = sack.size() == s.sackBlockCount();
            for (int i = 0; same && i < sack.size(); i++) {
                same = sack.get(i)[0] == s.sackLeft(i) && sack.get(i)[1] == s.sackRight(i);
            }
            if (!same) {
                sb.append(" sack blocks differ");
            }
        }
        if ((lenSet || len == 0) && s.payloadBytes() != len) {
            sb.append(" len ").append(s.payloadBytes()).append(" != ").append(len);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static void check(StringBuilder sb, String name, Integer want, int got) {
        if (want != null && want != got) {
            sb.append(' ').append(name).append(' ').append(SeqNum.unsigned(got)).append(" != ").append(SeqNum.unsigned(want));
        }
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("Seg{").append(TcpFlags.toString(flags));
        if (seq != null) {
            sb.append(" seq=").append(SeqNum.unsigned(seq));
        }
        if (ack != null) {
            sb.append(" ack=").append(SeqNum.unsigned(ack));
        }
        if (win != null) {
            sb.append(" win=").append(win);
        }
        sb.append(" len=").append(len);
        return sb.append('}').toString();
    }
}
