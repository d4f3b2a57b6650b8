package dev.toeless.tso;

import dev.toeless.nic.mem.FragList;

/**
 * What a TSO/GSO transmit descriptor says about one TCP super-segment: where the IP and TCP
 * headers sit in the header template, the segment size, and the payload as page fragments in
 * host memory. Reused from descriptor to descriptor; the fragments are borrowed (the driver keeps
 * the page references until the transmit completion).
 */
public final class SuperSegment {
    /** Linux's GSO_MAX_SIZE: headers plus payload of one super-segment. */
    public static final int MAX_BYTES = 65_536;

    private int l3Offset;
    private int l4Offset;
    private int headerLength;
    private boolean ipv6;
    private int gsoSizeBytes;
    private boolean fixedIpId;
    private final FragList payload = new FragList(20);

    /** Sets the header layout; clears the payload. */
    public SuperSegment set(int l3Offset, int l4Offset, int headerLength, boolean ipv6, int gsoSizeBytes) {
        this.l3Offset = l3Offset;
        this.l4Offset = l4Offset;
        this.headerLength = headerLength;
        this.ipv6 = ipv6;
        this.gsoSizeBytes = gsoSizeBytes;
        this.fixedIpId = false;
        payload.clear();
        return this;
    }

    /** Keep the IPv4 ID of the template on every segment (Linux SKB_GSO_TCP_FIXEDID). */
    public SuperSegment fixedIpId(boolean fixed) {
        this.fixedIpId = fixed;
        return this;
    }

    public FragList payload() {
        return payload;
    }

    public int l3Offset() {
        return l3Offset;
    }

    public int l4Offset() {
        return l4Offset;
    }

    public int headerLength() {
        return headerLength;
    }

    public boolean ipv6() {
        return ipv6;
    }

    public int gsoSizeBytes() {
        return gsoSizeBytes;
    }

    public boolean fixedIpId() {
        return fixedIpId;
    }

    public long payloadBytes() {
        return payload.totalBytes();
    }

    /** How many wire segments this super-segment becomes. */
    public int segmentCount() {
        final long bytes = payload.totalBytes();
        return bytes == 0 ? 1 : (int) ((bytes + gsoSizeBytes - 1) / gsoSizeBytes);
    }
}
