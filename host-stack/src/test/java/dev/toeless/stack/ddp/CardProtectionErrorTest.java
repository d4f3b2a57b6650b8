package dev.toeless.stack.ddp;

/**
 * Every scripted remote protection error of {@link ProtectionErrorTest}, with b's end on a TOE
 * card: the connection runs on the card's TCP, the stream in the card's firmware (polled by the
 * card, not the test), and the card's own tag checker refuses the segment, counts it, places
 * nothing in b's pages and terminates the stream.
 */
class CardProtectionErrorTest extends ProtectionErrorTest {
    @Override
    DdpPair pair(long seed) {
        return DdpPair.onCard(seed);
    }
}
