package dev.toeless.nic.card.ddp;

/**
 * Access rights of a registered region, as bit flags (the verbs' {@code IB_ACCESS_*} in spirit):
 * local read and write for buffers the host posts, remote read and write for what a peer may
 * reach by STag. A check asks for a set of rights; the region must hold all of them.
 */
public final class AccessRights {
    public static final int LOCAL_READ = 1;
    public static final int LOCAL_WRITE = 2;
    public static final int REMOTE_READ = 4;
    public static final int REMOTE_WRITE = 8;
    /** Every right. */
    public static final int ALL = LOCAL_READ | LOCAL_WRITE | REMOTE_READ | REMOTE_WRITE;

    private AccessRights() {
    }

    /** True when {@code held} grants every right in {@code wanted}. */
    public static boolean grants(int held, int wanted) {
        return (held & wanted) == wanted;
    }

    /** True when {@code rights} uses only defined bits. */
    public static boolean isValid(int rights) {
        return (rights & ~ALL) == 0;
    }

    /** A short text such as {@code "local-write|remote-write"}, or {@code "none"}. */
    public static String describe(int rights) {
        final StringBuilder sb = new StringBuilder();
        append(sb, rights, LOCAL_READ, "local-read");
        append(sb, rights, LOCAL_WRITE, "local-write");
        append(sb, rights, REMOTE_READ, "remote-read");
        append(sb, rights, REMOTE_WRITE, "remote-write");
        return sb.isEmpty() ? "none" : sb.toString();
    }

    private static void append(StringBuilder sb, int rights, int bit, String name) {
        if ((rights & bit) != 0) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
