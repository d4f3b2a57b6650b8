/**
 * Direct data placement in the shape of iWARP, as the firmware of a DDP card runs it over any TCP
 * byte stream of our engine: MPA framing (RFC 5044: start frames that negotiate markers off and
 * CRC on, FPDUs with length, pad and CRC32c), DDP tagged and untagged segments (RFC 5041) and
 * RDMAP WRITE, SEND and TERMINATE (RFC 5040). Tagged WRITEs are checked by the card's tag checker
 * and placed by its DMA straight into registered host pages; untagged SENDs go into buffers the
 * host posted. The hardware (region table, tag checker, placement DMA, translation memory) is
 * {@code dev.toeless.nic.card.ddp}.
 *
 * <p>Zero touch: this code never reads a payload byte. It reads the protocol's own headers out of
 * the stream through {@code CpuTouch.copyHeader} (counted as header bytes), and payload moves only
 * by the card's DMA; a SEND's bytes reach the application through {@code CpuTouch} copies, counted.
 */
package dev.toeless.stack.ddp;
