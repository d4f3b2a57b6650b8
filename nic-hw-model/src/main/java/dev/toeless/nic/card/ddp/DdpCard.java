package dev.toeless.nic.card.ddp;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.cost.RegistrationCost;
import dev.toeless.nic.mem.HostMemory;

/**
 * A direct-data-placement card's hardware, as its firmware and the host's driver see it: the
 * region table in its translation memory, the tag checker and the placement DMA. Registration
 * answers with its STag and what it cost the host (virtual time from {@link RegistrationCost}).
 *
 * <p>Ownership: as {@link RegionTable}: a region pins its pages until it is deregistered.
 */
public final class DdpCard {
    private final DdpCardConfig config;
    private final RegionTable table;
    private final TagChecker checker;
    private final PlacementDma placement;
    private long registrationNs;

    public DdpCard(HostMemory memory, DdpCardConfig config) {
        this(memory, memory, config);
    }

    /**
     * A card whose byte streams live in {@code streamMemory} (a TOE card's own memory) while its
     * regions are pages of the host's {@code memory}.
     */
    public DdpCard(HostMemory memory, HostMemory streamMemory, DdpCardConfig config) {
        this.config = config;
        this.table = new RegionTable(memory, new TranslationMemory(config.translationBytes()), config.regionSlots());
        this.checker = new TagChecker(table);
        this.placement = new PlacementDma(memory, streamMemory, checker);
    }

    /** The PCI link the placement DMA's writes into host pages cross. */
    public void bus(DeviceBus bus) {
        placement.bus(bus);
    }

    /**
     * Registers a region (see {@link RegionTable#register}); the answer carries its STag
     * ({@link RegionTable#NO_STAG} when refused) and the host time the call took, which is charged
     * even when the card refuses (the pages were pinned and let go).
     */
    public Registration register(int[] pfns, int pageCount, int firstPageOffset, long lengthBytes, long baseTo,
                                 int accessRights, int protectionDomain) {
        final int stag = table.register(pfns, pageCount, firstPageOffset, lengthBytes, baseTo, accessRights,
            protectionDomain);
        final long ns = config.registrationCost().ns(Math.max(0, pageCount));
        registrationNs += ns;
        return new Registration(stag, pageCount, ns);
    }

    public boolean invalidate(int stag, int protectionDomain) {
        return table.invalidate(stag, protectionDomain);
    }

    public boolean deregister(int stag) {
        return table.deregister(stag);
    }

    public RegionTable table() {
        return table;
    }

    public TagChecker checker() {
        return checker;
    }

    public PlacementDma placement() {
        return placement;
    }

    public TranslationMemory translation() {
        return table.translation();
    }

    public DdpCardConfig config() {
        return config;
    }

    /** Host time all registrations so far cost, in virtual nanoseconds. */
    public long registrationNs() {
        return registrationNs;
    }

    /**
     * One registration's answer.
     *
     * @param stag    the region's STag, or {@link RegionTable#NO_STAG} when refused
     * @param pages   pages pinned
     * @param costNs  host time the call took
     */
    public record Registration(int stag, int pages, long costNs) {
        public boolean ok() {
            return stag != RegionTable.NO_STAG;
        }
    }
}
