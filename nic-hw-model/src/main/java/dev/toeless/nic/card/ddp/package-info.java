/**
 * The hardware of a direct-data-placement card (an iWARP RNIC in the shape of RFC 5040/5041): the
 * registered-region table with its steering tags, base, bounds, access rights and protection
 * domains; the tag checker that vets every tagged segment before a byte moves; the card memory its
 * translation entries (one per pinned page) take; and the card's DMA that places checked segments
 * into host pages and computes MPA's CRC32c as it reads. The protocol (MPA framing, DDP and RDMAP
 * headers, TERMINATE) runs in the card's firmware, {@code dev.toeless.stack.ddp}: this package
 * holds only what a card's silicon and memory fix.
 *
 * <p>The card's DMA is the card's access to host memory, not the host CPU's: bytes it moves are
 * counted as DMA, never in the host's touch ledger, and it writes only into registered regions
 * after the tag check says yes.
 */
package dev.toeless.nic.card.ddp;
