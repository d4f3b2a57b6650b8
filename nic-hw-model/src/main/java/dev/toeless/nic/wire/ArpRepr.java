package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** An Ethernet/IPv4 ARP packet as a value: MACs as longs, IPv4 addresses as ints. */
public record ArpRepr(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
    public static ArpRepr request(long senderMac, int senderIp, int targetIp) {
        return new ArpRepr(ArpPacket.OP_REQUEST, senderMac, senderIp, 0, targetIp);
    }

    public static ArpRepr reply(long senderMac, int senderIp, long targetMac, int targetIp) {
        return new ArpRepr(ArpPacket.OP_REPLY, senderMac, senderIp, targetMac, targetIp);
    }

    public int bufferLength() {
        return ArpPacket.LENGTH;
    }

    /** Validates and reads an ARP packet; anything but Ethernet/IPv4 request or reply is BAD_FIELD. */
    public static Parsed<ArpRepr> parse(DirectBuffer buffer, int offset, int length) {
        if (length < ArpPacket.LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final ArpPacket p = new ArpPacket().wrap(buffer, offset, length);
        if (!p.isEthernetIpv4() || (p.operation() != ArpPacket.OP_REQUEST && p.operation() != ArpPacket.OP_REPLY)) {
            return Parsed.error(ParseStatus.BAD_FIELD);
        }
        return Parsed.ok(new ArpRepr(p.operation(), p.senderMac(), p.senderIp(), p.targetMac(), p.targetIp()));
    }

    public int emit(MutableDirectBuffer buffer, int offset) {
        new ArpPacket().wrap(buffer, offset, ArpPacket.LENGTH).fill(operation, senderMac, senderIp, targetMac, targetIp);
        return ArpPacket.LENGTH;
    }

    @Override
    public String toString() {
        return "ArpRepr[" + (operation == ArpPacket.OP_REQUEST ? "request" : operation == ArpPacket.OP_REPLY ? "reply" : "op " + operation)
            + " " + MacAddress.toString(senderMac) + "/" + Ipv4Address.toString(senderIp) + " > "
            + MacAddress.toString(targetMac) + "/" + Ipv4Address.toString(targetIp) + "]";
    }
}
