package dev.toeless.stack.cardnode;

import dev.toeless.stack.netdev.PciIpDevice;
import dev.toeless.nic.cost.PciConfig;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.cc.CongestionControls;

/**
 * What one {@link CardNode} is built from.
 *
 * @param name             for logs and random-stream names
 * @param wireMac          the card's wire port's MAC address
 * @param wireIpv4         the card's own address on the wire
 * @param wirePrefixLength the wire's on-link prefix
 * @param wireMtuBytes     the wire's MTU
 * @param cardPciIpv4      the card's address on the PCI link
 * @param hostPciIpv4      the host's address on the PCI link
 * @param memoryPages      the card's memory in 4 KiB pages
 * @param rxPoolPages      pages each of the card's two devices may hold for receiving
 * @param sendPoolPages    pages the card's copying writes may hold
 * @param wireTcp          the card's connections on the wire
 * @param pciTcp           connections over the PCI link, the card's and the host's: an MSS of whole pages
 * @param pci              the PCI link's generation and width
 */
public record CardNodeConfig(String name, long wireMac, int wireIpv4, int wirePrefixLength, int wireMtuBytes,
                             int cardPciIpv4, int hostPciIpv4, int memoryPages, int rxPoolPages, int sendPoolPages,
                             TcpConfig wireTcp, TcpConfig pciTcp, PciConfig pci) {
    /** The PCI link's prefix: a point-to-point /30. */
    public static final int PCI_PREFIX_LENGTH = 30;
    /**
     * The MSS over the PCI link: 15 whole pages (61,440 bytes), the most whole pages a 64 KiB IP
     * packet carries with its 40 to 60 bytes of headers, so full segments keep page boundaries.
     */
    public static final int PCI_MSS_BYTES = 15 * 4096;
    /** Made-up link addresses of the PCI link's two ends (the link itself has none). */
    public static final long CARD_PCI_MAC = 0x02_00_00_00_FC_01L;
    public static final long HOST_PCI_MAC = 0x02_00_00_00_FC_02L;

    public CardNodeConfig {
        if (memoryPages < 2 * rxPoolPages + sendPoolPages) {
            throw new IllegalArgumentException("pools larger than the card's memory");
        }
    }

    /**
     * A card on a 1500-byte wire with 64 MiB of memory, PCI addresses 192.168.250.1 (card) and
     * .2 (host), default TCP on the wire and {@link #PCI_MSS_BYTES} over PCI, a Gen4 x16 link.
     */
    public static CardNodeConfig of(String name, long wireMac, int wireIpv4) {
        return new CardNodeConfig(name, wireMac, wireIpv4, 24, 1500, Ipv4Address.parse("192.168.250.1"),
            Ipv4Address.parse("192.168.250.2"), 16_384, 4_096, 4_096,
            TcpConfig.builder().mssBytes(1460).congestionControl(() -> CongestionControls.create("cubic")).build(),
            pciTcp(TcpConfig.builder().build().sendBufferBytes()), PciConfig.defaults());
    }

    /** TCP over the PCI link with {@code bufferBytes} of send and receive buffer. */
    public static TcpConfig pciTcp(int bufferBytes) {
        return TcpConfig.builder().mssBytes(PCI_MSS_BYTES).congestionControl(() -> CongestionControls.create("cubic"))
            .sendBufferBytes(bufferBytes).receiveBufferBytes(bufferBytes).build();
    }

    public CardNodeConfig withWireTcp(TcpConfig config) {
        return new CardNodeConfig(name, wireMac, wireIpv4, wirePrefixLength, wireMtuBytes, cardPciIpv4, hostPciIpv4,
            memoryPages, rxPoolPages, sendPoolPages, config, pciTcp, pci);
    }

    public CardNodeConfig withPciTcp(TcpConfig config) {
        return new CardNodeConfig(name, wireMac, wireIpv4, wirePrefixLength, wireMtuBytes, cardPciIpv4, hostPciIpv4,
            memoryPages, rxPoolPages, sendPoolPages, wireTcp, config, pci);
    }

    public CardNodeConfig withWireMtu(int bytes) {
        return new CardNodeConfig(name, wireMac, wireIpv4, wirePrefixLength, bytes, cardPciIpv4, hostPciIpv4,
            memoryPages, rxPoolPages, sendPoolPages, wireTcp, pciTcp, pci);
    }

    public CardNodeConfig withPci(PciConfig config) {
        return new CardNodeConfig(name, wireMac, wireIpv4, wirePrefixLength, wireMtuBytes, cardPciIpv4, hostPciIpv4,
            memoryPages, rxPoolPages, sendPoolPages, wireTcp, pciTcp, config);
    }

    /**
     * The config of the host behind this card: its address on the PCI link, the link's 64 KiB MTU,
     * TCP with the PCI MSS (its connections to the wire learn the wire's MSS from the peer).
     */
    public HostConfig hostConfig(String hostName) {
        return HostConfig.of(hostName, HOST_PCI_MAC, hostPciIpv4, null)
            .withMtu(PciIpDevice.MTU_BYTES).withTcp(pciTcp);
    }
}
