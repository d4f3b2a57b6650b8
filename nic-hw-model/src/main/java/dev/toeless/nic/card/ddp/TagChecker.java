package dev.toeless.nic.card.ddp;

/**
 * The card's check of a tagged segment against the region table, before any byte of it moves.
 * The order is that of Linux's {@code siw} ({@code siw_check_mem}, after {@code siw_mem_id2obj}
 * and the key compare), which RFC 5041 section 7 leaves to the implementation:
 *
 * <ol>
 *   <li>the STag names a registered region (index in use, key matching) that is valid, else
 *       {@link ProtectionError#INVALID_STAG};</li>
 *   <li>the region's protection domain is the stream's, else {@link ProtectionError#STAG_NOT_ASSOCIATED};</li>
 *   <li>the region grants the rights asked for, else {@link ProtectionError#ACCESS_RIGHTS};</li>
 *   <li>{@code [to, to + length)} lies in {@code [base, base + length)} with no 64-bit wrap of the
 *       end, else {@link ProtectionError#BASE_OR_BOUNDS}.</li>
 * </ol>
 *
 * Tagged offsets are unsigned 64-bit numbers, as on the wire. Every answer is counted.
 */
public final class TagChecker {
    private final RegionTable table;
    private final long[] outcomes = new long[ProtectionError.values().length];
    private int lastIndex;

    public TagChecker(RegionTable table) {
        this.table = table;
    }

    /**
     * Checks that the stream of protection domain {@code pd} may use {@code wantedRights} on
     * {@code lengthBytes} bytes at tagged offset {@code to} of the region {@code stag} names.
     */
    public ProtectionError check(int stag, int pd, int wantedRights, long to, long lengthBytes) {
        final ProtectionError e = evaluate(stag, pd, wantedRights, to, lengthBytes);
        outcomes[e.ordinal()]++;
        return e;
    }

    private ProtectionError evaluate(int stag, int pd, int wantedRights, long to, long lengthBytes) {
        final int index = table.liveIndex(stag);
        lastIndex = 0;
        if (index == 0 || !table.valid(index)) {
            return ProtectionError.INVALID_STAG;
        }
        if (table.pd(index) != pd) {
            return ProtectionError.STAG_NOT_ASSOCIATED;
        }
        if (!AccessRights.grants(table.rights(index), wantedRights)) {
            return ProtectionError.ACCESS_RIGHTS;
        }
        final long end = to + lengthBytes;
        if (lengthBytes < 0 || Long.compareUnsigned(end, to) < 0) {
            return ProtectionError.BASE_OR_BOUNDS; // the end wraps past 2^64
        }
        final long base = table.base(index);
        if (Long.compareUnsigned(to, base) < 0 || Long.compareUnsigned(end, base + table.length(index)) > 0) {
            return ProtectionError.BASE_OR_BOUNDS;
        }
        lastIndex = index;
        return ProtectionError.NONE;
    }

    /** The slot of the region the last check passed, 0 when it failed. */
    int lastIndex() {
        return lastIndex;
    }

    /** How many checks ended with {@code outcome}. */
    public long count(ProtectionError outcome) {
        return outcomes[outcome.ordinal()];
    }

    public RegionTable table() {
        return table;
    }
}
