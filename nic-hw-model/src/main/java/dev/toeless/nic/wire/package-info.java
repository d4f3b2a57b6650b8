/**
 * Wire formats: Ethernet II (one 802.1Q tag), ARP, IPv4, IPv6 with extension headers, TCP with
 * options, UDP, ICMPv4 and ICMPv6 (echo, errors, neighbour discovery), all big-endian.
 *
 * <p>Two levels per header. A {@code ...Header} flyweight ({@link dev.toeless.nic.wire.TcpHeader},
 * {@link dev.toeless.nic.wire.Ipv4Header}...) is a view over an Agrona buffer, re-pointed with
 * {@code wrap(buffer, offset, length)}, with getters and setters per field and the layout in its
 * Javadoc: the hot path (NIC pipelines, TSO, the stack's fast path) uses these and allocates
 * nothing. A {@code ...Repr} record is the validated value for control paths and tests:
 * {@code parse} returns a {@link dev.toeless.nic.wire.Parsed} (a status, never an exception, for
 * any bytes), {@code emit} writes it back, {@code bufferLength} says how much room it needs.
 * {@link dev.toeless.nic.wire.FrameParser} parses a whole frame into a reusable
 * {@link dev.toeless.nic.wire.ParsedFrame}; {@link dev.toeless.nic.wire.TransportChecksum}
 * verifies and fills pseudo-header checksums; {@link dev.toeless.nic.wire.Frames} builds whole
 * frames from values.
 *
 * <p>Address representations, used the same way everywhere:
 * <ul>
 *   <li>MAC: a {@code long} holding the 48 bits, first octet most significant ({@link dev.toeless.nic.wire.MacAddress});</li>
 *   <li>IPv4: an {@code int} in network order ({@link dev.toeless.nic.wire.Ipv4Address});</li>
 *   <li>IPv6: two {@code long}s (bytes 0..7, 8..15); on hot paths as separate high/low accessors,
 *       as a value the record {@link dev.toeless.nic.wire.Ipv6Address}. Where one key type serves
 *       both families (flow tables, {@link dev.toeless.nic.wire.FlowTuple}) IPv4 is v4-mapped
 *       {@code ::ffff:a.b.c.d};</li>
 *   <li>sequence numbers and other unsigned 32-bit fields: a {@code long} holding the unsigned value.</li>
 * </ul>
 */
package dev.toeless.nic.wire;
